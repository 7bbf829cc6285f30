#include "server/http/webhook_client.h"

#include <httplib.h>

namespace stampline::server {

WebhookReply post_webhook(const std::string& host, int port, const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& body, std::chrono::milliseconds timeout) {
    httplib::Client client(host, port);
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    httplib::Headers h;
    for (const auto& [name, value] : headers) h.emplace(name, value);
    const httplib::Result r = client.Post(path, h, body, "application/json");
    WebhookReply reply;
    if (r) {
        reply.answered = true;
        reply.status = r->status;
    } else {
        reply.error = httplib::to_string(r.error());
    }
    return reply;
}

}  // namespace stampline::server
