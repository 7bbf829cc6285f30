#include "shared/event_json.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <span>
#include <vector>

#include "shared/printable.h"
#include "shared/utf8_text.h"

namespace stampline {

using nlohmann::json;

namespace {

constexpr std::string_view kCommonFields[] = {
    "v",     "id",    "type",  "serial",        "sheet_version",  "station",
    "stage", "stamp", "actor", "terminal_time", "corrected_time",
};
constexpr std::string_view kSheetIssuedFields[] = {"product_type", "order"};
constexpr std::string_view kSheetReprintedFields[] = {"new_version", "reason"};
constexpr std::string_view kStageAcceptedFields[] = {"checks"};
constexpr std::string_view kNcRaisedFields[] = {
    "code", "severity", "origin_stage", "quantity", "disposition", "note", "found", "field_stage"};
constexpr std::string_view kNcFollowUpFields[] = {"nc", "note"};
constexpr std::string_view kReasonFields[] = {"reason"};
constexpr std::string_view kNoteFields[] = {"note"};
constexpr std::string_view kCheckFields[] = {"item", "pass", "note"};

// The deepest valid event: top object > checks array > check object.
constexpr int kMaxDepth = 3;

std::span<const std::string_view> body_fields(EventKind kind) {
    switch (kind) {
        case EventKind::SheetIssued: return kSheetIssuedFields;
        case EventKind::SheetReprinted: return kSheetReprintedFields;
        case EventKind::StageAccepted: return kStageAcceptedFields;
        case EventKind::StageSignedOff: return {};
        case EventKind::NcRaised: return kNcRaisedFields;
        case EventKind::NcCorrected:
        case EventKind::NcVerified: return kNcFollowUpFields;
        case EventKind::UnitHeld: return kReasonFields;
        case EventKind::UnitReleased: return kNoteFields;
    }
    return {};
}

bool contains(std::span<const std::string_view> names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_v7(const Uuid& id) {
    return id.version() == 7 && (id.bytes[8] & 0xC0) == 0x80;
}

// Builds messages that name a field of an event of one type.
class Namer {
public:
    explicit Namer(std::string_view kind) : kind_(kind) {}

    // "field 'quantity' in nc_raised event"
    std::string field(std::string_view path) const {
        return "field '" + std::string(path) + "'" + in_event();
    }
    Status missing(std::string_view path) const {
        return invalid("missing required field '" + std::string(path) + "'" + in_event());
    }
    Status unknown(std::string_view path) const {
        return invalid("unknown field '" + printable_clipped(path) + "'" + in_event());
    }
    Status wrong_type(std::string_view path, const char* expected, const json& got) const {
        return invalid(field(path) + " must be " + expected + " (got " + got.type_name() + ")");
    }
    Status out_of_range(std::string_view path, long long min, long long max,
                        const std::string& got) const {
        return invalid(field(path) + " must be between " + std::to_string(min) + " and " +
                       std::to_string(max) + " (got " + got + ")");
    }

private:
    std::string in_event() const {
        return kind_.empty() ? std::string() : " in " + std::string(kind_) + " event";
    }
    std::string_view kind_;
};

// ---- validation of values ----

class Validator {
public:
    explicit Validator(const Namer& names) : names_(names) {}

    void text(std::string_view path, const std::string& value, std::size_t max_bytes,
              bool required = false) {
        if (!status_) return;
        if (required && value.empty()) {
            status_ = invalid(names_.field(path) + " must not be empty");
        } else if (value.size() > max_bytes) {
            status_ = invalid(names_.field(path) + " is " + std::to_string(value.size()) +
                              " bytes long (at most " + std::to_string(max_bytes) + ")");
        } else if (auto problem = text_problem(value)) {
            status_ = invalid(names_.field(path) + " " + *problem);
        }
    }
    void code(std::string_view path, const std::string& value, bool required = false) {
        text(path, value, kMaxCodeBytes, required);
    }
    void note(std::string_view path, const std::string& value) { text(path, value, kMaxTextBytes); }
    void range(std::string_view path, int value, int min, int max) {
        if (status_ && (value < min || value > max)) {
            status_ = names_.out_of_range(path, min, max, std::to_string(value));
        }
    }
    void uuid_v7(std::string_view path, const Uuid& id) {
        if (!status_ || is_v7(id)) return;
        status_ = invalid(names_.field(path) + " must be a UUIDv7 (got " +
                          (id.version() == 7 ? std::string("variant bits other than 10")
                                             : "version " + std::to_string(id.version())) +
                          ")");
    }
    void time(std::string_view path, Timestamp t) {
        const int year = date_of(t).year;
        if (status_ && (year < 1 || year > 9999)) {
            status_ = invalid(names_.field(path) + " lies outside the years 0001..9999");
        }
    }
    // Empty, or one of `allowed`.
    void one_of(std::string_view path, const std::string& value,
                std::span<const char* const> allowed) {
        if (!status_ || value.empty()) return;
        std::string list;
        for (const char* a : allowed) {
            if (value == a) return;
            list += (list.empty() ? "" : ", ") + std::string(a);
        }
        status_ = invalid(names_.field(path) + " must be one of " + list + " (got '" +
                          printable_clipped(value) + "')");
    }
    void count(std::string_view path, std::size_t n, std::size_t max) {
        if (status_ && n > max) {
            status_ = invalid(names_.field(path) + " has " + std::to_string(n) +
                              " items (at most " + std::to_string(max) + ")");
        }
    }
    const Status& status() const { return status_; }

private:
    const Namer& names_;
    Status status_;
};

struct BodyValidator {
    Validator& v;
    void operator()(const SheetIssued& b) const {
        v.code("product_type", b.product_type, true);
        v.code("order", b.order);
    }
    void operator()(const SheetReprinted& b) const {
        v.range("new_version", b.new_version, 2, kMaxSheetVersion);
        v.note("reason", b.reason);
    }
    void operator()(const StageAccepted& b) const {
        v.count("checks", b.checks.size(), kMaxChecks);
        for (std::size_t i = 0; i < b.checks.size(); ++i) {
            const std::string prefix = "checks[" + std::to_string(i) + "].";
            v.code(prefix + "item", b.checks[i].item, true);
            v.note(prefix + "note", b.checks[i].note);
        }
    }
    void operator()(const StageSignedOff&) const {}
    void operator()(const NcRaised& b) const {
        v.code("code", b.code, true);
        v.code("origin_stage", b.origin_stage);
        v.range("quantity", b.quantity, 1, kMaxQuantity);
        v.code("disposition", b.disposition);
        v.note("note", b.note);
        v.one_of("found", b.found, kNcFoundPlaces);
        v.code("field_stage", b.field_stage);
    }
    void operator()(const NcCorrected& b) const {
        v.uuid_v7("nc", b.nc);
        v.note("note", b.note);
    }
    void operator()(const NcVerified& b) const {
        v.uuid_v7("nc", b.nc);
        v.note("note", b.note);
    }
    void operator()(const UnitHeld& b) const { v.note("reason", b.reason); }
    void operator()(const UnitReleased& b) const { v.note("note", b.note); }
};

// ---- encoding ----

struct BodyWriter {
    json& j;
    void operator()(const SheetIssued& b) const {
        j["product_type"] = b.product_type;
        j["order"] = b.order;
    }
    void operator()(const SheetReprinted& b) const {
        j["new_version"] = b.new_version;
        j["reason"] = b.reason;
    }
    void operator()(const StageAccepted& b) const {
        json checks = json::array();
        for (const CheckResult& c : b.checks) {
            checks.push_back(json{{"item", c.item}, {"pass", c.pass}, {"note", c.note}});
        }
        j["checks"] = std::move(checks);
    }
    void operator()(const StageSignedOff&) const {}
    void operator()(const NcRaised& b) const {
        j["code"] = b.code;
        j["severity"] = severity_name(b.severity);
        j["origin_stage"] = b.origin_stage;
        j["quantity"] = b.quantity;
        j["disposition"] = b.disposition;
        j["note"] = b.note;
        if (!b.found.empty()) j["found"] = b.found;
        if (!b.field_stage.empty()) j["field_stage"] = b.field_stage;
    }
    void operator()(const NcCorrected& b) const {
        j["nc"] = to_string(b.nc);
        j["note"] = b.note;
    }
    void operator()(const NcVerified& b) const {
        j["nc"] = to_string(b.nc);
        j["note"] = b.note;
    }
    void operator()(const UnitHeld& b) const { j["reason"] = b.reason; }
    void operator()(const UnitReleased& b) const { j["note"] = b.note; }
};

// ---- decoding ----

enum class Need { Required, Optional };

// Reads typed fields of one JSON object; the first error wins and later reads do nothing.
class Reader {
public:
    Reader(const json& obj, const Namer& names, std::string prefix = "")
        : obj_(obj), names_(names), prefix_(std::move(prefix)) {}

    void allow_only(std::span<const std::string_view> a, std::span<const std::string_view> b = {}) {
        if (!status_) return;
        for (const auto& item : obj_.items()) {
            if (!contains(a, item.key()) && !contains(b, item.key())) {
                status_ = names_.unknown(prefix_ + item.key());
                return;
            }
        }
    }

    void str(const char* name, std::string* out, Need need = Need::Required) {
        if (const json* v = find(name, need)) {
            if (!v->is_string()) {
                status_ = names_.wrong_type(path(name), "a string", *v);
            } else {
                *out = v->get_ref<const std::string&>();
            }
        }
    }

    void integer(const char* name, int min, int max, int* out) {
        const json* v = find(name, Need::Required);
        if (!v) return;
        if (!v->is_number_integer()) {
            status_ = names_.wrong_type(path(name), "an integer", *v);
            return;
        }
        bool fits = false;  // min and max are not negative
        if (v->is_number_unsigned()) {
            const auto u = v->get<std::uint64_t>();
            fits = u <= static_cast<std::uint64_t>(max) && static_cast<std::int64_t>(u) >= min;
        } else {
            const auto i = v->get<std::int64_t>();
            fits = i >= min && i <= max;
        }
        if (!fits) {
            status_ = names_.out_of_range(path(name), min, max, v->dump());
            return;
        }
        *out = static_cast<int>(v->get<std::int64_t>());
    }

    void boolean(const char* name, bool* out) {
        if (const json* v = find(name, Need::Required)) {
            if (!v->is_boolean()) {
                status_ = names_.wrong_type(path(name), "a boolean", *v);
            } else {
                *out = v->get<bool>();
            }
        }
    }

    void uuid(const char* name, Uuid* out) {
        std::string text;
        str(name, &text);
        if (!status_) return;
        auto id = parse_uuid(text);
        if (!id) {
            status_ = invalid(names_.field(path(name)) + ": " + id.error().message());
        } else {
            *out = *id;
        }
    }

    void optional_time(const char* name, std::optional<Timestamp>* out) {
        if (obj_.contains(name)) time(name, &out->emplace());
    }

    void time(const char* name, Timestamp* out) {
        std::string text;
        str(name, &text);
        if (!status_) return;
        auto t = parse_utc(text);
        if (!t) {
            status_ = invalid(names_.field(path(name)) + ": " + t.error().message());
        } else {
            *out = *t;
        }
    }

    void severity(const char* name, Severity* out) {
        std::string text;
        str(name, &text);
        if (status_ && !parse_severity(text, out)) {
            status_ =
                invalid(names_.field(path(name)) + " must be minor, major or critical (got '" +
                        printable_clipped(text) + "')");
        }
    }

    // The array field name, or nullptr (with the error set) when it is missing or not an array.
    const json* array(const char* name) {
        const json* v = find(name, Need::Required);
        if (v && !v->is_array()) {
            status_ = names_.wrong_type(path(name), "an array", *v);
            return nullptr;
        }
        return v;
    }

    const Status& status() const { return status_; }
    void fail(Status s) {
        if (status_) status_ = std::move(s);
    }

private:
    std::string path(const char* name) const { return prefix_ + name; }

    // The member name, or nullptr when a previous read failed or it is absent (an error when
    // required; an absent optional field keeps the default already in *out).
    const json* find(const char* name, Need need) {
        if (!status_) return nullptr;
        auto it = obj_.find(name);
        if (it == obj_.end()) {
            if (need == Need::Required) status_ = names_.missing(path(name));
            return nullptr;
        }
        return &*it;
    }

    const json& obj_;
    const Namer& names_;
    std::string prefix_;
    Status status_;
};

void read_checks(Reader& r, const Namer& names, std::vector<CheckResult>* out) {
    const json* checks = r.array("checks");
    if (!checks) return;
    if (checks->size() > kMaxChecks) {
        r.fail(invalid(names.field("checks") + " has " + std::to_string(checks->size()) +
                       " items (at most " + std::to_string(kMaxChecks) + ")"));
        return;
    }
    for (std::size_t i = 0; i < checks->size() && r.status(); ++i) {
        const json& item = (*checks)[i];
        const std::string prefix = "checks[" + std::to_string(i) + "]";
        if (!item.is_object()) {
            r.fail(names.wrong_type(prefix, "an object", item));
            return;
        }
        Reader c(item, names, prefix + ".");
        CheckResult check;
        c.allow_only(kCheckFields);
        c.str("item", &check.item);
        c.boolean("pass", &check.pass);
        c.str("note", &check.note, Need::Optional);
        r.fail(c.status());
        out->push_back(std::move(check));
    }
}

Result<EventBody> read_body(EventKind kind, Reader& r, const Namer& names) {
    EventBody body;
    switch (kind) {
        case EventKind::SheetIssued: {
            SheetIssued b;
            r.str("product_type", &b.product_type);
            r.str("order", &b.order);
            body = std::move(b);
            break;
        }
        case EventKind::SheetReprinted: {
            SheetReprinted b;
            r.integer("new_version", 2, kMaxSheetVersion, &b.new_version);
            r.str("reason", &b.reason);
            body = std::move(b);
            break;
        }
        case EventKind::StageAccepted: {
            StageAccepted b;
            read_checks(r, names, &b.checks);
            body = std::move(b);
            break;
        }
        case EventKind::StageSignedOff: body = StageSignedOff{}; break;
        case EventKind::NcRaised: {
            NcRaised b;
            r.str("code", &b.code);
            r.severity("severity", &b.severity);
            r.str("origin_stage", &b.origin_stage);
            r.integer("quantity", 1, kMaxQuantity, &b.quantity);
            r.str("disposition", &b.disposition);
            r.str("note", &b.note, Need::Optional);
            r.str("found", &b.found, Need::Optional);
            r.str("field_stage", &b.field_stage, Need::Optional);
            body = std::move(b);
            break;
        }
        case EventKind::NcCorrected: {
            NcCorrected b;
            r.uuid("nc", &b.nc);
            r.str("note", &b.note, Need::Optional);
            body = std::move(b);
            break;
        }
        case EventKind::NcVerified: {
            NcVerified b;
            r.uuid("nc", &b.nc);
            r.str("note", &b.note, Need::Optional);
            body = std::move(b);
            break;
        }
        case EventKind::UnitHeld: {
            UnitHeld b;
            r.str("reason", &b.reason);
            body = std::move(b);
            break;
        }
        case EventKind::UnitReleased: {
            UnitReleased b;
            r.str("note", &b.note, Need::Optional);
            body = std::move(b);
            break;
        }
    }
    if (!r.status()) return r.status();
    return body;
}

Result<Event> decode(const json& j) {
    if (!j.is_object()) {
        return invalid(std::string("an event must be a JSON object (got ") + j.type_name() + ")");
    }
    const Namer untyped("");
    auto v = j.find("v");
    if (v == j.end()) return untyped.missing("v");
    if (!v->is_number_integer()) return untyped.wrong_type("v", "an integer", *v);
    if (v->is_number_unsigned() ? v->get<std::uint64_t>() != kProtocolVersion
                                : v->get<std::int64_t>() != kProtocolVersion) {
        return invalid("unsupported protocol version " + v->dump() + " (this build speaks " +
                       std::to_string(kProtocolVersion) + ")");
    }
    auto type = j.find("type");
    if (type == j.end()) return untyped.missing("type");
    if (!type->is_string()) return untyped.wrong_type("type", "a string", *type);
    const std::string& type_name = type->get_ref<const std::string&>();
    EventKind kind{};
    if (!parse_event_kind(type_name, &kind)) {
        return invalid("unknown event type '" + printable_clipped(type_name) + "'");
    }

    const Namer names(event_kind_name(kind));
    Reader r(j, names);
    r.allow_only(kCommonFields, body_fields(kind));
    Event e;
    r.uuid("id", &e.id);
    r.str("serial", &e.serial);
    r.integer("sheet_version", 1, kMaxSheetVersion, &e.sheet_version);
    r.str("station", &e.station, Need::Optional);
    r.str("stage", &e.stage, Need::Optional);
    r.str("stamp", &e.stamp, Need::Optional);
    r.str("actor", &e.actor, Need::Optional);
    r.time("terminal_time", &e.terminal_time);
    r.optional_time("corrected_time", &e.corrected_time);
    auto body = read_body(kind, r, names);
    if (!body) return body.error();
    e.body = std::move(*body);
    if (Status s = validate_event(e); !s) return s;
    return e;
}

// Tracks, during a callback parse, the first duplicate key and the deepest nesting.
struct ParseGuard {
    std::vector<std::set<std::string>> keys;  // one set per open object
    std::string duplicate;
    bool has_duplicate = false;
    int max_depth = 0;

    bool operator()(int depth, json::parse_event_t event, json& parsed) {
        max_depth = std::max(max_depth, depth);
        switch (event) {
            case json::parse_event_t::object_start: keys.emplace_back(); break;
            case json::parse_event_t::object_end:
                if (!keys.empty()) keys.pop_back();
                break;
            case json::parse_event_t::key:
                if (!keys.empty() && parsed.is_string() &&
                    !keys.back().insert(parsed.get<std::string>()).second && !has_duplicate) {
                    has_duplicate = true;
                    duplicate = parsed.get<std::string>();
                }
                break;
            default: break;
        }
        return true;
    }
};

}  // namespace

Status validate_event(const Event& e) {
    const Namer names(event_kind_name(e.kind()));
    Validator v(names);
    v.uuid_v7("id", e.id);
    v.code("serial", e.serial, true);
    v.range("sheet_version", e.sheet_version, 1, kMaxSheetVersion);
    v.code("station", e.station);
    v.code("stage", e.stage);
    v.code("stamp", e.stamp);
    v.code("actor", e.actor);
    v.time("terminal_time", e.terminal_time);
    if (e.corrected_time) v.time("corrected_time", *e.corrected_time);
    std::visit(BodyValidator{v}, e.body);
    return v.status();
}

json event_to_json(const Event& e) {
    json j = json::object();
    j["v"] = kProtocolVersion;
    j["id"] = to_string(e.id);
    j["type"] = event_kind_name(e.kind());
    j["serial"] = e.serial;
    j["sheet_version"] = e.sheet_version;
    j["station"] = e.station;
    j["stage"] = e.stage;
    j["stamp"] = e.stamp;
    j["actor"] = e.actor;
    j["terminal_time"] = format_utc(e.terminal_time);
    if (e.corrected_time) j["corrected_time"] = format_utc(*e.corrected_time);
    std::visit(BodyWriter{j}, e.body);
    return j;
}

Result<Event> event_from_json(const json& j) {
    try {
        return decode(j);
    } catch (const json::exception& ex) {
        // Not expected: every access above checks the type first.
        return invalid(std::string("event JSON could not be decoded: ") + ex.what());
    }
}

Result<Event> parse_event_text(std::string_view text) {
    if (text.size() > kMaxEventTextBytes) {
        return invalid("event text is " + std::to_string(text.size()) + " bytes long (at most " +
                       std::to_string(kMaxEventTextBytes) + ")");
    }
    ParseGuard guard;
    json j;
    try {
        j = json::parse(text.begin(), text.end(), std::ref(guard));
    } catch (const json::parse_error& ex) {
        // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
        std::string_view what = ex.what();
        if (auto colon = what.find(": "); colon != std::string_view::npos) {
            what.remove_prefix(colon + 2);
        }
        return invalid("malformed event JSON at byte " + std::to_string(ex.byte) + ": " +
                       printable_clipped(what, 200));
    } catch (const json::exception& ex) {
        return invalid(std::string("malformed event JSON: ") + ex.what());
    }
    if (guard.has_duplicate) {
        return invalid("duplicate field '" + printable_clipped(guard.duplicate) +
                       "' in event JSON");
    }
    if (guard.max_depth > kMaxDepth) {
        return invalid("event JSON is nested " + std::to_string(guard.max_depth) +
                       " levels deep (an event has at most " + std::to_string(kMaxDepth) + ")");
    }
    return event_from_json(j);
}

}  // namespace stampline
