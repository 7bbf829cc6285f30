// An HTTP client for the API under test: one keep-alive connection, bearer token per call.
#pragma once

#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace stampline::itest {

struct Reply {
    int status = 0;  // 0 when the request failed at the transport level
    std::string body;
    nlohmann::json json;  // discarded when the body is not JSON
    httplib::Headers headers;
    std::string header(const std::string& name) const;
    // The "error" code of an error body, "" when none.
    std::string error() const;
    std::string field() const;  // "field" of an error body; "" for null
};

class ApiClient {
public:
    // Plain HTTP to 127.0.0.1:port, or https:// verified against ca_file (a PEM CA) when given.
    explicit ApiClient(int port, const std::string& ca_file = "");

    Reply get(const std::string& path, const std::string& token = "",
              const httplib::Headers& extra = {});
    Reply post(const std::string& path, const nlohmann::json& body, const std::string& token = "");
    Reply put(const std::string& path, const nlohmann::json& body, const std::string& token = "");
    Reply del(const std::string& path, const std::string& token = "");
    // Any method with a raw body and content type ("" sends no Content-Type header).
    Reply raw(const std::string& method, const std::string& path, const std::string& body,
              const std::string& content_type, const httplib::Headers& headers);

    static httplib::Headers bearer(const std::string& token);

private:
    httplib::Client client_;
};

}  // namespace stampline::itest
