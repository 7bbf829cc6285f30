// Reading JSON request bodies under the API limits, and the typed, strict reading of their
// fields: unknown fields are refused, strings are checked for length and control characters.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http/api_options.h"
#include "server/http/http_types.h"
#include "server/http/json_errors.h"
#include "shared/time.h"

namespace stampline::server {

enum class EmptyBody { Refused, AllowedAsEmptyObject };

// The first refusals of read_json_body, before any parsing: a body with a Content-Type other
// than application/json (charset utf-8 only) 415; over options.max_body_bytes 413.
bool body_acceptable(const HttpRequest& req, const ApiOptions& options, ApiError* error);

// The body of req as a JSON object. Refusals, in this order: a body with a Content-Type other
// than application/json (charset utf-8 only) 415; over options.max_body_bytes 413; malformed
// JSON or invalid UTF-8 400 malformed_json naming the byte; nesting deeper than
// options.max_json_depth 400 too_deep; a key twice in one object 400; not an object 400.
// An empty body is an empty object when `empty` allows it. On refusal returns nullopt and fills
// *error.
std::optional<nlohmann::json> read_json_body(const HttpRequest& req, const ApiOptions& options,
                                             EmptyBody empty, ApiError* error);

// The same, answering a refusal itself: nullopt means the error response has been sent.
std::optional<nlohmann::json> read_json_body(const HttpRequest& req, HttpResponse& res,
                                             const ApiOptions& options,
                                             EmptyBody empty = EmptyBody::Refused);

// Why text may not be a field value (a control character), or "" when it may. JSON parsing has
// already refused invalid UTF-8.
std::string text_problem(std::string_view text);

enum class Need { Required, Optional };

// Reads fields of one JSON object. The first error wins; later reads return defaults.
class FieldReader {
public:
    explicit FieldReader(const nlohmann::json& object) : obj_(object) {}

    // Refuses any member not named in `allowed` (400 unknown_field).
    void only(std::initializer_list<std::string_view> allowed);
    bool has(const char* name) const { return obj_.contains(name); }

    // A string of at most max_bytes, without control characters; required ones not empty.
    std::string text(const char* name, Need need, std::size_t max_bytes);
    // An array of such strings, at most max_items of them.
    std::vector<std::string> text_list(const char* name, Need need, std::size_t max_items,
                                       std::size_t max_bytes);
    // A "YYYY-MM-DD" date.
    Date date(const char* name, Need need);
    // A "YYYY-MM" month.
    YearMonth year_month(const char* name, Need need);

    bool ok() const { return error_.code.empty(); }
    const ApiError& error() const { return error_; }
    void fail(std::string code, std::string field, std::string message);

private:
    const nlohmann::json* find(const char* name, Need need);
    // A text field read by `parse`; refused as "must be <form>" when it does not parse.
    template <typename T>
    T parsed(const char* name, Need need, Result<T> (*parse)(std::string_view), const char* form);
    bool check_text(const std::string& field, const std::string& value, std::size_t max_bytes);

    const nlohmann::json& obj_;
    ApiError error_;
};

}  // namespace stampline::server
