// The direct canonical writer and reader (canonical_event.h) against the JSON codec they replace
// on the hot path: same bytes out, same event in, and every other text left to parse_event_text.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "shared/canonical_event.h"
#include "shared/event_json.h"

using namespace stampline;

namespace {

// What canonical_event was before it was written by hand: nlohmann's dump of the event object
// (keys sorted by std::map), invalid UTF-8 replaced.
std::string nlohmann_canonical(const Event& e) {
    return event_to_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

class EventMaker {
public:
    explicit EventMaker(unsigned seed) : rng_(seed) {}

    // Strings drawn from pieces that exercise the escaping: quotes, backslashes, a slash,
    // Cyrillic, 4-byte UTF-8, DEL and C1 controls, and (when `valid` is false) control
    // characters and invalid UTF-8.
    std::string text(bool valid, std::size_t max_pieces = 4) {
        static const std::vector<std::string> good = {
            "A", "z09", "\"", "\\", "/", "ЗК-2026/117", "фазы A и C", "😀", " ", "\\\"", "{}[],:"};
        static const std::vector<std::string> bad = {"\n",   "\x01", "\x7f",        "\xc2\x85",
                                                     "\xff", "\xd0", "\xed\xa0\x80"};
        std::string out;
        const std::size_t n = pick(max_pieces + 1);
        for (std::size_t i = 0; i < n; ++i)
            out += (!valid && pick(4) == 0) ? bad[pick(bad.size())] : good[pick(good.size())];
        return out;
    }

    Uuid v7() {
        Uuid id;
        for (auto& b : id.bytes) b = static_cast<std::uint8_t>(pick(256));
        id.bytes[6] = static_cast<std::uint8_t>(0x70 | (id.bytes[6] & 0x0F));
        id.bytes[8] = static_cast<std::uint8_t>(0x80 | (id.bytes[8] & 0x3F));
        return id;
    }

    Event event(bool valid) {
        Event e;
        e.id = v7();
        e.serial = "S" + text(valid, 2);
        e.sheet_version = 1 + static_cast<int>(pick(999));
        e.station = text(valid, 2);
        e.stage = text(valid, 2);
        e.stamp = text(valid, 1);
        e.actor = text(valid, 2);
        e.terminal_time = Timestamp{static_cast<std::int64_t>(pick(4'000'000'000'000))};
        if (pick(2) == 0)
            e.corrected_time = Timestamp{static_cast<std::int64_t>(pick(4'000'000'000'000))};
        switch (pick(9)) {
            case 0: e.body = SheetIssued{"P" + text(valid, 2), text(valid, 2)}; break;
            case 1: e.body = SheetReprinted{2 + static_cast<int>(pick(998)), text(valid)}; break;
            case 2: {
                StageAccepted a;
                for (std::size_t i = pick(6); i > 0; --i)
                    a.checks.push_back({"c" + text(valid, 2), pick(2) == 0, text(valid)});
                e.body = a;
                break;
            }
            case 3: e.body = StageSignedOff{}; break;
            case 4:
                e.body = NcRaised{"N" + text(valid, 2),
                                  static_cast<Severity>(pick(3)),
                                  text(valid, 2),
                                  1 + static_cast<int>(pick(1'000'000)),
                                  text(valid, 2),
                                  text(valid),
                                  pick(2) == 0 ? "" : kNcFoundPlaces[pick(4)],
                                  ""};
                break;
            case 5: e.body = NcCorrected{v7(), text(valid)}; break;
            case 6: e.body = NcVerified{v7(), text(valid)}; break;
            case 7: e.body = UnitHeld{text(valid)}; break;
            default: e.body = UnitReleased{text(valid)}; break;
        }
        return e;
    }

    std::size_t pick(std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
    }

private:
    std::mt19937_64 rng_;
};

}  // namespace

TEST_CASE("canonical_event writes byte for byte what the JSON library wrote, valid or not") {
    EventMaker make(1);
    for (int i = 0; i < 5000; ++i) {
        const Event e = make.event(i % 2 == 0);
        REQUIRE(canonical_event(e) == nlohmann_canonical(e));
    }
}

TEST_CASE("read_canonical_event gives back the event parse_event_text gives for canonical text") {
    EventMaker make(2);
    for (int i = 0; i < 5000; ++i) {
        const Event e = make.event(true);
        REQUIRE(validate_event(e));
        const std::string text = canonical_event(e);
        const std::optional<Event> fast = read_canonical_event(text);
        REQUIRE(fast);
        const Result<Event> slow = parse_event_text(text);
        REQUIRE(slow);
        CHECK(canonical_event(*fast) == text);
        CHECK(canonical_event(*slow) == text);
    }
}

TEST_CASE("read_canonical_event never reads a mutated text differently from parse_event_text") {
    // Random edits of canonical texts: whatever the direct reader accepts, the JSON codec
    // accepts as the same event; what it declines is left to the codec.
    EventMaker make(3);
    const std::string alphabet = "\"\\{}[],: \t0123456789aetvABF.Z-\xd0\x80";
    int accepted_mutants = 0, declined_valid = 0;
    for (int i = 0; i < 8000; ++i) {
        std::string text = canonical_event(make.event(true));
        for (std::size_t edits = 1 + make.pick(3); edits > 0; --edits) {
            const std::size_t at = make.pick(text.size());
            switch (make.pick(3)) {
                case 0: text[at] = alphabet[make.pick(alphabet.size())]; break;
                case 1: text.erase(at, 1); break;
                default: text.insert(at, 1, alphabet[make.pick(alphabet.size())]); break;
            }
        }
        const std::optional<Event> fast = read_canonical_event(text);
        const Result<Event> slow = parse_event_text(text);
        if (fast) {
            ++accepted_mutants;
            REQUIRE_MESSAGE(slow, text);
            REQUIRE_MESSAGE(canonical_event(*fast) == canonical_event(*slow), text);
            // Only canonical text is read: it is exactly the text of the event read.
            REQUIRE_MESSAGE(canonical_event(*fast) == text, text);
        } else if (slow) {
            ++declined_valid;
        }
    }
    // Both sides of the comparison happened: edits inside string values keep a text canonical,
    // and whitespace or reordering makes valid JSON that only the codec reads.
    CHECK(accepted_mutants > 100);
    CHECK(declined_valid > 10);
}

TEST_CASE("valid but non-canonical event text is declined by the direct reader and still parsed") {
    const std::string canonical =
        R"({"actor":"","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})";
    REQUIRE(read_canonical_event(canonical));
    const std::vector<std::string> others = {
        // whitespace
        R"({ "actor":"","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})",
        // keys out of order
        R"({"id":"0192f3a4-5b6c-7def-8123-456789abcdef","actor":"","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})",
        // an optional field omitted
        R"({"id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})",
        // a time without milliseconds
        R"({"actor":"","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38Z","type":"stage_signed_off","v":1})",
        // an id in capitals
        R"({"actor":"","id":"0192F3A4-5B6C-7DEF-8123-456789ABCDEF","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})",
        // a \u escape and an escaped slash
        R"({"actor":"\u0041\/","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})",
    };
    for (const std::string& text : others) {
        CAPTURE(text);
        CHECK_FALSE(read_canonical_event(text));
        const Result<Event> stored = parse_stored_event(text);
        REQUIRE(stored);
        CHECK(stored->serial == "KSO-000123");
    }
}

TEST_CASE("stored event text that is not a valid event is refused with the codec's reason") {
    const std::string base =
        R"({"actor":"","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off",)";
    struct Case {
        std::string text, message_part;
    };
    const std::vector<Case> cases = {
        {base + R"("v":2})", "protocol version 2"},
        {base + R"("v":01})", "malformed event JSON"},
        {base + R"("v":1,"w":1})", "unknown field 'w'"},
        {base + R"("v":1})" + "x", "malformed event JSON"},
        {base.substr(0, 20), "malformed event JSON"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.text);
        CHECK_FALSE(read_canonical_event(c.text));
        const Result<Event> stored = parse_stored_event(c.text);
        REQUIRE_FALSE(stored);
        CHECK(stored.error().message().find(c.message_part) != std::string::npos);
    }
}

namespace {

// The JSON path of POST /api/v1/events, reduced to its outcome: the events of a body that is a
// JSON object with exactly "v":1 and "events", an array of at most max_batch events.
std::optional<std::vector<Event>> json_path(const std::string& body, std::size_t max_batch) {
    const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object() || j.size() != 2 || !j.contains("v") || j["v"] != 1 ||
        !j.contains("events") || !j["events"].is_array() || j["events"].size() > max_batch)
        return std::nullopt;
    std::vector<Event> out;
    for (const auto& e : j["events"]) {
        Result<Event> event = event_from_json(e);
        if (!event) return std::nullopt;
        out.push_back(std::move(*event));
    }
    return out;
}

// A batch body as the terminal's sync writes it.
std::string terminal_body(const std::vector<Event>& events) {
    nlohmann::json list = nlohmann::json::array();
    for (const Event& e : events) list.push_back(event_to_json(e));
    return nlohmann::json{{"v", kProtocolVersion}, {"events", std::move(list)}}.dump();
}

}  // namespace

TEST_CASE("a batch body as terminals write it is read directly, event for event") {
    EventMaker make(4);
    for (std::size_t n : {0, 1, 2, 50}) {
        CAPTURE(n);
        std::vector<Event> events;
        for (std::size_t i = 0; i < n; ++i) events.push_back(make.event(true));
        const std::string body = terminal_body(events);
        const auto fast = read_canonical_batch(body, 50);
        REQUIRE(fast);
        REQUIRE(fast->events.size() == n);
        REQUIRE(fast->texts.size() == n);
        for (std::size_t i = 0; i < n; ++i) {
            CHECK(canonical_event(fast->events[i]) == canonical_event(events[i]));
            CHECK(fast->texts[i] == canonical_event(events[i]));
        }
        if (n > 0) CHECK_FALSE(read_canonical_batch(body, n - 1));  // one over the limit
    }
}

TEST_CASE("a batch over the size limit or in another shape is left to the JSON path") {
    EventMaker make(5);
    const std::vector<Event> two = {make.event(true), make.event(true)};
    const std::string body = terminal_body(two);
    CHECK(read_canonical_batch(body, 2));
    CHECK_FALSE(read_canonical_batch(body, 1));  // over max_batch: the JSON path answers 413
    const std::string a = canonical_event(two[0]), b = canonical_event(two[1]);
    for (const std::string& other : {
             R"({"v":1,"events":[)" + a + "]}",                // other key order
             R"({"events":[)" + a + "," + b + R"(],"v":2})",   // other version
             R"({"events":[)" + a + "," + R"(],"v":1})",       // trailing comma
             R"({"events":[)" + a + " ," + b + R"(],"v":1})",  // whitespace
             R"({"events":[)" + a + "," + b + R"(],"v":1,"x":1})",
             R"({"events":[)" + a + b + R"(],"v":1})",  // no comma
         }) {
        CAPTURE(other);
        CHECK_FALSE(read_canonical_batch(other, 50));
    }
}

TEST_CASE("a mutated batch body is never read differently from the JSON path") {
    EventMaker make(6);
    const std::string alphabet = "\"\\{}[],: 0123456789aetv";
    int accepted = 0;
    for (int i = 0; i < 3000; ++i) {
        std::vector<Event> events;
        for (std::size_t n = 1 + make.pick(3); n > 0; --n) events.push_back(make.event(true));
        std::string body = terminal_body(events);
        for (std::size_t edits = 1 + make.pick(2); edits > 0; --edits) {
            const std::size_t at = make.pick(body.size());
            switch (make.pick(3)) {
                case 0: body[at] = alphabet[make.pick(alphabet.size())]; break;
                case 1: body.erase(at, 1); break;
                default: body.insert(at, 1, alphabet[make.pick(alphabet.size())]); break;
            }
        }
        const auto fast = read_canonical_batch(body, 3);
        if (!fast) continue;
        ++accepted;
        const auto slow = json_path(body, 3);
        REQUIRE_MESSAGE(slow, body);
        REQUIRE(slow->size() == fast->events.size());
        REQUIRE(fast->texts.size() == fast->events.size());
        for (std::size_t k = 0; k < fast->events.size(); ++k) {
            CHECK(canonical_event(fast->events[k]) == canonical_event((*slow)[k]));
            CHECK(fast->texts[k] == canonical_event(fast->events[k]));  // the body's own text
        }
    }
    CHECK(accepted > 100);
}

TEST_CASE("an event without a corrected time keeps its first-release canonical text") {
    const std::string first_release =
        R"({"actor":"","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})";
    std::optional<Event> e = read_canonical_event(first_release);
    REQUIRE(e);
    CHECK_FALSE(e->corrected_time);
    CHECK(e->act_time() == e->terminal_time);
    CHECK(canonical_event(*e) == first_release);
}

TEST_CASE("a corrected time is written in key order, read back, and is the act's time") {
    Event e = *read_canonical_event(
        R"({"actor":"","id":"0192f3a4-5b6c-7def-8123-456789abcdef","serial":"KSO-000123",)"
        R"("sheet_version":1,"stage":"ASSEMBLY","stamp":"017","station":"ST-ASM-1",)"
        R"("terminal_time":"2026-11-29T14:19:38.123Z","type":"stage_signed_off","v":1})");
    e.corrected_time = parse_utc("2026-11-29T14:09:38.000Z").value();
    const std::string text = canonical_event(e);
    CHECK(text.find(R"("actor":"","corrected_time":"2026-11-29T14:09:38.000Z","id":)") !=
          std::string::npos);
    std::optional<Event> back = read_canonical_event(text);
    REQUIRE(back);
    REQUIRE(back->corrected_time);
    CHECK(*back->corrected_time == *e.corrected_time);
    CHECK(back->act_time() == *e.corrected_time);
    // Without milliseconds it is valid but not canonical: the JSON path reads it.
    std::string short_form = text;
    short_form.replace(short_form.find("14:09:38.000Z"), 13, "14:09:38Z");
    CHECK_FALSE(read_canonical_event(short_form));
    Result<Event> parsed = parse_event_text(short_form);
    REQUIRE(parsed);
    CHECK(parsed->corrected_time == e.corrected_time);
    // A corrected time outside the years 0001..9999 is refused like a terminal time.
    std::string bad = text;
    bad.replace(bad.find("2026-11-29T14:09:38.000Z"), 24, "not a time");
    CHECK_FALSE(parse_event_text(bad));
}
