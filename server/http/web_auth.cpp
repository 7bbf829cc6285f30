#include "server/http/web_auth.h"

#include <algorithm>

#include "server/http/auth.h"
#include "server/http/request_scope.h"

namespace stampline::server {

web::WebLang guest_lang(const HttpRequest& req, const ApiContext& ctx) {
    web::WebLang lang = web::WebLang::Ru;
    web::parse_web_lang(ctx.plant.default_language, &lang);
    web::parse_web_lang(req.get_param_value("lang"), &lang);
    return lang;
}

std::optional<WebUser> session_user(const HttpRequest& req, ApiContext& ctx) {
    const std::string id = web::cookie_value(req.get_header_value("Cookie"), kSessionCookie);
    if (id.empty()) return std::nullopt;
    std::optional<web::WebSession> session = ctx.sessions.touch(id);
    if (!session) return std::nullopt;
    Result<std::optional<TokenRecord>> token = ctx.store.token_by_hash(session->token_hash);
    if (!token || !token->has_value() || (*token)->revoked) {
        ctx.sessions.close(id);
        return std::nullopt;
    }
    web::WebLang lang;
    if (req.has_param("lang") && web::parse_web_lang(req.get_param_value("lang"), &lang)) {
        ctx.sessions.set_lang(id, lang);
        session->lang = lang;
    }
    current_request().token = (*token)->id;
    return WebUser{*session, **token, !ctx.group.empty()};
}

namespace {

bool may(const WebUser& user, std::initializer_list<Role> roles) {
    return std::find(roles.begin(), roles.end(), user.token.role) != roles.end();
}

}  // namespace

std::optional<WebUser> page_user(const HttpRequest& req, HttpResponse& res, ApiContext& ctx,
                                 std::initializer_list<Role> roles) {
    if (req.has_header("Authorization")) {
        // A script reading pages with its token: read-only (no session, so no form posts).
        std::optional<TokenRecord> token = authorize(req, res, ctx, roles);
        if (!token) return std::nullopt;
        WebUser user;
        user.token = *token;
        user.session.role = token->role;
        user.session.lang = guest_lang(req, ctx);
        user.group = !ctx.group.empty();
        return user;
    }
    std::optional<WebUser> user = session_user(req, ctx);
    if (!user) {
        std::string target = req.path;
        if (!req.params.empty()) {
            std::string query;
            for (const auto& [k, v] : req.params)
                query += (query.empty() ? "?" : "&") + web::url_component(k) + "=" +
                         web::url_component(v);
            target += query;
        }
        redirect(res, "/ui/login?next=" + web::url_component(target));
        return std::nullopt;
    }
    if (!may(*user, roles)) {
        send_page_error(res, 403, user->session.lang, web::wt(user->session.lang, "error.role"));
        return std::nullopt;
    }
    return user;
}

bool same_origin(const HttpRequest& req, HttpResponse& res, web::WebLang lang) {
    if (!req.has_header("Origin")) return true;
    const std::string origin = req.get_header_value("Origin");
    const std::string scheme = req.tls ? "https://" : "http://";
    if (origin == scheme + req.get_header_value("Host")) return true;
    send_page_error(res, 403, lang, web::wt(lang, "error.cross_site"));
    return false;
}

std::optional<WebUser> form_user(const HttpRequest& req, HttpResponse& res, ApiContext& ctx,
                                 std::initializer_list<Role> roles) {
    std::optional<WebUser> user = session_user(req, ctx);
    if (!user) {
        send_page_error(res, 403, guest_lang(req, ctx),
                        web::wt(guest_lang(req, ctx), "error.no_session"));
        return std::nullopt;
    }
    const web::WebLang lang = user->session.lang;
    if (!same_origin(req, res, lang)) return std::nullopt;
    if (!web::same_secret(req.get_param_value("csrf"), user->session.csrf)) {
        send_page_error(res, 403, lang, web::wt(lang, "error.csrf"));
        return std::nullopt;
    }
    if (!may(*user, roles)) {
        send_page_error(res, 403, lang, web::wt(lang, "error.role"));
        return std::nullopt;
    }
    return user;
}

web::PageFrame page_frame(const HttpRequest& req, const WebUser& user, std::string title,
                          web::NavItem active) {
    web::PageFrame f;
    f.lang = user.session.lang;
    f.title = std::move(title);
    f.active = active;
    f.self_path = req.target.empty() ? req.path : req.target;
    f.csrf = user.session.csrf;
    f.user = std::string(role_name(user.token.role)) + " " + user.token.id +
             (user.token.label.empty() ? "" : " (" + user.token.label + ")");
    if (user.token.role == Role::Service) f.nav = {web::NavItem::Search, web::NavItem::Complaints};
    f.group_link = user.group;
    return f;
}

void send_html(HttpResponse& res, int status, const std::string& html) {
    res.status = status;
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Frame-Options", "DENY");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Referrer-Policy", "same-origin");
    // No script anywhere; styles and charts are inline.
    res.set_header("Content-Security-Policy",
                   "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                   "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    res.set_content(html, "text/html; charset=utf-8");
}

void send_page_error(HttpResponse& res, int status, web::WebLang lang, std::string_view message) {
    web::PageFrame f;
    f.lang = lang;
    f.title = web::wt(lang, "error.title") + " " + std::to_string(status);
    send_html(
        res, status,
        web::html_page(f, "<p class=\"error\">" + web::esc(message) + "</p><p><a href=\"/ui/\">" +
                              web::esc(web::wt(lang, "nav.search")) + "</a></p>"));
}

nlohmann::json form_json(const HttpRequest& req, std::initializer_list<const char*> lists) {
    nlohmann::json out = nlohmann::json::object();
    for (const char* name : lists) out[name] = nlohmann::json::array();
    for (const auto& [name, raw] : req.params) {
        if (name == "csrf") continue;
        std::string value = raw;
        for (char& c : value)
            if (c == '\r' || c == '\n' || c == '\t') c = ' ';
        bool list = false;
        for (const char* l : lists) list = list || name == l;
        if (list) {
            if (!value.empty()) out[name].push_back(value);
        } else {
            out[name] = value;
        }
    }
    return out;
}

void redirect(HttpResponse& res, const std::string& location) {
    res.status = 303;
    res.set_header("Location", location);
    res.set_header("Cache-Control", "no-store");
}

}  // namespace stampline::server
