// Bearer-token authentication and role checks of the API.
//
// 401 unauthorized (with WWW-Authenticate: Bearer) when the Authorization header is missing or
// malformed, or the token is unknown or revoked; 403 forbidden when the token's role is not one
// of those the endpoint allows. A GET without an Authorization header may instead come from a
// signed-in browser (the web pages' session cookie, see web_auth.h), with its token's role.
#pragma once

#include <initializer_list>
#include <optional>

#include "server/http/api_context.h"
#include "server/http/http_types.h"

namespace stampline::server {

// The token of req when it is live and has one of `roles`; otherwise nullopt with res filled.
std::optional<TokenRecord> authorize(const HttpRequest& req, HttpResponse& res, ApiContext& ctx,
                                     std::initializer_list<Role> roles);

// "admin:t-3f9a2c": how an act done through the API with this token is attributed.
std::string actor_of(const TokenRecord& token);

}  // namespace stampline::server
