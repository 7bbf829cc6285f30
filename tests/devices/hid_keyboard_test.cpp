#include "devices/hid_keyboard.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using stampline::devices::HidKeyboardDecoder;

namespace {

std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s.compare(i, 2, "\\n") == 0) {
            out += '\n';
            ++i;
        } else if (s.compare(i, 4, "\\x1d") == 0) {
            out += '\x1d';
            i += 3;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<std::vector<std::uint8_t>> parse_reports(const std::string& hex_list) {
    std::vector<std::vector<std::uint8_t>> reports;
    std::istringstream in(hex_list);
    for (std::string word; in >> word;) {
        std::vector<std::uint8_t> r;
        for (std::size_t i = 0; i + 1 < word.size(); i += 2)
            r.push_back(static_cast<std::uint8_t>(std::stoi(word.substr(i, 2), nullptr, 16)));
        reports.push_back(r);
    }
    return reports;
}

// Everything the decoder delivers for the reports, each completed scan followed by "\n".
std::string decode_all(const std::vector<std::vector<std::uint8_t>>& reports) {
    HidKeyboardDecoder decoder;
    std::string out;
    for (const auto& r : reports) {
        auto scan = decoder.feed(r);
        REQUIRE(scan.has_value());
        if (*scan) out += **scan + "\n";
    }
    return out + decoder.pending();
}

}  // namespace

TEST_CASE("every boot-keyboard row decodes to its expected text with a US table") {
    std::ifstream file(STAMPLINE_TEST_DATA "/hid/boot-keyboard.tsv");
    REQUIRE(file);
    int rows = 0;
    for (std::string line; std::getline(file, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream cols(line);
        std::string expected, reports, note;
        std::getline(cols, expected, '\t');
        std::getline(cols, reports, '\t');
        std::getline(cols, note);
        CAPTURE(note);
        CHECK(decode_all(parse_reports(reports)) == unescape(expected));
        ++rows;
    }
    CHECK(rows == 7);
}

TEST_CASE("a report that is not 8 bytes is refused and leaves the scan intact") {
    HidKeyboardDecoder decoder;
    const std::uint8_t a[] = {0, 0, 0x04, 0, 0, 0, 0, 0};
    const std::uint8_t up[] = {0, 0, 0, 0, 0, 0, 0, 0};
    const std::uint8_t short_report[] = {0, 0, 0x05};
    const std::uint8_t enter[] = {0, 0, 0x28, 0, 0, 0, 0, 0};
    REQUIRE(decoder.feed(a).has_value());
    REQUIRE(decoder.feed(up).has_value());
    auto bad = decoder.feed(short_report);
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().message().find("3 bytes") != std::string::npos);
    auto done = decoder.feed(enter);
    REQUIRE(done.has_value());
    REQUIRE(done->has_value());
    CHECK(**done == "a");
}

TEST_CASE("an error-rollover report adds no keys") {
    HidKeyboardDecoder decoder;
    const std::uint8_t b[] = {0, 0, 0x05, 0, 0, 0, 0, 0};
    const std::uint8_t rollover[] = {0, 0, 1, 1, 1, 1, 1, 1};
    const std::uint8_t up[] = {0, 0, 0, 0, 0, 0, 0, 0};
    REQUIRE(decoder.feed(b).has_value());
    REQUIRE(decoder.feed(rollover).has_value());
    REQUIRE(decoder.feed(up).has_value());
    CHECK(decoder.pending() == "b");
    CHECK(decoder.skipped_keys() == 0);
}

TEST_CASE("key codes decode the same whatever the host layout: Cyrillic never appears") {
    // Key 0x33 is ';' on US and 'ж' on a Russian layout; the decoder only knows the US table.
    HidKeyboardDecoder decoder;
    const std::uint8_t semicolon[] = {0, 0, 0x33, 0, 0, 0, 0, 0};
    const std::uint8_t colon[] = {0x20, 0, 0x33, 0, 0, 0, 0, 0};
    const std::uint8_t up[] = {0, 0, 0, 0, 0, 0, 0, 0};
    REQUIRE(decoder.feed(semicolon).has_value());
    REQUIRE(decoder.feed(up).has_value());
    REQUIRE(decoder.feed(colon).has_value());
    CHECK(decoder.pending() == ";:");
}
