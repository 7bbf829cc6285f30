#include "server/http/json_errors.h"

#include <spdlog/spdlog.h>

#include "server/http/request_scope.h"
#include "shared/utf8_text.h"

namespace stampline::server {

void send_json(HttpResponse& res, int http_status, const nlohmann::json& body) {
    res.status = http_status;
    res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                    "application/json");
}

void send_csv(HttpResponse& res, const std::string& csv, const std::string& name) {
    res.status = 200;
    res.set_header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    res.set_content(csv, "text/csv; charset=utf-8");
}

void send_error(HttpResponse& res, const ApiError& error) {
    // The message may quote what the client sent: control and format characters in it are shown
    // as "<U+202E>", never passed on to a screen that would act on them.
    nlohmann::json body{
        {"error", error.code}, {"message", visible_text(error.message)}, {"field", nullptr}};
    if (!error.field.empty()) body["field"] = error.field;
    if (error.http_status == 503) res.set_header("Retry-After", "1");
    send_json(res, error.http_status, body);
}

namespace {

bool names_field(std::string_view message, std::string_view field) {
    if (message.size() <= field.size() || message.substr(0, field.size()) != field) return false;
    const char next = message[field.size()];
    return next == ':' || next == ' ';
}

}  // namespace

ApiError error_from_status(const Status& status, std::initializer_list<FieldHint> hints) {
    ApiError e;
    e.message = status.message();
    switch (status.code()) {
        case Code::InvalidArgument:
            e.http_status = 400;
            e.code = "invalid_field";
            break;
        case Code::NotFound:
            e.http_status = 404;
            e.code = "not_found";
            break;
        case Code::Conflict:
            e.http_status = 409;
            e.code = "conflict";
            break;
        case Code::Unauthorized:
            e.http_status = 401;
            e.code = "unauthorized";
            break;
        case Code::PermissionDenied:
            e.http_status = 403;
            e.code = "forbidden";
            break;
        case Code::Unavailable:
        case Code::IOError:
            e.http_status = 503;
            e.code = "unavailable";
            break;
        default:
            e.http_status = 500;
            e.code = "internal";
            break;
    }
    if (e.http_status >= 500) {
        // The service's words name files and internals: they go to the log under the request's
        // id, and the client gets what to do.
        const std::string& id = current_request().id;
        spdlog::error("request_id={} {}", id, status.message());
        e.message = e.http_status == 503
                        ? "the server cannot store or read data just now; try again later, and "
                          "if it goes on tell the server's administrator (request " +
                              id + ")"
                        : "internal error; see the server log for request " + id;
    }
    if (status.code() == Code::InvalidArgument) {
        for (const FieldHint& h : hints) {
            if (names_field(status.message(), h.prefix)) {
                e.field = std::string(h.field);
                break;
            }
        }
    }
    return e;
}

}  // namespace stampline::server
