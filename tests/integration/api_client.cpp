#include "integration/api_client.h"

namespace stampline::itest {

namespace {

Reply to_reply(const httplib::Result& r) {
    Reply reply;
    if (!r) return reply;
    reply.status = r->status;
    reply.body = r->body;
    reply.headers = r->headers;
    reply.json = nlohmann::json::parse(r->body, nullptr, false);
    return reply;
}

}  // namespace

std::string Reply::header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

std::string Reply::error() const {
    if (!json.is_object() || !json.contains("error") || !json["error"].is_string()) return "";
    return json["error"].get<std::string>();
}

std::string Reply::field() const {
    if (!json.is_object() || !json.contains("field") || !json["field"].is_string()) return "";
    return json["field"].get<std::string>();
}

ApiClient::ApiClient(int port, const std::string& ca_file)
    : client_((ca_file.empty() ? "http://" : "https://") + std::string("127.0.0.1:") +
              std::to_string(port)) {
    if (!ca_file.empty()) {
        client_.set_ca_cert_path(ca_file.c_str());
        client_.enable_server_certificate_verification(true);
    }
    client_.set_tcp_nodelay(true);
    client_.set_keep_alive(true);
    client_.set_read_timeout(60);
    client_.set_write_timeout(60);
}

httplib::Headers ApiClient::bearer(const std::string& token) {
    httplib::Headers h;
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return h;
}

Reply ApiClient::get(const std::string& path, const std::string& token,
                     const httplib::Headers& extra) {
    httplib::Headers h = bearer(token);
    h.insert(extra.begin(), extra.end());
    return to_reply(client_.Get(path, h));
}

Reply ApiClient::post(const std::string& path, const nlohmann::json& body,
                      const std::string& token) {
    return to_reply(client_.Post(path, bearer(token), body.dump(), "application/json"));
}

Reply ApiClient::put(const std::string& path, const nlohmann::json& body,
                     const std::string& token) {
    return to_reply(client_.Put(path, bearer(token), body.dump(), "application/json"));
}

Reply ApiClient::del(const std::string& path, const std::string& token) {
    return to_reply(client_.Delete(path, bearer(token)));
}

Reply ApiClient::raw(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& content_type, const httplib::Headers& headers) {
    if (method == "GET") return to_reply(client_.Get(path, headers));
    if (method == "DELETE") return to_reply(client_.Delete(path, headers, body, content_type));
    if (method == "PUT") return to_reply(client_.Put(path, headers, body, content_type));
    return to_reply(client_.Post(path, headers, body, content_type));
}

}  // namespace stampline::itest
