#include "terminal/sync/http_server_client.h"

#include <httplib.h>
#include <openssl/x509.h>

#include <mutex>
#include <nlohmann/json.hpp>

#include "shared/event_json.h"

namespace stampline::terminal {

namespace {

using nlohmann::json;

constexpr time_t kConnectTimeoutS = 2;
constexpr time_t kReadTimeoutS = 10;
constexpr time_t kWriteTimeoutS = 10;
constexpr std::size_t kMaxQuotedBody = 300;  // of a non-JSON error body, in messages

// Every byte outside RFC 3986's unreserved set as %XX: a serial is one path segment.
std::string encode_segment(std::string_view text) {
    static const char* kHex = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') ||
            u == '-' || u == '.' || u == '_' || u == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0x0F];
        }
    }
    return out;
}

// The answer to one event of a batch, from {"id","status","first"?,"reason"?,"message"?,...}.
Result<EventAnswer> answer_from(const json& j, const Event& sent, std::size_t i) {
    const std::string at = "results[" + std::to_string(i) + "]";
    if (!j.is_object()) return invalid(at + " is not an object");
    auto str = [&](const char* key, bool required, std::string* out) -> Status {
        auto it = j.find(key);
        if (it == j.end()) {
            return required ? invalid("missing field '" + at + "." + key + "'") : Status::ok();
        }
        if (!it->is_string()) return invalid("field '" + at + "." + key + "' is not a string");
        *out = it->get<std::string>();
        return Status::ok();
    };
    std::string id, status, first;
    EventAnswer a;
    if (Status s = str("id", true, &id); !s) return s;
    if (Status s = str("status", true, &status); !s) return s;
    if (Status s = str("first", false, &first); !s) return s;
    if (Status s = str("reason", false, &a.reason); !s) return s;
    if (Status s = str("message", false, &a.message); !s) return s;
    Result<Uuid> parsed = parse_uuid(id);
    if (!parsed || *parsed != sent.id) {
        return invalid("field '" + at + ".id' is '" + id + "', not the id sent there (" +
                       to_string(sent.id) + ")");
    }
    a.id = *parsed;
    if (status == "accepted") {
        a.status = EventAnswer::Status::Accepted;
    } else if (status == "refused" || status == "conflict") {
        // A conflict (the id was known with other content) was not recorded either: it goes to
        // the attention list with its reason (id_conflict).
        a.status = EventAnswer::Status::Refused;
    } else if (status == "duplicate") {
        a.status = EventAnswer::Status::Duplicate;
        if (first != "accepted" && first != "refused") {
            return invalid("field '" + at + ".first' is '" + first +
                           "' (expected accepted or refused)");
        }
        a.first_refused = first == "refused";
    } else {
        return invalid("field '" + at + ".status' is '" + status +
                       "' (expected accepted, duplicate, refused or conflict)");
    }
    if ((a.status == EventAnswer::Status::Refused || a.first_refused) && a.reason.empty()) {
        return invalid("field '" + at + ".reason' is missing for a refused event");
    }
    return a;
}

class HttpServerClient final : public ServerClient {
public:
    HttpServerClient(std::string base_url, std::string token, std::string station,
                     const Clock& clock, std::string ca_file)
        : base_url_(std::move(base_url)),
          token_(std::move(token)),
          station_(std::move(station)),
          ca_file_(std::move(ca_file)),
          clock_(clock),
          client_(base_url_) {
        if (!ca_file_.empty()) client_.set_ca_cert_path(ca_file_.c_str());
        client_.enable_server_certificate_verification(true);
        client_.set_connection_timeout(kConnectTimeoutS, 0);
        client_.set_read_timeout(kReadTimeoutS, 0);
        client_.set_write_timeout(kWriteTimeoutS, 0);
        client_.set_keep_alive(true);
        client_.set_tcp_nodelay(true);
        client_.set_url_encode(false);  // paths are encoded here (encode_segment)
    }

    Result<std::vector<EventAnswer>> post_events(std::span<const Event> events) override {
        json list = json::array();
        for (const Event& e : events) list.push_back(event_to_json(e));
        const json body{{"v", kProtocolVersion}, {"events", std::move(list)}};
        const std::string text = body.dump(-1, ' ', false, json::error_handler_t::replace);
        const std::string what =
            "POST /api/v1/events (" + std::to_string(events.size()) + " events)";
        std::string answer;
        {
            std::lock_guard lock(mu_);
            httplib::Result r = timed(headers(), [&](const httplib::Headers& h) {
                return client_.Post("/api/v1/events", h, text, "application/json");
            });
            if (Status s = check(r, what, 200); !s) return s;
            answer = std::move(r->body);
        }
        const json reply = json::parse(answer, nullptr, false);
        if (reply.is_discarded() || !reply.is_object()) {
            return invalid(what + ": the server's answer is not a JSON object");
        }
        auto results = reply.find("results");
        if (results == reply.end() || !results->is_array()) {
            return invalid(what + ": the server's answer has no 'results' array");
        }
        if (results->size() != events.size()) {
            return invalid(what + ": the server answered " + std::to_string(results->size()) +
                           " results for " + std::to_string(events.size()) + " events");
        }
        std::vector<EventAnswer> out;
        out.reserve(events.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            Result<EventAnswer> a = answer_from((*results)[i], events[i], i);
            if (!a) return invalid(what + ": " + a.error().message());
            out.push_back(std::move(*a));
        }
        return out;
    }

    std::optional<std::int64_t> clock_offset_ms() const override {
        std::lock_guard lock(mu_);
        return offset_ms_;
    }

    Result<std::optional<ReferenceAnswer>> reference(const std::string& etag) override {
        const std::string what = "GET /api/v1/reference";
        httplib::Headers h = headers();
        if (!etag.empty()) h.emplace("If-None-Match", etag);
        ReferenceAnswer answer;
        {
            std::lock_guard lock(mu_);
            httplib::Result r = timed(std::move(h), [&](const httplib::Headers& sent) {
                return client_.Get("/api/v1/reference", sent);
            });
            if (r && r->status == 304) return std::optional<ReferenceAnswer>();
            if (Status s = check(r, what, 200); !s) return s;
            answer.json = std::move(r->body);
            answer.etag = r->get_header_value("ETag");
        }
        Result<Reference> parsed = reference_from_json(answer.json);
        if (!parsed) return invalid(what + ": " + parsed.error().message());
        answer.reference = std::move(*parsed);
        return std::optional<ReferenceAnswer>(std::move(answer));
    }

    Result<std::vector<Event>> trail(const std::string& serial) override {
        const std::string path = "/api/v1/units/" + encode_segment(serial) + "/trail";
        const std::string what = "GET " + path;
        std::string answer;
        {
            std::lock_guard lock(mu_);
            httplib::Result r =
                timed(headers(), [&](const httplib::Headers& h) { return client_.Get(path, h); });
            if (Status s = check(r, what, 200); !s) return s;
            answer = std::move(r->body);
        }
        const json reply = json::parse(answer, nullptr, false);
        if (reply.is_discarded() || !reply.is_object()) {
            return invalid(what + ": the server's answer is not a JSON object");
        }
        auto list = reply.find("events");
        if (list == reply.end() || !list->is_array()) {
            return invalid(what + ": the server's answer has no 'events' array");
        }
        std::vector<Event> events;
        events.reserve(list->size());
        for (std::size_t i = 0; i < list->size(); ++i) {
            const json& item = (*list)[i];
            const std::string at = "events[" + std::to_string(i) + "].event";
            if (!item.is_object() || !item.contains("event")) {
                return invalid(what + ": missing field '" + at + "'");
            }
            Result<Event> e = event_from_json(item["event"]);
            if (!e) return invalid(what + ": " + at + ": " + e.error().message());
            events.push_back(std::move(*e));
        }
        return events;
    }

    std::string link_problem() const override {
        std::lock_guard lock(mu_);
        return link_problem_;
    }

private:
    // Sends one request (the caller holds mu_) carrying this terminal's clock (X-Terminal-Time),
    // and measures the offset from the answer's X-Server-Time against the middle of the exchange.
    template <class Send>
    httplib::Result timed(httplib::Headers h, const Send& send) {
        const Timestamp sent = clock_.now();
        h.emplace("X-Terminal-Time", format_utc(sent));
        httplib::Result r = send(h);
        if (r) {
            if (Result<Timestamp> server = parse_utc(r->get_header_value("X-Server-Time"))) {
                const Timestamp back = clock_.now();
                offset_ms_ = sent.ms + (back.ms - sent.ms) / 2 - server->ms;
            }
        }
        return r;
    }

    httplib::Headers headers() const {
        httplib::Headers h{{"User-Agent", "stampline-terminal/" + station_}};
        if (!token_.empty()) h.emplace("Authorization", "Bearer " + token_);
        return h;
    }

    // Ok when r is an answer with status `want`; otherwise the error for the caller (server.h).
    Status check(const httplib::Result& r, const std::string& what, int want) const {
        link_problem_.clear();
        if (!r) {
            const httplib::Error e = r.error();
            const bool tls =
                e == httplib::Error::SSLServerVerification || e == httplib::Error::SSLConnection;
            return Status(Code::Unavailable,
                          "cannot reach the server at " + base_url_ + " (" + what +
                              "): " + (tls ? tls_refusal(e) : httplib::to_string(e)));
        }
        const int s = r->status;
        if (s == want) return Status::ok();
        std::string message;
        const json body = json::parse(r->body, nullptr, false);
        if (body.is_object() && body.contains("message") && body["message"].is_string()) {
            message = body["message"].get<std::string>();
        } else {
            message = r->body.substr(0, kMaxQuotedBody);
        }
        const std::string text = "server " + base_url_ + " answered " + std::to_string(s) + " to " +
                                 what + (message.empty() ? "" : ": " + message);
        if (s >= 500) return Status(Code::Unavailable, text);
        switch (s) {
            case 401:
                return Status(Code::Unauthorized,
                              text + " (check the token of station " + station_ + ")");
            case 403: return Status(Code::PermissionDenied, text);
            case 404: return not_found(text);
            case 409: return conflict(text);
            default: return invalid(text);
        }
    }

    // Why a TLS connection was refused, for a person (and link_problem_ for the status bar).
    std::string tls_refusal(httplib::Error e) const {
        const std::string ca = ca_file_.empty() ? "the system's CAs" : "ca_file " + ca_file_;
        if (e == httplib::Error::SSLServerVerification) {
            if (const long v = client_.get_openssl_verify_result(); v != X509_V_OK) {
                link_problem_ = "ui.status.tls_untrusted";
                return "the server's certificate is not trusted by " + ca + " (" +
                       X509_verify_cert_error_string(v) + ")";
            }
            link_problem_ = "ui.status.tls_wrong_host";
            return "the server's certificate is not for the host in " + base_url_;
        }
        link_problem_ = "ui.status.tls_failed";
        return "no TLS connection could be made (is the server serving https:// with a "
               "certificate?)";
    }

    const std::string base_url_;
    const std::string token_;
    const std::string station_;
    const std::string ca_file_;
    mutable std::string link_problem_;
    const Clock& clock_;
    mutable std::mutex mu_;  // guards client_ (one connection, one request at a time), offset_ms_
    httplib::Client client_;
    std::optional<std::int64_t> offset_ms_;
};

}  // namespace

std::unique_ptr<ServerClient> make_http_server_client(std::string base_url, std::string token,
                                                      std::string station, const Clock& clock,
                                                      std::string ca_file) {
    return std::make_unique<HttpServerClient>(std::move(base_url), std::move(token),
                                              std::move(station), clock, std::move(ca_file));
}

}  // namespace stampline::terminal
