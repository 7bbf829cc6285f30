#include "server/cli/api_client.h"

#include <httplib.h>

namespace stampline::cli {

struct ApiClient::Impl {
    Impl(const std::string& url, std::string t) : client(url), url(url), token(std::move(t)) {
        client.set_tcp_nodelay(true);
        client.set_connection_timeout(5);
        client.set_read_timeout(60);
    }
    httplib::Client client;
    std::string url;
    std::string token;

    httplib::Headers headers() const {
        if (token.empty()) return {};
        return {{"Authorization", "Bearer " + token}};
    }

    Result<nlohmann::json> answer(const httplib::Result& r) const {
        if (!r)
            return Status(Code::Unavailable, "cannot reach the server at " + url + ": " +
                                                 httplib::to_string(r.error()));
        nlohmann::json body = nlohmann::json::parse(r->body, nullptr, false);
        if (r->status >= 200 && r->status < 300) {
            if (body.is_discarded()) return nlohmann::json::object();
            return body;
        }
        std::string message = body.is_object() && body.contains("message")
                                  ? body["message"].get<std::string>()
                                  : r->body;
        const int s = r->status;
        const Code code = s == 401   ? Code::Unauthorized
                          : s == 403 ? Code::PermissionDenied
                          : s == 404 ? Code::NotFound
                          : s == 409 ? Code::Conflict
                          : s < 500  ? Code::InvalidArgument
                                     : Code::Internal;
        return Status(code, "server answered " + std::to_string(s) + ": " + message);
    }
};

ApiClient::ApiClient(const std::string& url, std::string token)
    : impl_(std::make_unique<Impl>(url, std::move(token))) {}
ApiClient::~ApiClient() = default;

Result<nlohmann::json> ApiClient::get(const std::string& path) {
    return impl_->answer(impl_->client.Get(path, impl_->headers()));
}
Result<nlohmann::json> ApiClient::post(const std::string& path, const nlohmann::json& body) {
    return impl_->answer(
        impl_->client.Post(path, impl_->headers(), body.dump(), "application/json"));
}
Result<nlohmann::json> ApiClient::put(const std::string& path, const nlohmann::json& body) {
    return impl_->answer(
        impl_->client.Put(path, impl_->headers(), body.dump(), "application/json"));
}
Result<nlohmann::json> ApiClient::del(const std::string& path) {
    return impl_->answer(impl_->client.Delete(path, impl_->headers()));
}

}  // namespace stampline::cli
