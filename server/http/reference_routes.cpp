// GET /api/v1/reference (terminal, auditor, admin): what a terminal caches to work offline, the
// plant configuration and the stamp list, with ETag = the SHA-256 of the body. A request whose
// If-None-Match holds that tag gets 304 and no body.
#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "shared/event_json.h"
#include "shared/sha256.h"

namespace stampline::server {

using nlohmann::json;

namespace {

// True when the If-None-Match header (a list of tags, weak or strong, or *) names etag.
bool matches_etag(std::string_view header, std::string_view etag) {
    while (!header.empty()) {
        const auto comma = header.find(',');
        std::string_view tag = header.substr(0, comma);
        while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
        while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
        if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);
        if (tag == "*" || tag == etag) return true;
        if (comma == std::string_view::npos) break;
        header.remove_prefix(comma + 1);
    }
    return false;
}

void get_reference(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Terminal, Role::Auditor, Role::Admin})) return;
    Result<std::vector<StampRecord>> stamps = ctx.store.stamps();
    if (!stamps) return send_error(res, error_from_status(stamps.error()));
    json list = json::array();
    for (const StampRecord& s : *stamps) list.push_back(stamp_json(s));
    const json body{
        {"v", kProtocolVersion}, {"plant", plant_json(ctx.plant)}, {"stamps", std::move(list)}};
    const std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
    const std::string etag = "\"" + sha256_hex(text) + "\"";
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", "no-cache");
    if (matches_etag(req.get_header_value("If-None-Match"), etag)) {
        res.status = 304;
        return;
    }
    res.status = 200;
    res.set_content(text, "application/json");
}

}  // namespace

void add_reference_routes(Router& router, ApiContext& ctx) {
    router.get("/api/v1/reference", "/api/v1/reference", with_context(ctx, get_reference));
}

}  // namespace stampline::server
