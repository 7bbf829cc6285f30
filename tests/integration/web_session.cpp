#include "integration/web_session.h"

#include <regex>

#include "server/web/html.h"

namespace stampline::itest {

namespace {

std::string form_encode(const std::multimap<std::string, std::string>& fields) {
    auto enc = [](const std::string& v) { return server::web::url_component(v); };
    std::string body;
    for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + enc(k) + "=" + enc(v);
    return body;
}

}  // namespace

void WebSession::take_cookie(const Reply& reply) {
    const std::string set = reply.header("Set-Cookie");
    const std::string prefix = "stampline_session=";
    if (set.rfind(prefix, 0) != 0) return;
    cookie_ = set.substr(0, set.find(';'));
    if (cookie_ == prefix) cookie_.clear();
}

Reply WebSession::sign_in_with_link(const std::string& token, const std::string& next) {
    Reply link = server_.api().post("/api/v1/web-logins", nlohmann::json::object(), token);
    if (link.status != 201) return link;
    Reply r = server_.api().get(link.json["url"].get<std::string>() + "&next=" + next);
    take_cookie(r);
    return r;
}

Reply WebSession::sign_in_with_form(const std::string& token) {
    Reply r = server_.api().raw("POST", "/ui/login", form_encode({{"token", token}}),
                                "application/x-www-form-urlencoded", {});
    take_cookie(r);
    return r;
}

Reply WebSession::get(const std::string& path, const httplib::Headers& extra) {
    httplib::Headers h = extra;
    if (!cookie_.empty()) h.emplace("Cookie", cookie_);
    Reply r = server_.api().raw("GET", path, "", "", h);
    std::smatch m;
    static const std::regex csrf(R"re(name="csrf" value="([^"]+)")re");
    if (std::regex_search(r.body, m, csrf)) csrf_ = m[1];
    take_cookie(r);
    return r;
}

Reply WebSession::post(const std::string& path, std::multimap<std::string, std::string> fields,
                       const httplib::Headers& extra) {
    if (fields.find("csrf") == fields.end()) fields.emplace("csrf", csrf_);
    httplib::Headers h = extra;
    if (!cookie_.empty()) h.emplace("Cookie", cookie_);
    Reply r = server_.api().raw("POST", path, form_encode(fields),
                                "application/x-www-form-urlencoded", h);
    take_cookie(r);
    return r;
}

std::string page_text(const std::string& html) {
    std::string text = std::regex_replace(html, std::regex(R"(<style>[\s\S]*?</style>)"), " ");
    text = std::regex_replace(text, std::regex("<[^>]*>"), " ");
    for (auto [from, to] : {std::pair{"&lt;", "<"},
                            {"&gt;", ">"},
                            {"&quot;", "\""},
                            {"&#39;", "'"},
                            {"&amp;", "&"}}) {
        for (std::size_t p = text.find(from); p != std::string::npos; p = text.find(from, p + 1))
            text.replace(p, std::strlen(from), to);
    }
    return std::regex_replace(text, std::regex(R"(\s+)"), " ");
}

}  // namespace stampline::itest
