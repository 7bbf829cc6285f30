#include "shared/canonical_event.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "shared/event_json.h"
#include "shared/utf8_text.h"

namespace stampline {

namespace {

// ---- writing ----

// The JSON string of s when it needs no escape but \" and \\ (what every valid event holds);
// false when s would need more (control characters, invalid UTF-8): the caller then lets
// nlohmann write the whole event, so both cases give nlohmann's bytes.
bool put_string(std::string& out, std::string_view s) {
    if (text_problem(s)) return false;
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    out += '"';
    return true;
}

// The members of the top-level object, rendered, then written in ascending key order.
class ObjectWriter {
public:
    void text(std::string_view key, std::string_view value) {
        std::string v;
        quoted(v, value);
        fields_.emplace_back(key, std::move(v));
    }
    // Appends value as a JSON string to out (for members built by hand, like the checks).
    void quoted(std::string& out, std::string_view value) { ok_ = put_string(out, value) && ok_; }
    void number(std::string_view key, int value) {
        fields_.emplace_back(key, std::to_string(value));
    }
    void raw(std::string_view key, std::string value) {
        fields_.emplace_back(key, std::move(value));
    }
    bool ok() const { return ok_; }

    std::string finish() {
        std::sort(fields_.begin(), fields_.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        std::string out = "{";
        for (const auto& [key, value] : fields_) {
            if (out.size() > 1) out += ',';
            out += '"';
            out += key;
            out += "\":";
            out += value;
        }
        out += '}';
        return out;
    }

private:
    std::vector<std::pair<std::string_view, std::string>> fields_;
    bool ok_ = true;
};

struct BodyWriter {
    ObjectWriter& w;
    void operator()(const SheetIssued& b) const {
        w.text("product_type", b.product_type);
        w.text("order", b.order);
    }
    void operator()(const SheetReprinted& b) const {
        w.number("new_version", b.new_version);
        w.text("reason", b.reason);
    }
    void operator()(const StageAccepted& b) const {
        std::string checks = "[";
        for (const CheckResult& c : b.checks) {
            if (checks.size() > 1) checks += ',';
            checks += "{\"item\":";
            w.quoted(checks, c.item);
            checks += ",\"note\":";
            w.quoted(checks, c.note);
            checks += c.pass ? ",\"pass\":true}" : ",\"pass\":false}";
        }
        checks += ']';
        w.raw("checks", std::move(checks));
    }
    void operator()(const StageSignedOff&) const {}
    void operator()(const NcRaised& b) const {
        w.text("code", b.code);
        w.text("severity", severity_name(b.severity));
        w.text("origin_stage", b.origin_stage);
        w.number("quantity", b.quantity);
        w.text("disposition", b.disposition);
        w.text("note", b.note);
        if (!b.found.empty()) w.text("found", b.found);
        if (!b.field_stage.empty()) w.text("field_stage", b.field_stage);
    }
    void operator()(const NcCorrected& b) const {
        w.text("nc", to_string(b.nc));
        w.text("note", b.note);
    }
    void operator()(const NcVerified& b) const {
        w.text("nc", to_string(b.nc));
        w.text("note", b.note);
    }
    void operator()(const UnitHeld& b) const { w.text("reason", b.reason); }
    void operator()(const UnitReleased& b) const { w.text("note", b.note); }
};

// ---- reading ----

// Every member name an event has, in ascending byte order (the canonical order).
enum Key : int {
    kActor,
    kChecks,
    kCode,
    kCorrectedTime,
    kDisposition,
    kFieldStage,
    kFound,
    kId,
    kNc,
    kNewVersion,
    kNote,
    kOrder,
    kOriginStage,
    kProductType,
    kQuantity,
    kReason,
    kSerial,
    kSeverity,
    kSheetVersion,
    kStage,
    kStamp,
    kStation,
    kTerminalTime,
    kType,
    kV,
    kKeyCount
};
constexpr std::array<std::string_view, kKeyCount> kKeyNames = {"actor",
                                                               "checks",
                                                               "code",
                                                               "corrected_time",
                                                               "disposition",
                                                               "field_stage",
                                                               "found",
                                                               "id",
                                                               "nc",
                                                               "new_version",
                                                               "note",
                                                               "order",
                                                               "origin_stage",
                                                               "product_type",
                                                               "quantity",
                                                               "reason",
                                                               "serial",
                                                               "severity",
                                                               "sheet_version",
                                                               "stage",
                                                               "stamp",
                                                               "station",
                                                               "terminal_time",
                                                               "type",
                                                               "v"};

static_assert(std::is_sorted(kKeyNames.begin(), kKeyNames.end()));

constexpr std::uint32_t bit(Key k) {
    return std::uint32_t{1} << k;
}
constexpr std::uint32_t kCommonKeys = bit(kActor) | bit(kId) | bit(kSerial) | bit(kSheetVersion) |
                                      bit(kStage) | bit(kStamp) | bit(kStation) |
                                      bit(kTerminalTime) | bit(kType) | bit(kV);

std::uint32_t body_keys(EventKind kind) {
    switch (kind) {
        case EventKind::SheetIssued: return bit(kProductType) | bit(kOrder);
        case EventKind::SheetReprinted: return bit(kNewVersion) | bit(kReason);
        case EventKind::StageAccepted: return bit(kChecks);
        case EventKind::StageSignedOff: return 0;
        case EventKind::NcRaised:
            return bit(kCode) | bit(kSeverity) | bit(kOriginStage) | bit(kQuantity) |
                   bit(kDisposition) | bit(kNote);
        case EventKind::NcCorrected:
        case EventKind::NcVerified: return bit(kNc) | bit(kNote);
        case EventKind::UnitHeld: return bit(kReason);
        case EventKind::UnitReleased: return bit(kNote);
    }
    return 0;
}

// Reads the canonical grammar only; any other byte makes it fail (and stay failed).
class Cursor {
public:
    explicit Cursor(std::string_view text) : s_(text) {}

    bool ok() const { return ok_; }
    std::size_t pos() const { return i_; }

    bool peek(char c) const { return ok_ && i_ < s_.size() && s_[i_] == c; }
    void expect(char c) {
        if (peek(c))
            ++i_;
        else
            ok_ = false;
    }
    void expect(std::string_view word) {
        if (ok_ && s_.substr(i_, word.size()) == word)
            i_ += word.size();
        else
            ok_ = false;
    }

    // A string with no escape but \" and \\ and no byte below 0x20.
    std::string string() {
        std::string out;
        expect('"');
        while (ok_) {
            // The run of plain bytes up to the next quote or backslash, appended at once.
            std::size_t j = i_;
            while (j < s_.size() && s_[j] != '"' && s_[j] != '\\') {
                if (static_cast<unsigned char>(s_[j]) < 0x20) return fail();
                ++j;
            }
            if (j >= s_.size()) return fail();
            out.append(s_, i_, j - i_);
            i_ = j + 1;
            if (s_[j] == '"') return out;
            if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\\')) return fail();
            out += s_[i_++];
        }
        return out;
    }

    // A non-negative integer in plain decimal of at most 9 digits (every valid value fits).
    int number() {
        const std::size_t start = i_;
        int value = 0;
        while (ok_ && i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && i_ - start < 9)
            value = value * 10 + (s_[i_++] - '0');
        const std::size_t digits = i_ - start;
        if (digits == 0 || digits > 9 || (digits > 1 && s_[start] == '0')) ok_ = false;
        return value;
    }

    bool boolean() {
        if (peek('t')) {
            expect("true");
            return true;
        }
        expect("false");
        return false;
    }

    // [{"item":..,"note":..,"pass":..},...]
    std::vector<CheckResult> checks() {
        std::vector<CheckResult> out;
        expect('[');
        if (peek(']')) {
            ++i_;
            return out;
        }
        while (ok_ && out.size() <= kMaxChecks) {
            CheckResult c;
            expect("{\"item\":");
            c.item = string();
            expect(",\"note\":");
            c.note = string();
            expect(",\"pass\":");
            c.pass = boolean();
            expect('}');
            out.push_back(std::move(c));
            if (!peek(',')) break;
            ++i_;
        }
        expect(']');
        return out;
    }

private:
    std::string fail() {
        ok_ = false;
        return {};
    }

    std::string_view s_;
    std::size_t i_ = 0;
    bool ok_ = true;
};

// A UUID as to_string writes it (lowercase); parse_uuid also reads capitals.
std::optional<Uuid> canonical_uuid(std::string_view text) {
    Result<Uuid> id = parse_uuid(text);
    if (!id || std::any_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'F'; }))
        return std::nullopt;
    return *id;
}

// The members as read, by key.
struct Members {
    std::uint32_t present = 0;
    std::array<std::string, kKeyCount> text;
    std::array<int, kKeyCount> number{};
    std::vector<CheckResult> checks;
};

// The members of the object at the start of text; *end: where it ends.
std::optional<Members> read_members(std::string_view text, std::size_t* end) {
    Cursor in(text);
    Members m;
    in.expect('{');
    int previous = -1;
    while (in.ok()) {
        const std::string name = in.string();
        const auto* found = std::find(kKeyNames.begin(), kKeyNames.end(), name);
        const int key = static_cast<int>(found - kKeyNames.begin());
        if (found == kKeyNames.end() || key <= previous) return std::nullopt;  // order, dupes
        previous = key;
        in.expect(':');
        if (key == kChecks)
            m.checks = in.checks();
        else if (key == kV || key == kSheetVersion || key == kNewVersion || key == kQuantity)
            m.number[key] = in.number();
        else
            m.text[key] = in.string();
        m.present |= bit(static_cast<Key>(key));
        if (!in.peek(',')) break;
        in.expect(',');
    }
    in.expect('}');
    if (!in.ok()) return std::nullopt;
    *end = in.pos();
    return m;
}

std::optional<EventBody> body_of(EventKind kind, Members& m) {
    switch (kind) {
        case EventKind::SheetIssued:
            return SheetIssued{std::move(m.text[kProductType]), std::move(m.text[kOrder])};
        case EventKind::SheetReprinted:
            return SheetReprinted{m.number[kNewVersion], std::move(m.text[kReason])};
        case EventKind::StageAccepted: return StageAccepted{std::move(m.checks)};
        case EventKind::StageSignedOff: return StageSignedOff{};
        case EventKind::NcRaised: {
            NcRaised nc;
            if (!parse_severity(m.text[kSeverity], &nc.severity)) return std::nullopt;
            nc.code = std::move(m.text[kCode]);
            nc.origin_stage = std::move(m.text[kOriginStage]);
            nc.quantity = m.number[kQuantity];
            nc.disposition = std::move(m.text[kDisposition]);
            nc.note = std::move(m.text[kNote]);
            nc.found = std::move(m.text[kFound]);
            nc.field_stage = std::move(m.text[kFieldStage]);
            return nc;
        }
        case EventKind::NcCorrected:
        case EventKind::NcVerified: {
            std::optional<Uuid> nc = canonical_uuid(m.text[kNc]);
            if (!nc) return std::nullopt;
            if (kind == EventKind::NcCorrected) return NcCorrected{*nc, std::move(m.text[kNote])};
            return NcVerified{*nc, std::move(m.text[kNote])};
        }
        case EventKind::UnitHeld: return UnitHeld{std::move(m.text[kReason])};
        case EventKind::UnitReleased: return UnitReleased{std::move(m.text[kNote])};
    }
    return std::nullopt;
}

// An optional NcRaised member (found, field_stage) is written only when not empty.
bool optional_nc_text(const Members& m, EventKind kind, Key key) {
    return !(m.present & bit(key)) || (kind == EventKind::NcRaised && !m.text[key].empty());
}

}  // namespace

std::string canonical_event(const Event& e) {
    ObjectWriter w;
    w.number("v", kProtocolVersion);
    w.text("id", to_string(e.id));
    w.text("type", event_kind_name(e.kind()));
    w.text("serial", e.serial);
    w.number("sheet_version", e.sheet_version);
    w.text("station", e.station);
    w.text("stage", e.stage);
    w.text("stamp", e.stamp);
    w.text("actor", e.actor);
    w.text("terminal_time", format_utc(e.terminal_time));
    if (e.corrected_time) w.text("corrected_time", format_utc(*e.corrected_time));
    std::visit(BodyWriter{w}, e.body);
    if (w.ok()) return w.finish();
    return event_to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<Event> read_canonical_event(std::string_view text) {
    std::size_t end = 0;
    std::optional<Event> e = read_canonical_event_at(text, &end);
    if (!e || end != text.size()) return std::nullopt;
    return e;
}

std::optional<Event> read_canonical_event_at(std::string_view text, std::size_t* end) {
    std::optional<Members> m = read_members(text, end);
    if (m && *end > kMaxEventTextBytes) return std::nullopt;
    EventKind kind{};
    if (!m || !parse_event_kind(m->text[kType], &kind) || m->number[kV] != kProtocolVersion ||
        (m->present & ~(bit(kCorrectedTime) | bit(kFound) | bit(kFieldStage))) !=
            (kCommonKeys | body_keys(kind)) ||
        !optional_nc_text(*m, kind, kFound) || !optional_nc_text(*m, kind, kFieldStage)) {
        return std::nullopt;
    }
    Event e;
    std::optional<Uuid> id = canonical_uuid(m->text[kId]);
    // format_utc always writes the milliseconds; parse_utc also reads a time without them.
    Result<Timestamp> time = parse_utc(m->text[kTerminalTime]);
    std::optional<EventBody> body = body_of(kind, *m);
    if (!id || !time || m->text[kTerminalTime].size() != 24 || !body) return std::nullopt;
    if (m->present & bit(kCorrectedTime)) {
        Result<Timestamp> corrected = parse_utc(m->text[kCorrectedTime]);
        if (!corrected || m->text[kCorrectedTime].size() != 24) return std::nullopt;
        e.corrected_time = *corrected;
    }
    e.id = *id;
    e.serial = std::move(m->text[kSerial]);
    e.sheet_version = m->number[kSheetVersion];
    e.station = std::move(m->text[kStation]);
    e.stage = std::move(m->text[kStage]);
    e.stamp = std::move(m->text[kStamp]);
    e.actor = std::move(m->text[kActor]);
    e.terminal_time = *time;
    e.body = std::move(*body);
    if (!validate_event(e)) return std::nullopt;
    return e;
}

Result<Event> parse_stored_event(std::string_view text) {
    if (std::optional<Event> e = read_canonical_event(text)) return std::move(*e);
    return parse_event_text(text);
}

std::optional<CanonicalBatch> read_canonical_batch(std::string_view body, std::size_t max_batch) {
    constexpr std::string_view kHead = "{\"events\":[", kTail = "],\"v\":1}";
    if (!body.starts_with(kHead) || !body.ends_with(kTail)) return std::nullopt;
    std::string_view rest = body.substr(kHead.size(), body.size() - kHead.size() - kTail.size());
    CanonicalBatch batch;
    while (!rest.empty()) {
        if (batch.events.size() == max_batch) return std::nullopt;
        std::size_t end = 0;
        std::optional<Event> e = read_canonical_event_at(rest, &end);
        if (!e) return std::nullopt;
        batch.events.push_back(std::move(*e));
        batch.texts.push_back(rest.substr(0, end));
        rest.remove_prefix(end);
        if (rest.empty()) break;
        if (rest.front() != ',' || rest.size() == 1) return std::nullopt;
        rest.remove_prefix(1);
    }
    return batch;
}

}  // namespace stampline
