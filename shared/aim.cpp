#include "shared/aim.h"

#include <algorithm>
#include <array>

namespace stampline {

namespace {

bool is_letter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr std::array<std::string_view, 5> kGs1 = {"]d2", "]Q3", "]C1", "]e0", "]J1"};
constexpr std::array<std::string_view, 17> kNonGs1 = {"]d0", "]d1", "]d3", "]d4", "]Q0", "]Q1",
                                                      "]Q2", "]Q5", "]Q6", "]C0", "]C2", "]C4",
                                                      "]A0", "]E0", "]E4", "]I0", "]L0"};

struct Name {
    char letter;
    std::string_view name;
};
constexpr std::array<Name, 12> kNames = {{{'A', "Code 39"},
                                          {'C', "Code 128"},
                                          {'d', "Data Matrix"},
                                          {'E', "EAN/UPC"},
                                          {'e', "GS1 DataBar"},
                                          {'F', "Codabar"},
                                          {'G', "Code 93"},
                                          {'I', "Interleaved 2 of 5"},
                                          {'J', "DotCode"},
                                          {'L', "PDF417"},
                                          {'Q', "QR Code"},
                                          {'z', "Aztec"}}};

bool contains(auto const& list, std::string_view symbology) {
    return std::find(list.begin(), list.end(), symbology) != list.end();
}

}  // namespace

AimSplit split_aim(std::string_view scan) {
    if (scan.size() >= 3 && scan[0] == ']' && is_letter(scan[1]) &&
        (is_digit(scan[2]) || is_letter(scan[2]))) {
        return {std::string(scan.substr(0, 3)), scan.substr(3)};
    }
    return {"", scan};
}

bool aim_is_gs1(std::string_view symbology) {
    return contains(kGs1, symbology);
}

bool aim_is_known_non_gs1(std::string_view symbology) {
    return contains(kNonGs1, symbology);
}

std::string_view aim_symbology_name(std::string_view symbology) {
    if (symbology.size() < 2) return {};
    for (const Name& n : kNames) {
        if (n.letter == symbology[1]) return n.name;
    }
    return {};
}

}  // namespace stampline
