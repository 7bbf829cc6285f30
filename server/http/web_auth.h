// Who is behind a request to the web pages: the browser session named by the session cookie,
// standing for a live auditor or admin token. Pages send a browser without a session to the
// sign-in page; form posts also need the session's CSRF token and, when the browser sends an
// Origin header, this server's origin.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "server/http/api_context.h"
#include "server/http/http_types.h"
#include "server/web/html.h"
#include "server/web/web_sessions.h"

namespace stampline::server {

inline constexpr const char* kSessionCookie = "stampline_session";

struct WebUser {
    web::WebSession session;
    TokenRecord token;
    bool group = false;  // the server shows a head office group (ApiContext::group)
};

// The session of the request's cookie when it is live and its token still is; nullopt
// otherwise. A `lang` query parameter switches the session's language.
std::optional<WebUser> session_user(const HttpRequest& req, ApiContext& ctx);

// The roles of the office pages (analyses, stamps, quarantine, ...): the service department
// sees the units' pages and its complaints only.
inline constexpr std::initializer_list<Role> kOfficeRoles = {Role::Auditor, Role::Admin};
// The units' pages (search, trail) and the complaint pages: the service department too.
inline constexpr std::initializer_list<Role> kUnitPageRoles = {Role::Auditor, Role::Admin,
                                                               Role::Service};

// For pages: the signed-in user; otherwise a 303 to the sign-in page and nullopt. A user whose
// role is not in `roles` gets a 403 page. A request with an Authorization header is judged by
// its bearer token instead, as the API does (401, or 403 for another role), and reads the page
// without a session.
std::optional<WebUser> page_user(const HttpRequest& req, HttpResponse& res, ApiContext& ctx,
                                 std::initializer_list<Role> roles = kOfficeRoles);

// For form posts: as page_user, and the form's csrf field must equal the session's and the
// Origin, when sent, must be this server's; otherwise a 403 page and nullopt.
std::optional<WebUser> form_user(const HttpRequest& req, HttpResponse& res, ApiContext& ctx,
                                 std::initializer_list<Role> roles = kOfficeRoles);

// False (and a 403 page sent) when the request carries an Origin that is not this server's.
bool same_origin(const HttpRequest& req, HttpResponse& res, web::WebLang lang);

// The frame of a page for this user: language, title, navigation, language links, sign-out.
web::PageFrame page_frame(const HttpRequest& req, const WebUser& user, std::string title,
                          web::NavItem active);

void send_html(HttpResponse& res, int status, const std::string& html);
// A whole page that says what went wrong, with the HTTP status.
void send_page_error(HttpResponse& res, int status, web::WebLang lang, std::string_view message);
void redirect(HttpResponse& res, const std::string& location);

// A posted form as a JSON object for FieldReader: each field a string (line breaks and tabs
// of text areas made spaces), the fields named in `lists` arrays of every value given; the
// csrf field left out.
nlohmann::json form_json(const HttpRequest& req, std::initializer_list<const char*> lists);

// The language a browser without a session sees: ?lang= when given, else the plant's default.
web::WebLang guest_lang(const HttpRequest& req, const ApiContext& ctx);

}  // namespace stampline::server
