// An outgoing HTTP POST for the CRM webhook (crm_webhook.h), the one place the server speaks to
// an HTTP client library.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace stampline::server {

struct WebhookReply {
    bool answered = false;  // an HTTP status came back
    int status = 0;
    std::string error;  // why there was no answer (connection refused, timeout, ...)
};

// POSTs body as application/json to http://host:port/path with the extra headers, each of the
// connection, write and read allowed `timeout`.
WebhookReply post_webhook(const std::string& host, int port, const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& body, std::chrono::milliseconds timeout);

}  // namespace stampline::server
