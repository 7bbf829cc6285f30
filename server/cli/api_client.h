// The admin CLI's client of the HTTP API: JSON in and out, errors as Status with the server's
// message. No httplib type leaves this file pair.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "shared/status.h"

namespace stampline::cli {

class ApiClient {
public:
    // url: "http://127.0.0.1:8470" or "https://..."; token: a bearer token ("" sends none). Over
    // https the server's certificate is verified against $STAMPLINE_CA_FILE (the plant CA's
    // PEM) or, without it, the system's CAs; a refusal says which and why.
    ApiClient(const std::string& url, std::string token);
    ~ApiClient();

    // The JSON body of a 2xx answer; otherwise a Status carrying the server's error message
    // (Unauthorized, PermissionDenied, NotFound, Conflict, InvalidArgument) or Unavailable when
    // the server cannot be reached.
    Result<nlohmann::json> get(const std::string& path);
    Result<nlohmann::json> post(const std::string& path, const nlohmann::json& body);
    Result<nlohmann::json> put(const std::string& path, const nlohmann::json& body);
    Result<nlohmann::json> del(const std::string& path);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace stampline::cli
