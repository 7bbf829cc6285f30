// Access tokens (admin):
//   GET    /api/v1/tokens                           200 {tokens: [...]} (never the secrets)
//   POST   /api/v1/tokens {role, station?, label?}  201 the token with its secret, shown once
//   DELETE /api/v1/tokens/{id}                      200 revoked; 404 unknown id
#include <spdlog/spdlog.h>

#include "server/http/auth.h"
#include "server/http/json_errors.h"
#include "server/http/request_body.h"
#include "server/http/request_scope.h"
#include "server/http/resource_json.h"
#include "server/http/routes.h"
#include "server/service/tokens.h"
#include "shared/event_json.h"
#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

void list_tokens(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    if (!authorize(req, res, ctx, {Role::Admin})) return;
    Result<std::vector<TokenRecord>> tokens = ctx.store.tokens();
    if (!tokens) return send_error(res, error_from_status(tokens.error()));
    json list = json::array();
    for (const TokenRecord& t : *tokens) list.push_back(token_json(t));
    send_json(res, 200, {{"tokens", std::move(list)}});
}

void post_token(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto admin = authorize(req, res, ctx, {Role::Admin});
    if (!admin) return;
    auto body = read_json_body(req, res, ctx.options);
    if (!body) return;
    FieldReader f(*body);
    f.only({"role", "station", "label"});
    const std::string role_text = f.text("role", Need::Required, 16);
    const std::string station = f.text("station", Need::Optional, kMaxCodeBytes);
    const std::string label = f.text("label", Need::Optional, 200);
    Role role = Role::Terminal;
    if (f.ok() && !parse_role(role_text, &role))
        f.fail("invalid_field", "role",
               "role '" + printable_clipped(role_text) +
                   "' is not one of terminal, auditor, admin, service");
    if (!f.ok()) return send_error(res, f.error());
    Result<NewToken> token =
        create_token(ctx.store, ctx.plant, ctx.random, ctx.clock, role, station, label);
    if (!token)
        return send_error(res, error_from_status(token.error(), {"role", "station", "label"}));
    spdlog::info("request_id={} token created id={} role={} station=\"{}\" by={}",
                 current_request().id, token->record.id, role_name(role), station, admin->id);
    json out = token_json(token->record);
    out["secret"] = token->secret;
    send_json(res, 201, out);
}

void delete_token(ApiContext& ctx, const HttpRequest& req, HttpResponse& res) {
    auto admin = authorize(req, res, ctx, {Role::Admin});
    if (!admin) return;
    const std::string id = req.matches[1].str();
    if (id.size() > kMaxCodeBytes || !text_problem(id).empty())
        return send_error(res, {400, "invalid_field",
                                "token id '" + printable_clipped(id) + "' is not valid", "id"});
    Status s = ctx.store.write([&](WriteTxn& txn) { return txn.revoke_token(id); });
    if (!s) return send_error(res, error_from_status(s));
    spdlog::info("request_id={} token revoked id={} by={}", current_request().id, id, admin->id);
    send_json(res, 200, {{"id", id}, {"revoked", true}});
}

}  // namespace

void add_tokens_routes(Router& router, ApiContext& ctx) {
    router.get("/api/v1/tokens", "/api/v1/tokens", with_context(ctx, list_tokens));

    router.post("/api/v1/tokens", "/api/v1/tokens", with_context(ctx, post_token));

    router.del(R"(/api/v1/tokens/([^/]+))", "/api/v1/tokens/{id}", with_context(ctx, delete_token));
}

}  // namespace stampline::server
