// The web pages about units (auditor, admin, service; a browser session, see web_auth.h):
//   GET /ui/                           search by serial, and where to go next
//   GET /ui/units?serial=S             303 to the unit's page
//   GET /ui/units/{serial}             the unit's trail
//   GET /ui/units/{serial}/trail.csv   its events as CSV
#include "server/http/json_errors.h"
#include "server/http/routes.h"
#include "server/http/unit_trail.h"
#include "server/http/web_auth.h"
#include "server/web/trail_page.h"

namespace stampline::server {

namespace {

using web::esc;
using web::wt;

std::string search_form(web::WebLang lang, std::string_view serial) {
    return "<form class=\"filters\" method=\"get\" action=\"/ui/units\"><label>" +
           esc(wt(lang, "search.serial")) +
           "<input type=\"search\" name=\"serial\" size=\"24\" autofocus required value=\"" +
           esc(serial) + "\"></label><button type=\"submit\">" + esc(wt(lang, "search.find")) +
           "</button></form>";
}

void get_home(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx, kUnitPageRoles);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    std::string body = search_form(lang, "");
    body += "<p class=\"muted\">" + esc(wt(lang, "search.hint")) + "</p>";
    send_html(res, 200,
              web::html_page(page_frame(req, *user, wt(lang, "search.title"), web::NavItem::Search),
                             body));
}

void get_search(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx, kUnitPageRoles);
    if (!user) return;
    std::string serial = req.get_param_value("serial");
    while (!serial.empty() && serial.back() == ' ') serial.pop_back();
    while (!serial.empty() && serial.front() == ' ') serial.erase(0, 1);
    redirect(res, "/ui/units/" + web::url_component(serial));
}

void get_unit(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx, kUnitPageRoles);
    if (!user) return;
    const web::WebLang lang = user->session.lang;
    const std::string serial = req.matches[1].str();
    ApiError error;
    std::optional<nlohmann::json> trail = unit_trail_json(ctx, serial, &error);
    web::PageFrame frame =
        page_frame(req, *user, wt(lang, "trail.title") + " " + serial, web::NavItem::Search);
    if (!trail) {
        std::string body =
            search_form(lang, serial) + "<p class=\"error\">" +
            esc(error.http_status == 404 ? wt(lang, "trail.not_found") : error.message) + "</p>";
        return send_html(res, error.http_status, web::html_page(frame, body));
    }
    send_html(
        res, 200,
        web::html_page(frame, search_form(lang, "") + web::trail_page_body(*trail, ctx.plant, lang,
                                                                           user->session.csrf)));
}

void get_unit_csv(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = page_user(req, res, ctx, kUnitPageRoles);
    if (!user) return;
    ApiError error;
    std::optional<nlohmann::json> trail = unit_trail_json(ctx, req.matches[1].str(), &error);
    if (!trail) return send_page_error(res, error.http_status, user->session.lang, error.message);
    send_csv(res, web::trail_csv(*trail), "trail-" + web::url_component(req.matches[1].str()));
}

}  // namespace

void add_web_unit_pages(Router& router, ApiContext& ctx) {
    router.get("/ui/", "/ui/", with_context(ctx, get_home));
    router.get("/ui/units", "/ui/units", with_context(ctx, get_search));
    router.get(R"(/ui/units/([^/]+)/trail\.csv)", "/ui/units/{serial}/trail.csv",
               with_context(ctx, get_unit_csv));
    router.get(R"(/ui/units/([^/]+))", "/ui/units/{serial}", with_context(ctx, get_unit));
}

}  // namespace stampline::server
