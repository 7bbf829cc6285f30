#include "server/cli/api_client.h"

#include <httplib.h>
#include <openssl/x509.h>

#include <cstdlib>

namespace stampline::cli {

struct ApiClient::Impl {
    Impl(const std::string& url, std::string t) : client(url), url(url), token(std::move(t)) {
        if (const char* ca = std::getenv("STAMPLINE_CA_FILE"); ca && *ca) {
            ca_file = ca;
            client.set_ca_cert_path(ca);
        }
        client.enable_server_certificate_verification(true);
        client.set_tcp_nodelay(true);
        client.set_connection_timeout(5);
        client.set_read_timeout(60);
    }
    httplib::Client client;
    std::string url;
    std::string token;
    std::string ca_file;  // $STAMPLINE_CA_FILE: the plant CA for an https:// server

    std::string failure(httplib::Error e) const {
        const std::string ca = ca_file.empty() ? "the system's CAs (set STAMPLINE_CA_FILE to the "
                                                 "plant CA)"
                                               : "STAMPLINE_CA_FILE " + ca_file;
        if (e == httplib::Error::SSLServerVerification) {
            if (const long v = client.get_openssl_verify_result(); v != X509_V_OK)
                return "the server's certificate is not trusted by " + ca + " (" +
                       X509_verify_cert_error_string(v) + ")";
            return "the server's certificate is not for the host in " + url;
        }
        if (e == httplib::Error::SSLConnection)
            return "no TLS connection could be made (is the server serving https://?)";
        return httplib::to_string(e);
    }

    httplib::Headers headers() const {
        if (token.empty()) return {};
        return {{"Authorization", "Bearer " + token}};
    }

    Result<nlohmann::json> answer(const httplib::Result& r) const {
        if (!r)
            return Status(Code::Unavailable,
                          "cannot reach the server at " + url + ": " + failure(r.error()));
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
