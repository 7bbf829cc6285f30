#include <doctest/doctest.h>
#include <sodium.h>

#include "shared/pin_hash.h"
#include "shared/stamp.h"

using namespace stampline;

namespace {
std::string hash_or_fail(std::string_view pin) {
    auto hash = hash_pin(pin, PinHashParams::fast_for_tests());
    REQUIRE(hash);
    return *hash;
}
}  // namespace

TEST_CASE("a PIN verifies against its own hash and a wrong PIN does not") {
    const std::string hash = hash_or_fail("4821");
    CHECK(hash.rfind("$argon2id$v=19$", 0) == 0);
    CHECK(verify_pin("4821", hash));
    CHECK_FALSE(verify_pin("4822", hash));
    CHECK_FALSE(verify_pin("48210", hash));
    CHECK_FALSE(verify_pin("", hash));

    const std::string long_pin = hash_or_fail("00000000");
    CHECK(verify_pin("00000000", long_pin));
    CHECK_FALSE(verify_pin("0000000", long_pin));
}

TEST_CASE("two hashes of one PIN differ because each has its own salt") {
    const std::string a = hash_or_fail("1234"), b = hash_or_fail("1234");
    CHECK(a != b);
    CHECK(verify_pin("1234", a));
    CHECK(verify_pin("1234", b));
}

TEST_CASE("the hash records the argon2id cost it was made with") {
    const std::string hash = hash_or_fail("1234");
    CHECK(hash.find("$m=8,t=1,p=1$") != std::string::npos);  // 8 KiB, 1 pass
    CHECK(PinHashParams::interactive().ops == 2);
    CHECK(PinHashParams::interactive().mem_bytes == 19 * 1024 * 1024);
    CHECK(PinHashParams::fast_for_tests().ops == crypto_pwhash_OPSLIMIT_MIN);
    CHECK(PinHashParams::fast_for_tests().mem_bytes == crypto_pwhash_MEMLIMIT_MIN);
}

TEST_CASE("a malformed hash never verifies") {
    const std::string good = hash_or_fail("1234");
    std::string flipped = good;
    flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
    std::string with_nul = good;
    with_nul.insert(10, 1, '\0');
    const char* bad[] = {
        "",
        "1234",
        "$argon2id$",
        "$argon2id$v=19$m=8,t=1,p=1$",
        "$argon2i$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNo",
        "$2b$10$abcdefghijklmnopqrstuv",
    };
    for (const char* hash : bad) {
        CAPTURE(hash);
        CHECK_FALSE(verify_pin("1234", hash));
    }
    CHECK_FALSE(verify_pin("1234", flipped));
    CHECK_FALSE(verify_pin("1234", with_nul));
    CHECK_FALSE(verify_pin("1234", good + std::string(200, 'A')));
    CHECK_FALSE(verify_pin("1234", good.substr(0, good.size() - 3)));
}

TEST_CASE("a hash asking for more than the sensitive argon2id cost is refused without hashing") {
    std::string hash = hash_or_fail("1234");
    const auto m = hash.find("m=8,");
    REQUIRE(m != std::string::npos);
    CHECK_FALSE(verify_pin("1234", std::string(hash).replace(m, 4, "m=4194304,")));  // 4 GiB
    CHECK_FALSE(verify_pin("1234", std::string(hash).replace(m, 8, "m=8,t=1000000,")));
}

TEST_CASE("PIN format is 4 to 8 ASCII digits with a precise refusal") {
    CHECK(validate_pin_format("0000"));
    CHECK(validate_pin_format("12345678"));

    const Status too_short = validate_pin_format("123");
    CHECK(too_short.code() == Code::InvalidArgument);
    CHECK(too_short.message() == "a PIN must be 4 to 8 digits long; this one has 3 characters");
    CHECK(validate_pin_format("123456789").message() ==
          "a PIN must be 4 to 8 digits long; this one has 9 characters");
    CHECK_FALSE(validate_pin_format(""));

    const Status letter = validate_pin_format("12a4");
    CHECK(letter.message() == "a PIN may contain only the digits 0-9; character 3 is not a digit");
    CHECK_FALSE(validate_pin_format("12 4"));
    CHECK_FALSE(validate_pin_format("-123"));
    CHECK_FALSE(validate_pin_format("١٢٣٤"));  // Arabic-Indic digits are not ASCII digits

    auto refused = hash_pin("12a4", PinHashParams::fast_for_tests());
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == Code::InvalidArgument);
    CHECK(refused.error().message().find("12a4") == std::string::npos);  // never echoes the PIN
}

TEST_CASE("a stamp covers only the stages it was issued for") {
    StampRecord stamp;
    stamp.stages = {"ASSEMBLY", "WIRING"};
    CHECK(stamp.covers("WIRING"));
    CHECK_FALSE(stamp.covers("ADJUST"));
    CHECK_FALSE(stamp.covers("wiring"));
    CHECK_FALSE(stamp.covers(""));
    CHECK_FALSE(StampRecord{}.covers("ASSEMBLY"));
}

TEST_CASE("stamp statuses round-trip through their names") {
    for (StampStatus s : {StampStatus::Active, StampStatus::Suspended, StampStatus::Revoked}) {
        StampStatus parsed = StampStatus::Revoked;
        REQUIRE(parse_stamp_status(stamp_status_name(s), &parsed));
        CHECK(parsed == s);
    }
    CHECK(std::string(stamp_status_name(StampStatus::Suspended)) == "suspended");
    StampStatus untouched = StampStatus::Active;
    CHECK_FALSE(parse_stamp_status("Revoked", &untouched));
    CHECK_FALSE(parse_stamp_status("", &untouched));
    CHECK(untouched == StampStatus::Active);
}
