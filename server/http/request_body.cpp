#include "server/http/request_body.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "shared/printable.h"

namespace stampline::server {

using nlohmann::json;

namespace {

ApiError bad(std::string code, std::string message, std::string field = "") {
    return {400, std::move(code), std::move(message), std::move(field)};
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}

// Ok for "application/json" with no parameter or charset=utf-8.
bool is_json_content_type(std::string_view value) {
    const std::string v = lower(value);
    const auto semi = v.find(';');
    if (trim(std::string_view(v).substr(0, semi)) != "application/json") return false;
    if (semi == std::string::npos) return true;
    std::string param = trim(std::string_view(v).substr(semi + 1));
    param.erase(std::remove(param.begin(), param.end(), '"'), param.end());
    return param.empty() || param == "charset=utf-8";
}

struct DepthExceeded {
    int depth;
};

// Refuses, during parsing, nesting deeper than the limit and keys given twice in one object.
struct ParseGuard {
    explicit ParseGuard(int limit) : max_depth(limit) {}
    int max_depth;
    int depth = 0;
    std::vector<std::set<std::string>> keys;
    std::string duplicate;

    bool operator()(int, json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start:
            case json::parse_event_t::array_start:
                if (++depth > max_depth) throw DepthExceeded{depth};
                if (event == json::parse_event_t::object_start) keys.emplace_back();
                break;
            case json::parse_event_t::object_end:
                --depth;
                if (!keys.empty()) keys.pop_back();
                break;
            case json::parse_event_t::array_end: --depth; break;
            case json::parse_event_t::key:
                if (!keys.empty() && parsed.is_string() && duplicate.empty() &&
                    !keys.back().insert(parsed.get<std::string>()).second)
                    duplicate = parsed.get<std::string>();
                break;
            default: break;
        }
        return true;
    }
};

}  // namespace

bool body_acceptable(const HttpRequest& req, const ApiOptions& options, ApiError* error) {
    const std::string content_type = req.get_header_value("Content-Type");
    if (!is_json_content_type(content_type)) {
        *error = {415, "unsupported_media_type",
                  content_type.empty() ? "the request body needs Content-Type: application/json"
                                       : "Content-Type '" + printable_clipped(content_type) +
                                             "' is not accepted: send application/json (UTF-8)",
                  ""};
        return false;
    }
    if (req.body.size() > options.max_body_bytes) {
        *error = {413, "body_too_large",
                  "the request body is " + std::to_string(req.body.size()) + " bytes (at most " +
                      std::to_string(options.max_body_bytes) + ")",
                  ""};
        return false;
    }
    return true;
}

std::optional<json> read_json_body(const HttpRequest& req, const ApiOptions& options,
                                   EmptyBody empty, ApiError* error) {
    if (req.body.empty() && empty == EmptyBody::AllowedAsEmptyObject) return json::object();
    if (!body_acceptable(req, options, error)) return std::nullopt;
    if (req.body.empty()) {
        *error = bad("malformed_json", "the request body is empty: a JSON object is expected");
        return std::nullopt;
    }
    ParseGuard guard(options.max_json_depth);
    json value;
    try {
        value = json::parse(req.body.begin(), req.body.end(), std::ref(guard));
    } catch (const DepthExceeded& d) {
        *error = bad("too_deep", "the JSON body is nested deeper than " +
                                     std::to_string(options.max_json_depth) + " levels");
        (void)d;
        return std::nullopt;
    } catch (const json::parse_error& ex) {
        std::string_view what = ex.what();
        if (auto colon = what.find(": "); colon != std::string_view::npos)
            what.remove_prefix(colon + 2);
        *error = bad("malformed_json", "malformed JSON at byte " + std::to_string(ex.byte) + ": " +
                                           printable_clipped(what, 200));
        return std::nullopt;
    } catch (const json::exception& ex) {
        *error = bad("malformed_json", std::string("malformed JSON: ") + ex.what());
        return std::nullopt;
    }
    if (!guard.duplicate.empty()) {
        *error = bad("malformed_json",
                     "field '" + printable_clipped(guard.duplicate) + "' appears twice",
                     guard.duplicate.size() <= 64 ? guard.duplicate : "");
        return std::nullopt;
    }
    if (!value.is_object()) {
        *error = bad("bad_request", std::string("the request body must be a JSON object (got ") +
                                        value.type_name() + ")");
        return std::nullopt;
    }
    return value;
}

std::optional<nlohmann::json> read_json_body(const HttpRequest& req, HttpResponse& res,
                                             const ApiOptions& options, EmptyBody empty) {
    ApiError error;
    std::optional<nlohmann::json> body = read_json_body(req, options, empty, &error);
    if (!body) send_error(res, error);
    return body;
}

std::string text_problem(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        unsigned cp = 0x100;
        if (b < 0x20 || b == 0x7F) cp = b;
        // U+0080..U+009F are C2 80..C2 9F in UTF-8.
        if (b == 0xC2 && i + 1 < text.size()) {
            const auto n = static_cast<unsigned char>(text[i + 1]);
            if (n >= 0x80 && n <= 0x9F) cp = n;
        }
        if (cp != 0x100) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", cp);
            return "contains the control character " + std::string(code) + " (byte " +
                   std::to_string(i) + ")";
        }
    }
    return "";
}

void FieldReader::fail(std::string code, std::string field, std::string message) {
    if (ok()) error_ = {400, std::move(code), std::move(message), std::move(field)};
}

void FieldReader::only(std::initializer_list<std::string_view> allowed) {
    if (!ok()) return;
    for (const auto& item : obj_.items()) {
        if (std::find(allowed.begin(), allowed.end(), item.key()) == allowed.end()) {
            std::string names;
            for (std::string_view a : allowed)
                names += (names.empty() ? "" : ", ") + std::string(a);
            fail("unknown_field", item.key().size() <= 64 ? item.key() : "",
                 "unknown field '" + printable_clipped(item.key()) + "' (allowed: " + names + ")");
            return;
        }
    }
}

const json* FieldReader::find(const char* name, Need need) {
    if (!ok()) return nullptr;
    auto it = obj_.find(name);
    if (it == obj_.end() || (it->is_null() && need == Need::Optional)) {
        if (need == Need::Required)
            fail("invalid_field", name, "missing required field '" + std::string(name) + "'");
        return nullptr;
    }
    return &*it;
}

bool FieldReader::check_text(const std::string& field, const std::string& value,
                             std::size_t max_bytes) {
    if (value.size() > max_bytes) {
        fail("invalid_field", field,
             "field '" + field + "' is " + std::to_string(value.size()) + " bytes long (at most " +
                 std::to_string(max_bytes) + ")");
        return false;
    }
    if (std::string problem = text_problem(value); !problem.empty()) {
        fail("invalid_field", field, "field '" + field + "' " + problem);
        return false;
    }
    return true;
}

std::string FieldReader::text(const char* name, Need need, std::size_t max_bytes) {
    const json* v = find(name, need);
    if (!v) return "";
    if (!v->is_string()) {
        fail("invalid_field", name,
             "field '" + std::string(name) + "' must be a string (got " + v->type_name() + ")");
        return "";
    }
    const std::string& s = v->get_ref<const std::string&>();
    if (need == Need::Required && s.empty()) {
        fail("invalid_field", name, "field '" + std::string(name) + "' must not be empty");
        return "";
    }
    return check_text(name, s, max_bytes) ? s : "";
}

std::vector<std::string> FieldReader::text_list(const char* name, Need need, std::size_t max_items,
                                                std::size_t max_bytes) {
    std::vector<std::string> out;
    const json* v = find(name, need);
    if (!v) return out;
    if (!v->is_array()) {
        fail("invalid_field", name,
             "field '" + std::string(name) + "' must be an array of strings (got " +
                 v->type_name() + ")");
        return out;
    }
    if (v->size() > max_items) {
        fail("invalid_field", name,
             "field '" + std::string(name) + "' has " + std::to_string(v->size()) +
                 " items (at most " + std::to_string(max_items) + ")");
        return out;
    }
    for (std::size_t i = 0; i < v->size(); ++i) {
        const std::string path = std::string(name) + "[" + std::to_string(i) + "]";
        const json& item = (*v)[i];
        if (!item.is_string()) {
            fail("invalid_field", path,
                 "field '" + path + "' must be a string (got " + item.type_name() + ")");
            return {};
        }
        if (!check_text(path, item.get_ref<const std::string&>(), max_bytes)) return {};
        out.push_back(item.get<std::string>());
    }
    return out;
}

template <typename T>
T FieldReader::parsed(const char* name, Need need, Result<T> (*parse)(std::string_view),
                      const char* form) {
    const std::string text = this->text(name, need, 64);
    if (!ok() || text.empty()) return {};
    Result<T> value = parse(text);
    if (!value) {
        fail("invalid_field", name,
             "field '" + std::string(name) + "' must be " + form + " (got '" +
                 printable_clipped(text) + "')");
        return {};
    }
    return *value;
}

Date FieldReader::date(const char* name, Need need) {
    return parsed(name, need, parse_date, "a date YYYY-MM-DD");
}

YearMonth FieldReader::year_month(const char* name, Need need) {
    return parsed(name, need, parse_year_month, "a month YYYY-MM");
}

}  // namespace stampline::server
