#include "devices/image_decoder.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace stampline::devices;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (auto pos = s.find("<GS>"); pos != std::string::npos; pos = s.find("<GS>", pos))
        s.replace(pos, 4, 1, '\x1d');
    return s;
}

// How many images of a sample folder decode to the text in NAME.txt beside them.
int passes(const std::string& folder, int& total) {
    total = 0;
    int ok = 0;
    std::vector<fs::path> images;
    for (const auto& e :
         fs::directory_iterator(fs::path(STAMPLINE_TEST_DATA) / "barcodes" / folder))
        if (e.path().extension() == ".png" || e.path().extension() == ".jpg")
            images.push_back(e.path());
    std::sort(images.begin(), images.end());
    for (const fs::path& image : images) {
        fs::path expected_path = image;
        expected_path.replace_extension(".txt");
        if (!fs::exists(expected_path)) continue;
        ++total;
        const std::string expected = read_text(expected_path);
        auto found = decode_image(image.string());
        REQUIRE_MESSAGE(found.has_value(), found.status().to_string());
        const bool hit = std::any_of(found->begin(), found->end(),
                                     [&](const DecodedBarcode& b) { return b.text == expected; });
        if (hit)
            ++ok;
        else
            MESSAGE("not decoded: " << image.filename().string());
    }
    MESSAGE(folder << ": " << ok << " of " << total);
    return ok;
}

}  // namespace

TEST_CASE("sample images decode to their expected text: pass count per folder") {
    int total = 0;
    // Thresholds are what the current code meets; a regression breaks them.
    CHECK(passes("code128-1", total) >= 6);
    CHECK(total == 6);
    CHECK(passes("datamatrix-1", total) >= 26);
    CHECK(passes("datamatrix-2", total) >= 13);
    CHECK(passes("qrcode-1", total) >= 8);
}

TEST_CASE("a GS1 Code 128 keeps its symbology identifier") {
    auto found = decode_image(STAMPLINE_TEST_DATA "/barcodes/code128-1/1.png");
    REQUIRE(found.has_value());
    REQUIRE_FALSE(found->empty());
    CHECK(found->front().format == "Code128");
    CHECK(found->front().symbology == "]C1");
}

TEST_CASE("an unreadable file is an IOError naming it") {
    auto found = decode_image(STAMPLINE_TEST_DATA "/barcodes/no-such-image.png");
    REQUIRE_FALSE(found.has_value());
    CHECK(found.error().code() == stampline::Code::IOError);
    CHECK(found.error().message().find("no-such-image.png") != std::string::npos);
}

TEST_CASE("a blank image decodes to nothing within the time budget") {
    std::vector<std::uint8_t> white(640 * 480, 255);
    auto found = decode_gray(white, 640, 480, 640, {std::chrono::milliseconds(500), false});
    REQUIRE(found.has_value());
    CHECK(found->empty());
}

TEST_CASE("visible text shows GS as <GS>") {
    CHECK(visible_text("10AB\x1d"
                       "21X") == "10AB<GS>21X");
    CHECK(visible_text("a\nb") == "a\\x0Ab");
}
