// reference_from_json (server_client.h): the inverse of the server's plant_json and stamp_json
// (server/http/resource_json.cpp). Every field those write is required here, with its JSON
// type; fields this build does not know are ignored (the server may add some).
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "shared/event_json.h"
#include "terminal/sync/server_client.h"

namespace stampline::terminal {

namespace {

using nlohmann::json;

// Thrown inside this file only, caught by reference_from_json.
struct FieldError {
    std::string message;
};

std::string join(const std::string& path, std::string_view key) {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

[[noreturn]] void wrong_type(const std::string& path, const char* want, const json& got) {
    throw FieldError{"field '" + path + "' must be " + want + " (got " + got.type_name() + ")"};
}

const json& field(const json& object, const std::string& path, std::string_view key) {
    if (!object.is_object()) wrong_type(path, "an object", object);
    auto it = object.find(key);
    if (it == object.end()) throw FieldError{"missing required field '" + join(path, key) + "'"};
    return *it;
}

std::string text(const json& object, const std::string& path, std::string_view key) {
    const json& v = field(object, path, key);
    if (!v.is_string()) wrong_type(join(path, key), "a string", v);
    return v.get<std::string>();
}

bool boolean(const json& object, const std::string& path, std::string_view key) {
    const json& v = field(object, path, key);
    if (!v.is_boolean()) wrong_type(join(path, key), "a boolean", v);
    return v.get<bool>();
}

int integer(const json& object, const std::string& path, std::string_view key) {
    const json& v = field(object, path, key);
    if (!v.is_number_integer()) wrong_type(join(path, key), "an integer", v);
    const bool fits = v.is_number_unsigned()
                          ? v.get<std::uint64_t>() <= std::numeric_limits<int>::max()
                          : v.get<std::int64_t>() >= std::numeric_limits<int>::min() &&
                                v.get<std::int64_t>() <= std::numeric_limits<int>::max();
    if (!fits)
        throw FieldError{"field '" + join(path, key) + "' is out of range (" + v.dump() + ")"};
    return v.get<int>();
}

LocalText local_text(const json& object, const std::string& path, std::string_view key) {
    const json& v = field(object, path, key);
    const std::string at = join(path, key);
    return LocalText{text(v, at, "ru"), text(v, at, "en")};
}

// Calls f(element, "path.key[i]") for each element of the array at key.
template <typename F>
void each(const json& object, const std::string& path, std::string_view key, F&& f) {
    const json& v = field(object, path, key);
    const std::string at = join(path, key);
    if (!v.is_array()) wrong_type(at, "an array", v);
    for (std::size_t i = 0; i < v.size(); ++i) f(v[i], at + "[" + std::to_string(i) + "]");
}

std::vector<std::string> strings(const json& object, const std::string& path,
                                 std::string_view key) {
    std::vector<std::string> out;
    each(object, path, key, [&](const json& v, const std::string& at) {
        if (!v.is_string()) wrong_type(at, "a string", v);
        out.push_back(v.get<std::string>());
    });
    return out;
}

Severity severity(const json& object, const std::string& path, std::string_view key) {
    const std::string name = text(object, path, key);
    Severity s = Severity::Minor;
    if (!parse_severity(name, &s)) {
        throw FieldError{"field '" + join(path, key) + "' is not a severity ('" + name +
                         "'; expected minor, major or critical)"};
    }
    return s;
}

Plant plant_from(const json& j, const std::string& path) {
    Plant p;
    p.code = text(j, path, "code");
    p.name = local_text(j, path, "name");
    p.default_language = text(j, path, "default_language");
    each(j, path, "stages", [&](const json& v, const std::string& at) {
        p.stages.push_back(Stage{text(v, at, "code"), local_text(v, at, "name")});
    });
    each(j, path, "products", [&](const json& v, const std::string& at) {
        p.products.push_back(ProductType{text(v, at, "code"), local_text(v, at, "name"),
                                         text(v, at, "gtin"), strings(v, at, "route")});
    });
    each(j, path, "stations", [&](const json& v, const std::string& at) {
        p.stations.push_back(
            Station{text(v, at, "id"), local_text(v, at, "name"), strings(v, at, "stages")});
    });
    each(j, path, "checklists", [&](const json& v, const std::string& at) {
        Checklist c{text(v, at, "from_stage"), text(v, at, "to_stage"), {}};
        each(v, at, "items", [&](const json& item, const std::string& item_at) {
            c.items.push_back(
                ChecklistItem{text(item, item_at, "id"), local_text(item, item_at, "text")});
        });
        p.checklists.push_back(std::move(c));
    });
    each(j, path, "nc_categories", [&](const json& v, const std::string& at) {
        p.nc_categories.push_back(NcCategory{text(v, at, "code"), local_text(v, at, "name")});
    });
    each(j, path, "nc_codes", [&](const json& v, const std::string& at) {
        p.nc_codes.push_back(NcCode{text(v, at, "code"), text(v, at, "category"),
                                    local_text(v, at, "text"),
                                    severity(v, at, "default_severity")});
    });
    each(j, path, "dispositions", [&](const json& v, const std::string& at) {
        p.dispositions.push_back(Disposition{text(v, at, "code"), local_text(v, at, "name")});
    });
    const json& rules = field(j, path, "rules");
    const std::string at = join(path, "rules");
    p.rules.open_nc_blocks_signoff = boolean(rules, at, "open_nc_blocks_signoff");
    p.rules.blocking_severity = severity(rules, at, "blocking_severity");
    p.rules.require_acceptance = boolean(rules, at, "require_acceptance");
    p.rules.independent_verification = boolean(rules, at, "independent_verification");
    p.rules.pin_max_attempts = integer(rules, at, "pin_max_attempts");
    p.rules.session_timeout_s = integer(rules, at, "session_timeout_s");
    return p;
}

StampRecord stamp_from(const json& j, const std::string& path) {
    StampRecord s;
    s.id = text(j, path, "id");
    s.holder = text(j, path, "holder");
    s.stages = strings(j, path, "stages");
    const std::string status = text(j, path, "status");
    if (!parse_stamp_status(status, &s.status)) {
        throw FieldError{"field '" + join(path, "status") + "' is not a stamp status ('" + status +
                         "'; expected active, suspended or revoked)"};
    }
    const std::string due = text(j, path, "attestation_due");
    Result<Date> date = parse_date(due);
    if (!date) {
        throw FieldError{"field '" + join(path, "attestation_due") +
                         "': " + date.error().message()};
    }
    s.attestation_due = *date;
    s.badge_issue = integer(j, path, "badge_issue");
    s.pin_hash = text(j, path, "pin_hash");
    return s;
}

}  // namespace

Result<Reference> reference_from_json(const std::string& text) {
    try {
        const json body = json::parse(text);
        if (!body.is_object()) wrong_type("(body)", "an object", body);
        const json& v = field(body, "", "v");
        if (!v.is_number_integer() || v.get<std::int64_t>() != kProtocolVersion) {
            return invalid("reference: unsupported protocol version " + v.dump() +
                           " (this terminal speaks " + std::to_string(kProtocolVersion) + ")");
        }
        Reference reference;
        reference.plant = plant_from(field(body, "", "plant"), "plant");
        each(body, "", "stamps", [&](const json& s, const std::string& at) {
            reference.stamps.push_back(stamp_from(s, at));
        });
        return reference;
    } catch (const FieldError& e) {
        return invalid("reference: " + e.message);
    } catch (const json::exception& e) {
        return invalid(std::string("reference: the body is not valid JSON: ") + e.what());
    }
}

}  // namespace stampline::terminal
