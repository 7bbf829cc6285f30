// JSON responses of the API, errors included, and CSV downloads. Every error body has the same
// shape:
//   {"error": "<code>", "message": "<for a person>", "field": "<name>" | null}
// Codes: bad_request, malformed_json, too_deep, unknown_field, invalid_field, invalid_event,
// unsupported_version, unauthorized, forbidden, wrong_station, not_found, conflict,
// body_too_large, batch_too_large, unsupported_media_type, unavailable, internal.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "server/http/http_types.h"
#include "shared/status.h"

namespace stampline::server {

struct ApiError {
    int http_status = 400;
    std::string code;
    std::string message;
    std::string field;  // "" is sent as null
};

void send_json(HttpResponse& res, int http_status, const nlohmann::json& body);
void send_error(HttpResponse& res, const ApiError& error);
// 200 with a CSV body (text/csv, UTF-8) downloaded as `name`.csv.
void send_csv(HttpResponse& res, const std::string& csv, const std::string& name);

// Which request field a service message is about: a message starting with `prefix` followed by
// ' ' or ':' names `field` ("holder: ..." -> holder, "stamp '1 2' ..." -> id).
struct FieldHint {
    FieldHint(const char* name) : prefix(name), field(name) {}
    FieldHint(std::string_view p, std::string_view f) : prefix(p), field(f) {}
    std::string_view prefix;
    std::string_view field;
};

// The HTTP form of a service error: InvalidArgument 400 invalid_field, NotFound 404, Conflict
// 409, Unauthorized 401, PermissionDenied 403, Unavailable and IOError 503, others 500. For
// InvalidArgument the field is that of the first hint the message matches.
ApiError error_from_status(const Status& status, std::initializer_list<FieldHint> hints = {});

}  // namespace stampline::server
