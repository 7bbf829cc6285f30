#include "server/http/auth.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "server/http/json_errors.h"
#include "server/http/request_scope.h"
#include "server/http/web_auth.h"
#include "server/service/tokens.h"

namespace stampline::server {

namespace {

void unauthorized(HttpResponse& res, const char* challenge_error, std::string message) {
    std::string challenge = "Bearer realm=\"stampline\"";
    if (challenge_error) challenge += std::string(", error=\"") + challenge_error + "\"";
    res.set_header("WWW-Authenticate", challenge);
    send_error(res, {401, "unauthorized", std::move(message), ""});
}

std::string role_list(std::initializer_list<Role> roles) {
    std::string out;
    for (Role r : roles) out += (out.empty() ? "" : " or ") + std::string(role_name(r));
    return out;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
    return true;
}

std::optional<TokenRecord> check_role(HttpResponse& res, const TokenRecord& record,
                                      std::initializer_list<Role> roles) {
    if (std::find(roles.begin(), roles.end(), record.role) == roles.end()) {
        send_error(res, {403, "forbidden",
                         "this endpoint needs role " + role_list(roles) + "; token " + record.id +
                             " has role " + role_name(record.role),
                         ""});
        return std::nullopt;
    }
    return record;
}

}  // namespace

std::string actor_of(const TokenRecord& token) {
    return std::string(role_name(token.role)) + ":" + token.id;
}

std::optional<TokenRecord> authorize(const HttpRequest& req, HttpResponse& res, ApiContext& ctx,
                                     std::initializer_list<Role> roles) {
    if (!req.has_header("Authorization")) {
        // A signed-in browser may read (GET only, so no form of another site can write
        // through it): the web pages' CSV downloads are the API's own.
        if (req.method == "GET") {
            if (std::optional<WebUser> user = session_user(req, ctx))
                return check_role(res, user->token, roles);
        }
        unauthorized(res, nullptr,
                     "this endpoint needs a bearer token (Authorization: Bearer ...)");
        return std::nullopt;
    }
    const std::string header = req.get_header_value("Authorization");
    if (!iequals_prefix(header, "bearer ") || header.size() <= 7) {
        unauthorized(res, "invalid_request", "the Authorization header must be 'Bearer <token>'");
        return std::nullopt;
    }
    std::string_view secret = std::string_view(header).substr(7);
    while (!secret.empty() && secret.front() == ' ') secret.remove_prefix(1);
    Result<std::optional<TokenRecord>> token = authenticate(ctx.store, secret);
    if (!token) {
        send_error(res, error_from_status(token.error()));
        return std::nullopt;
    }
    if (!token->has_value()) {
        // Say "revoked" when it is, so that the person at the terminal knows to ask for a new one.
        Result<std::optional<TokenRecord>> known =
            ctx.store.token_by_hash(token_secret_hash(secret));
        if (known && known->has_value() && (*known)->revoked) {
            unauthorized(res, "invalid_token", "token " + (*known)->id + " has been revoked");
        } else {
            unauthorized(res, "invalid_token", "the bearer token is not known to this server");
        }
        return std::nullopt;
    }
    current_request().token = (*token)->id;
    return check_role(res, **token, roles);
}

}  // namespace stampline::server
