#include "shared/gs1.h"

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>

#include "shared/aim.h"
#include "shared/printable.h"
#include "shared/time.h"

namespace stampline {

namespace {

constexpr char kGs = '\x1d';
constexpr std::size_t kQuoteBytes = 96;

enum class Content { Gtin, Date, ExpiryDate, Text };

struct AiSpec {
    std::size_t length;  // exact length when fixed, else the maximum
    bool fixed;
    Content content;
};

// AI length by its first two digits (GS1 General Specifications: all AIs sharing a two-digit
// prefix have the same length); 0 = no AI starts with these digits.
constexpr std::array<std::uint8_t, 100> ai_lengths() {
    std::array<std::uint8_t, 100> len{};
    for (int p : {0, 1, 2, 10, 11, 12, 13, 15, 16, 17, 20, 21, 22, 30, 37}) len[p] = 2;
    for (int p = 90; p <= 99; ++p) len[p] = 2;
    for (int p : {23, 24, 25, 40, 41, 42, 71}) len[p] = 3;
    for (int p : {31, 32, 33, 34, 35, 36, 39, 43, 70, 72, 80, 81, 82}) len[p] = 4;
    return len;
}
constexpr std::array<std::uint8_t, 100> kAiLengths = ai_lengths();

// The AIs this code reads; nullptr for any other.
const AiSpec* find_spec(std::string_view ai) {
    static constexpr AiSpec gtin{14, true, Content::Gtin};
    static constexpr AiSpec date{6, true, Content::Date};
    static constexpr AiSpec expiry{6, true, Content::ExpiryDate};
    static constexpr AiSpec text20{20, false, Content::Text};
    static constexpr AiSpec text30{30, false, Content::Text};
    static constexpr AiSpec text90{90, false, Content::Text};
    if (ai == "01") return &gtin;
    if (ai == "10" || ai == "21") return &text20;
    if (ai == "11") return &date;
    if (ai == "17") return &expiry;
    if (ai == "240" || ai == "90") return &text30;
    if (ai.size() == 2 && ai[0] == '9' && ai[1] >= '1' && ai[1] <= '9') return &text90;
    return nullptr;
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// GS1 AI encodable character set 82.
bool is_cset82(char c) {
    static constexpr std::string_view kPunctuation = "!\"%&'()*+,-./:;<=>?_";
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c)) return true;
    return kPunctuation.find(c) != std::string_view::npos;
}

bool gtin_check_ok(std::string_view digits, char* expected) {
    // Weights 3,1,3,... from the digit left of the check digit leftwards.
    int sum = 0;
    const std::size_t n = digits.size() - 1;
    for (std::size_t i = 0; i < n; ++i) {
        sum += (digits[i] - '0') * ((n - i) % 2 == 1 ? 3 : 1);
    }
    *expected = static_cast<char>('0' + (10 - sum % 10) % 10);
    return digits.back() == *expected;
}

bool date_ok(std::string_view yymmdd, bool day00_allowed) {
    const int year = 2000 + (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
    const int month = (yymmdd[2] - '0') * 10 + (yymmdd[3] - '0');
    const int day = (yymmdd[4] - '0') * 10 + (yymmdd[5] - '0');
    if (day == 0 && day00_allowed) return month >= 1 && month <= 12;
    return is_valid_date(year, month, day);
}

std::string hex_byte(char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(c)));
    return buf;
}

// One pass over a scan; positions in messages count from 1 in the whole scan.
class Parser {
public:
    Parser(std::string_view scan, std::size_t body_offset, std::string_view body)
        : scan_(scan), base_(body_offset), body_(body) {}

    Gs1Result run(std::string symbology) {
        Gs1Parse out;
        out.symbology = std::move(symbology);
        std::size_t i = 0;
        if (i < body_.size() && body_[i] == kGs) ++i;  // FNC1 in first position, transmitted
        if (i == body_.size()) return fail(Gs1Error::Empty, "no data after the symbology");
        while (i < body_.size()) {
            Gs1Element element;
            if (auto f = read_ai(i, &element.ai)) return *f;
            if (auto f = read_value(element.ai, i, &element.value)) return *f;
            out.elements.push_back(std::move(element));
            if (i < body_.size() && body_[i] == kGs) ++i;
        }
        return out;
    }

private:
    std::size_t position(std::size_t i) const { return base_ + i + 1; }

    std::string byte_at(std::size_t i) const {
        return "'" + printable(body_.substr(i, 1)) + "' (" + hex_byte(body_[i]) + ") at position " +
               std::to_string(position(i));
    }

    Gs1Failure fail(Gs1Error kind, const std::string& why) const {
        return {kind, "GS1 code '" + printable_clipped(scan_, kQuoteBytes) + "': " + why};
    }

    // Reads the AI at i and advances i past it.
    std::optional<Gs1Failure> read_ai(std::size_t& i, std::string* ai) const {
        if (body_[i] == kGs) {
            return fail(Gs1Error::BadChar,
                        byte_at(i) + " where an AI was expected (two separators)");
        }
        if (!is_digit(body_[i])) return fail(Gs1Error::BadChar, byte_at(i) + " is not an AI digit");
        if (i + 1 == body_.size()) {
            return fail(Gs1Error::Truncated,
                        "the data ends inside an AI ('" + std::string(body_.substr(i)) + "')");
        }
        if (!is_digit(body_[i + 1])) {
            return fail(Gs1Error::BadChar, byte_at(i + 1) + " is not an AI digit");
        }
        const std::size_t len = kAiLengths[(body_[i] - '0') * 10 + (body_[i + 1] - '0')];
        if (len == 0) {
            return fail(Gs1Error::UnsupportedAi,
                        "no GS1 AI starts with '" + std::string(body_.substr(i, 2)) + "'");
        }
        for (std::size_t k = i + 2; k < i + len; ++k) {
            if (k == body_.size()) {
                return fail(Gs1Error::Truncated,
                            "the data ends inside AI (" + std::string(body_.substr(i)) + "...)");
            }
            if (!is_digit(body_[k])) {
                return fail(Gs1Error::BadChar, byte_at(k) + " is not an AI digit");
            }
        }
        *ai = std::string(body_.substr(i, len));
        i += len;
        return std::nullopt;
    }

    // Reads the value of ai starting at i and advances i to the byte after it.
    std::optional<Gs1Failure> read_value(const std::string& ai, std::size_t& i,
                                         std::string* value) const {
        const AiSpec* spec = find_spec(ai);
        const std::string name = "AI (" + ai + ")";
        if (spec == nullptr) {
            return fail(Gs1Error::UnsupportedAi,
                        name + " is not supported (supported: 01, 10, 11, 17, 21, 240, 90-99)");
        }
        std::size_t end = i;
        if (spec->fixed) {
            while (end < body_.size() && end - i < spec->length && body_[end] != kGs) ++end;
            if (end - i < spec->length) {
                return fail(Gs1Error::Truncated,
                            name + " needs " + std::to_string(spec->length) + " digits, found " +
                                std::to_string(end - i) +
                                (end < body_.size() ? " before a <GS>" : " before the end"));
            }
            for (std::size_t k = i; k < end; ++k) {
                if (!is_digit(body_[k])) {
                    return fail(Gs1Error::BadChar, name + ": " + byte_at(k) + " is not a digit");
                }
            }
        } else {
            end = body_.find(kGs, i);
            if (end == std::string_view::npos) end = body_.size();
            if (end == i) return fail(Gs1Error::EmptyValue, name + " has an empty value");
            for (std::size_t k = i; k < end; ++k) {
                if (!is_cset82(body_[k])) {
                    return fail(Gs1Error::BadChar,
                                name + ": " + byte_at(k) + " is outside the GS1 character set 82");
                }
            }
            if (end - i > spec->length) {
                return fail(Gs1Error::TooLong, name + " value is " + std::to_string(end - i) +
                                                   " characters long, at most " +
                                                   std::to_string(spec->length) +
                                                   " (or a <GS> separator is missing)");
            }
        }
        const std::string_view v = body_.substr(i, end - i);
        char expected = '0';
        switch (spec->content) {
            case Content::Gtin:
                if (!gtin_check_ok(v, &expected)) {
                    return fail(Gs1Error::CheckDigit,
                                name + " " + std::string(v) + " has check digit " + v.back() +
                                    ", expected " + expected + ": misread or altered");
                }
                break;
            case Content::Date:
            case Content::ExpiryDate:
                if (!date_ok(v, spec->content == Content::ExpiryDate)) {
                    return fail(
                        Gs1Error::BadDate,
                        name + " '" + std::string(v) + "' is not a date (YYMMDD" +
                            (spec->content == Content::ExpiryDate ? ", day 00 allowed)" : ")"));
                }
                break;
            case Content::Text: break;
        }
        *value = std::string(v);
        i = end;
        return std::nullopt;
    }

    std::string_view scan_;
    std::size_t base_;
    std::string_view body_;
};

// The element for ai, nullptr when absent; refused when it appears twice with different values.
Result<const Gs1Element*> single(const Gs1Parse& gs1, std::string_view ai) {
    const Gs1Element* first = nullptr;
    for (const Gs1Element& e : gs1.elements) {
        if (e.ai != ai) continue;
        if (first == nullptr) {
            first = &e;
        } else if (first->value != e.value) {
            return invalid("GS1 code has AI (" + std::string(ai) +
                           ") twice with different values ('" +
                           printable_clipped(first->value, kQuoteBytes) + "', '" +
                           printable_clipped(e.value, kQuoteBytes) + "')");
        }
    }
    return first;
}

// "V<n>" in AI 91: the sheet version; 0 when AI 91 holds something else.
Result<int> version_from_91(std::string_view v) {
    if (v.size() < 2 || v[0] != 'V') return 0;
    const std::string_view digits = v.substr(1);
    if (digits.find_first_not_of("0123456789") != std::string_view::npos) return 0;
    if (digits[0] == '0' || digits.size() > 3) {
        return invalid("GS1 code: AI (91) '" + printable_clipped(v, kQuoteBytes) +
                       "' is not a sheet version V1..V" + std::to_string(kMaxSheetVersion));
    }
    int n = 0;
    for (char c : digits) n = n * 10 + (c - '0');
    return n;
}

}  // namespace

const char* gs1_error_class(Gs1Error kind) {
    switch (kind) {
        case Gs1Error::Empty: return "empty";
        case Gs1Error::Truncated: return "truncated";
        case Gs1Error::CheckDigit: return "check-digit";
        case Gs1Error::BadDate: return "bad-date";
        case Gs1Error::TooLong: return "too-long";
        case Gs1Error::BadChar: return "bad-char";
        case Gs1Error::UnsupportedAi: return "unsupported-ai";
        case Gs1Error::EmptyValue: return "empty-value";
        case Gs1Error::NotGs1: return "not-gs1";
    }
    return "unknown";
}

const Gs1Element* Gs1Parse::find(std::string_view ai) const {
    for (const Gs1Element& e : elements) {
        if (e.ai == ai) return &e;
    }
    return nullptr;
}

Gs1Result parse_gs1(std::string_view scan) {
    AimSplit aim = split_aim(scan);
    if (!aim.symbology.empty() && !aim_is_gs1(aim.symbology)) {
        const std::string_view name = aim_symbology_name(aim.symbology);
        return Gs1Failure{Gs1Error::NotGs1,
                          "'" + printable_clipped(scan, kQuoteBytes) + "' was read as " +
                              aim.symbology + (name.empty() ? "" : " (" + std::string(name) + ")") +
                              ", a symbol that does not carry GS1 data"};
    }
    Parser parser(scan, aim.symbology.size(), aim.body);
    return parser.run(std::move(aim.symbology));
}

Result<UnitIdentity> unit_from_gs1(const Gs1Parse& gs1, const Plant& plant) {
    auto serial = single(gs1, "21");
    if (!serial) return serial.error();
    auto type = single(gs1, "240");
    if (!type) return type.error();
    auto gtin = single(gs1, "01");
    if (!gtin) return gtin.error();
    auto order = single(gs1, "10");
    if (!order) return order.error();
    auto internal = single(gs1, "91");
    if (!internal) return internal.error();

    if (*serial == nullptr) {
        return invalid("GS1 code has no serial number (AI 21); a sheet code needs one");
    }

    const ProductType* by_type = *type ? plant.product((*type)->value) : nullptr;
    const ProductType* by_gtin = *gtin ? plant.product_by_gtin((*gtin)->value) : nullptr;
    if (by_type != nullptr && by_gtin != nullptr && by_type != by_gtin) {
        return invalid("GS1 code names two products: AI (240) '" +
                       printable_clipped((*type)->value, kQuoteBytes) + "' but GTIN (01) " +
                       (*gtin)->value + " belongs to '" + by_gtin->code + "'");
    }
    const ProductType* product = by_type != nullptr ? by_type : by_gtin;
    if (product == nullptr) {
        std::string why;
        if (*type) {
            why += "AI (240) '" + printable_clipped((*type)->value, kQuoteBytes) +
                   "' is not a product code of this plant";
        }
        if (*gtin) {
            why += (why.empty() ? "" : " and ") + std::string("GTIN (01) ") + (*gtin)->value +
                   " belongs to no product of this plant";
        }
        if (why.empty()) why = "it has neither AI (240) nor a GTIN (01)";
        return invalid("GS1 code names no product: " + why);
    }

    int version = 1;
    if (*internal) {
        auto v = version_from_91((*internal)->value);
        if (!v) return v.error();
        if (*v != 0) version = *v;
    }

    UnitIdentity unit;
    unit.serial = (*serial)->value;
    unit.product_type = product->code;
    unit.order = *order ? (*order)->value : std::string();
    unit.sheet_version = version;
    return unit;
}

}  // namespace stampline
