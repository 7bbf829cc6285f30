#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <vector>

#include "shared/hash_chain.h"
#include "shared/sha256.h"

using namespace stampline;

namespace {

const std::string kZeros(64, '0');

std::vector<ChainLink> make_chain(int n) {
    std::vector<ChainLink> links;
    std::string previous;
    for (int i = 0; i < n; ++i) {
        ChainLink link;
        link.canonical = R"({"serial":"KSO-)" + std::to_string(100 + i) + R"(","type":"x"})";
        link.hash = chain_hash(previous, link.canonical);
        previous = link.hash;
        links.push_back(link);
    }
    return links;
}

}  // namespace

TEST_CASE("the sha256 hash matches the FIPS 180-2 test vectors") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const Sha256Digest abc = sha256("abc");
    CHECK(abc[0] == 0xba);
    CHECK(abc[31] == 0xad);
}

TEST_CASE("sha256 given in pieces equals sha256 of the whole") {
    Sha256Stream stream;
    stream.update("abcdbcdecdefdefgefgh");
    stream.update("");
    stream.update("fghighijhijkijkljklmklmnlmnomnopnopq");
    CHECK(to_hex(stream.finish()) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("hash hex encodes lowercase and decodes either case of the exact length only") {
    const std::uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff};
    CHECK(to_hex(bytes) == "000fa5ff");
    std::array<std::uint8_t, 4> out{};
    REQUIRE(from_hex("000FA5ff", out));
    CHECK(std::equal(out.begin(), out.end(), bytes));
    CHECK_FALSE(from_hex("000fa5f", out));
    CHECK_FALSE(from_hex("000fa5fff0", out));
    CHECK_FALSE(from_hex("000fa5fg", out));
    CHECK_FALSE(from_hex(" 00fa5ff", out));
}

TEST_CASE("the first chain hash covers 32 zero bytes and the canonical event") {
    const std::string event = R"({"type":"sheet_issued"})";
    const std::string expected = sha256_hex(std::string(32, '\0') + event);
    CHECK(chain_hash("", event) == expected);
    CHECK(chain_hash(kZeros, event) == expected);
}

TEST_CASE("a chain hash covers the previous hash's bytes, not its hex text") {
    const std::string previous = sha256_hex("previous record");
    const std::string event = R"({"type":"stage_signed_off"})";
    const Sha256Digest raw = sha256("previous record");
    const std::string expected =
        sha256_hex(std::string(reinterpret_cast<const char*>(raw.data()), raw.size()) + event);
    CHECK(chain_hash(previous, event) == expected);
    CHECK(chain_hash(previous, event).size() == 64);
    CHECK(chain_hash(previous, event) != sha256_hex(previous + event));
}

TEST_CASE("a chain hash of a malformed previous hash is empty") {
    CHECK(chain_hash("abc", "{}") == "");
    CHECK(chain_hash(std::string(63, '0'), "{}") == "");
    CHECK(chain_hash(std::string(63, '0') + "x", "{}") == "");
}

TEST_CASE("an unaltered hash chain of five records verifies") {
    const auto links = make_chain(5);
    CHECK_FALSE(verify_chain(links).has_value());
    CHECK_FALSE(verify_chain({}).has_value());
}

TEST_CASE(
    "altering any one record's canonical text in a hash chain is reported at exactly that index") {
    for (std::size_t i = 0; i < 5; ++i) {
        CAPTURE(i);
        auto links = make_chain(5);
        const std::string stored = links[i].hash;
        links[i].canonical.replace(links[i].canonical.find("KSO"), 3, "KSX");
        const auto broken = verify_chain(links);
        REQUIRE(broken.has_value());
        CHECK(broken->index == i);
        CHECK(broken->found == stored);
        CHECK(broken->expected != stored);
        CHECK(broken->expected.size() == 64);
    }
}

TEST_CASE("altering any one record's stored hash is reported at exactly that index") {
    for (std::size_t i = 0; i < 5; ++i) {
        CAPTURE(i);
        auto links = make_chain(5);
        const std::string original = links[i].hash;
        links[i].hash[10] = links[i].hash[10] == 'a' ? 'b' : 'a';
        const auto broken = verify_chain(links);
        REQUIRE(broken.has_value());
        CHECK(broken->index == i);
        CHECK(broken->expected == original);
        CHECK(broken->found == links[i].hash);
    }
}

TEST_CASE("removing, reordering or upper-casing records breaks the hash chain") {
    auto removed = make_chain(5);
    removed.erase(removed.begin() + 2);
    REQUIRE(verify_chain(removed).has_value());
    CHECK(verify_chain(removed)->index == 2);

    auto swapped = make_chain(5);
    std::swap(swapped[1], swapped[3]);
    REQUIRE(verify_chain(swapped).has_value());
    CHECK(verify_chain(swapped)->index == 1);

    auto upper = make_chain(5);
    for (char& c : upper[4].hash) c = static_cast<char>(std::toupper(c));
    REQUIRE(verify_chain(upper).has_value());
    CHECK(verify_chain(upper)->index == 4);

    auto emptied = make_chain(5);
    emptied[0].hash = "";
    REQUIRE(verify_chain(emptied).has_value());
    CHECK(verify_chain(emptied)->index == 0);
}

TEST_CASE("a hash chain verifies in pieces given the hash stored before each piece") {
    const auto links = make_chain(5);
    const std::span<const ChainLink> all(links);
    CHECK_FALSE(verify_chain(all.subspan(0, 2)).has_value());
    CHECK_FALSE(verify_chain(all.subspan(2), links[1].hash).has_value());
    const auto wrong_start = verify_chain(all.subspan(2), links[0].hash);
    REQUIRE(wrong_start.has_value());
    CHECK(wrong_start->index == 0);
    CHECK(verify_chain(all.subspan(2))->index == 0);  // not the first record
}
