// Signing in to the web pages (auditor and admin tokens only):
//   GET  /                      303 to /ui/
//   GET  /ui/login[?next=&code=] the sign-in form; with a one-time code, signs in and goes to next
//   POST /ui/login {token,next}  signs in with the token and goes to next
//   POST /ui/logout {csrf}       ends the session
//   POST /api/v1/web-logins      (bearer auditor/admin) 201 {code, url, expires_in_s}: a one-time
//                                sign-in link for the same token, for printed links and
//                                headless browsers
// The session cookie is HttpOnly and SameSite=Strict; `next` must be a path under /ui/.
#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_scope.h"
#include "server/http/routes.h"
#include "server/http/web_auth.h"
#include "server/service/tokens.h"

namespace stampline::server {

namespace {

using web::esc;
using web::wt;

// Where to go after signing in: a path under /ui/ of this server, or /ui/.
std::string safe_next(const std::string& next) {
    if (next.rfind("/ui/", 0) != 0 || next.find("//") != std::string::npos ||
        next.find('\\') != std::string::npos || next.size() > 1024)
        return "/ui/";
    for (char c : next)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return "/ui/";
    return next;
}

void set_session_cookie(HttpResponse& res, const std::string& id) {
    res.set_header("Set-Cookie",
                   std::string(kSessionCookie) + "=" + id + "; Path=/; HttpOnly; SameSite=Strict");
}

void send_login_form(HttpResponse& res, int status, web::WebLang lang, const std::string& next,
                     std::string_view problem) {
    web::PageFrame f;
    f.lang = lang;
    f.title = wt(lang, "login.title");
    f.self_path = "/ui/login?next=" + web::url_component(next);
    std::string body;
    if (!problem.empty()) body += "<p class=\"error\">" + esc(problem) + "</p>";
    body +=
        "<form class=\"box\" method=\"post\" action=\"/ui/login\">"
        "<label for=\"token\">" +
        esc(wt(lang, "login.token")) +
        "</label>"
        "<input type=\"password\" id=\"token\" name=\"token\" size=\"60\" "
        "autocomplete=\"off\" required autofocus>"
        "<input type=\"hidden\" name=\"next\" value=\"" +
        esc(next) +
        "\">"
        "<input type=\"hidden\" name=\"lang\" value=\"" +
        web::web_lang_code(lang) +
        "\">"
        "<p class=\"muted\">" +
        esc(wt(lang, "login.hint")) +
        "</p>"
        "<button type=\"submit\">" +
        esc(wt(lang, "login.submit")) + "</button></form>";
    send_html(res, status, web::html_page(f, body));
}

void get_root(ApiContext&, const HttpRequest&, HttpResponse& res) {
    redirect(res, "/ui/");
}

void get_login(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    const web::WebLang lang = guest_lang(req, ctx);
    const std::string next = safe_next(req.get_param_value("next"));
    if (!req.has_param("code")) return send_login_form(res, 200, lang, next, "");
    std::optional<web::WebSession> s =
        ctx.sessions.redeem_login_code(req.get_param_value("code"), lang);
    if (!s) return send_login_form(res, 401, lang, next, wt(lang, "login.code_invalid"));
    current_request().token = s->token_id;
    set_session_cookie(res, s->id);
    redirect(res, next);
}

void post_login(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    const web::WebLang lang = guest_lang(req, ctx);
    if (!same_origin(req, res, lang)) return;
    const std::string next = safe_next(req.get_param_value("next"));
    const std::string secret = req.get_param_value("token");
    Result<std::optional<TokenRecord>> token = authenticate(ctx.store, secret);
    if (!token) return send_page_error(res, 503, lang, token.error().message());
    if (!token->has_value())
        return send_login_form(res, 401, lang, next, wt(lang, "login.token_invalid"));
    if ((*token)->role == Role::Terminal)
        return send_login_form(res, 403, lang, next, wt(lang, "login.terminal_refused"));
    const web::WebSession s = ctx.sessions.open(**token, token_secret_hash(secret), lang);
    current_request().token = s.token_id;
    set_session_cookie(res, s.id);
    redirect(res, next);
}

void post_logout(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<WebUser> user = form_user(req, res, ctx);
    if (!user) return;
    ctx.sessions.close(user->session.id);
    res.set_header("Set-Cookie",
                   std::string(kSessionCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    redirect(res, "/ui/login");
}

void post_web_login(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    std::optional<TokenRecord> token =
        authorize(req, res, ctx, {Role::Auditor, Role::Admin, Role::Service});
    if (!token) return;
    // authorize() accepted the bearer header, so it holds the secret.
    const std::string header = req.get_header_value("Authorization");
    std::string_view secret = std::string_view(header).substr(7);
    while (!secret.empty() && secret.front() == ' ') secret.remove_prefix(1);
    const std::string code = ctx.sessions.issue_login_code(*token, token_secret_hash(secret));
    send_json(res, 201,
              {{"code", code},
               {"url", "/ui/login?code=" + code},
               {"expires_in_s", web::WebSessions::kLoginCodeMs / 1000}});
}

}  // namespace

void add_web_login_routes(Router& router, ApiContext& ctx) {
    router.get("/", "/", with_context(ctx, get_root));
    router.get("/ui/login", "/ui/login", with_context(ctx, get_login));
    router.post("/ui/login", "/ui/login", with_context(ctx, post_login));
    router.post("/ui/logout", "/ui/logout", with_context(ctx, post_logout));
    router.post("/api/v1/web-logins", "/api/v1/web-logins", with_context(ctx, post_web_login));
}

}  // namespace stampline::server
