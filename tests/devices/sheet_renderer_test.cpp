#include "devices/sheet_renderer.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <variant>

#include "devices/image_decoder.h"
#include "shared/badge_payload.h"
#include "shared/plant.h"
#include "shared/scan_payload.h"
#include "shared/sheet_payload.h"

namespace fs = std::filesystem;
using namespace stampline;
using namespace stampline::devices;

namespace {

fs::path temp_dir(const std::string& name) {
    fs::path dir = fs::temp_directory_path() /
                   ("stampline-devices-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// Rasterises the first page of pdf at dpi with pdftoppm and decodes it.
std::vector<DecodedBarcode> rasterise_and_decode(const fs::path& pdf, int dpi) {
    const fs::path png_base = pdf.parent_path() / ("page-" + std::to_string(dpi));
    const std::string cmd = "pdftoppm -r " + std::to_string(dpi) + " -png -singlefile '" +
                            pdf.string() + "' '" + png_base.string() + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    auto found = decode_image(png_base.string() + ".png", {std::chrono::milliseconds(5000), false});
    REQUIRE_MESSAGE(found.has_value(), found.status().to_string());
    return *found;
}

SheetContent demo_sheet(const UnitIdentity& unit) {
    SheetContent s;
    s.plant_name = "АО «Электрощит» — демонстрационный завод";
    s.product_name = "КСО-298 камера сборная одностороннего обслуживания";
    s.product_type = unit.product_type;
    s.serial = unit.serial;
    s.order = unit.order;
    s.sheet_version = unit.sheet_version;
    auto payload = encode_sheet_payload(unit);
    REQUIRE(payload.has_value());
    s.payload = *payload;
    s.route = {{"DESIGN", "Конструирование", "Петров П.П.", "K017", "2026-11-02"},
               {"ASSEMBLY", "Сборка", "", "", ""},
               {"WIRING", "Электромонтаж", "", "", ""},
               {"TEST", "Приёмо-сдаточные испытания", "", "", ""}};
    return s;
}

}  // namespace

TEST_CASE("a printed sheet rasterised at 150, 200 and 300 dpi decodes to the same unit") {
    const UnitIdentity unit{"2611000427", "KSO298", "Z26117", 2};
    const fs::path dir = temp_dir("sheet");
    const fs::path pdf = dir / "sheet.pdf";
    REQUIRE(render_sheet_pdf(demo_sheet(unit), pdf.string()).is_ok());
    REQUIRE(fs::file_size(pdf) > 1000);
    for (int dpi : {150, 200, 300}) {
        CAPTURE(dpi);
        const auto found = rasterise_and_decode(pdf, dpi);
        REQUIRE(found.size() == 1);
        CHECK(found[0].format == "DataMatrix");
        auto parsed = parse_scan(found[0].symbology + found[0].text, Plant{});
        REQUIRE_MESSAGE(parsed.has_value(), parsed.status().to_string());
        REQUIRE(std::holds_alternative<SheetScan>(parsed->what));
        CHECK(std::get<SheetScan>(parsed->what).unit == unit);
    }
    fs::remove_all(dir);
}

TEST_CASE("a printed badge decodes to its stamp and issue") {
    BadgeContent b;
    b.plant_name = "Демонстрационный завод";
    b.holder = "Иванова Мария Сергеевна";
    b.stamp = "K017";
    b.issue = 2;
    auto payload = encode_badge_payload({b.stamp, b.issue});
    REQUIRE(payload.has_value());
    b.payload = *payload;
    const fs::path dir = temp_dir("badge");
    const fs::path pdf = dir / "badge.pdf";
    REQUIRE(render_badge_pdf(b, pdf.string()).is_ok());
    const auto found = rasterise_and_decode(pdf, 300);
    REQUIRE(found.size() == 1);
    auto parsed = parse_scan(found[0].symbology + found[0].text, Plant{});
    REQUIRE_MESSAGE(parsed.has_value(), parsed.status().to_string());
    REQUIRE(std::holds_alternative<BadgeScan>(parsed->what));
    CHECK(std::get<BadgeScan>(parsed->what).badge == BadgeId{"K017", 2});
    fs::remove_all(dir);
}

TEST_CASE("a short payload still gets a square Data Matrix that parses to the same unit") {
    const UnitIdentity unit{"W1", "KTP630", "Z1", 1};
    auto payload = encode_sheet_payload(unit);
    REQUIRE(payload.has_value());
    int w = 0, h = 0;
    auto modules = datamatrix_modules(*payload, w, h);
    REQUIRE(modules.has_value());
    CHECK(w == h);
    CHECK(modules->size() == static_cast<std::size_t>(w) * h);

    SheetContent s = demo_sheet(unit);
    const fs::path dir = temp_dir("short");
    const fs::path pdf = dir / "sheet.pdf";
    REQUIRE(render_sheet_pdf(s, pdf.string()).is_ok());
    const auto found = rasterise_and_decode(pdf, 200);
    REQUIRE(found.size() == 1);
    auto parsed = parse_scan(found[0].text, Plant{});
    REQUIRE_MESSAGE(parsed.has_value(), parsed.status().to_string());
    CHECK(std::get<SheetScan>(parsed->what).unit == unit);
    fs::remove_all(dir);
}

TEST_CASE("an unwritable PDF path is an IOError naming it") {
    const UnitIdentity unit{"1", "KSO298", "Z1", 1};
    Status st = render_sheet_pdf(demo_sheet(unit), "/nonexistent-dir/sheet.pdf");
    REQUIRE_FALSE(st.is_ok());
    CHECK(st.code() == Code::IOError);
    CHECK(st.message().find("/nonexistent-dir/sheet.pdf") != std::string::npos);
}

namespace {

struct Gray {
    int w = 0, h = 0;
    std::vector<std::uint8_t> px;
};

// Reads a binary PGM (P5, maxval 255) as written by `pdftoppm -gray`.
Gray read_pgm(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string magic;
    int maxval = 0;
    Gray g;
    in >> magic >> g.w >> g.h >> maxval;
    in.get();
    REQUIRE(magic == "P5");
    REQUIRE(maxval == 255);
    g.px.resize(static_cast<std::size_t>(g.w) * g.h);
    in.read(reinterpret_cast<char*>(g.px.data()), static_cast<std::streamsize>(g.px.size()));
    REQUIRE(in.good());
    return g;
}

// A phone photo of the page: rotated by `degrees`, a keystone (the top edge `keystone` narrower
// than the bottom), a 3x3 blur, Gaussian noise of sigma 10 and uneven lighting.
Gray simulate_photo(const Gray& src, double degrees, double keystone) {
    Gray out{src.w, src.h, std::vector<std::uint8_t>(src.px.size())};
    const double a = degrees * 3.14159265358979 / 180, c = std::cos(a), s = std::sin(a);
    const double cx = src.w / 2.0, cy = src.h / 2.0;
    std::vector<double> warped(src.px.size());
    for (int y = 0; y < src.h; ++y)
        for (int x = 0; x < src.w; ++x) {
            const double t = static_cast<double>(y) / src.h;  // 0 at the top
            const double scale = 1 + keystone * (1 - t);      // top rows spread wider
            double dx = (x - cx) * scale, dy = y - cy;
            const double sx = c * dx + s * dy + cx, sy = -s * dx + c * dy + cy;
            double v = 255;
            if (sx >= 0 && sy >= 0 && sx < src.w - 1 && sy < src.h - 1) {
                const int x0 = static_cast<int>(sx), y0 = static_cast<int>(sy);
                const double fx = sx - x0, fy = sy - y0;
                auto p = [&](int xx, int yy) {
                    return src.px[static_cast<std::size_t>(yy) * src.w + xx];
                };
                v = (p(x0, y0) * (1 - fx) + p(x0 + 1, y0) * fx) * (1 - fy) +
                    (p(x0, y0 + 1) * (1 - fx) + p(x0 + 1, y0 + 1) * fx) * fy;
            }
            warped[static_cast<std::size_t>(y) * src.w + x] = v;
        }
    std::mt19937 rng(7);
    std::normal_distribution<double> noise(0, 10);
    for (int y = 1; y < src.h - 1; ++y)
        for (int x = 1; x < src.w - 1; ++x) {
            double sum = 0;
            for (int j = -1; j <= 1; ++j)
                for (int i = -1; i <= 1; ++i)
                    sum += warped[static_cast<std::size_t>(y + j) * src.w + x + i];
            const double light = 0.75 + 0.25 * x / src.w;  // darker on the left
            const double v = sum / 9 * light + noise(rng);
            out.px[static_cast<std::size_t>(y) * src.w + x] =
                static_cast<std::uint8_t>(std::clamp(v, 0.0, 255.0));
        }
    return out;
}

}  // namespace

TEST_CASE("a simulated photo of a printed sheet still decodes to its unit") {
    const UnitIdentity unit{"2611000428", "KSO298", "Z26117", 1};
    const fs::path dir = temp_dir("photo");
    const fs::path pdf = dir / "sheet.pdf";
    REQUIRE(render_sheet_pdf(demo_sheet(unit), pdf.string()).is_ok());
    const std::string cmd = "pdftoppm -r 150 -gray -singlefile '" + pdf.string() + "' '" +
                            (dir / "page").string() + "'";
    REQUIRE(std::system(cmd.c_str()) == 0);
    const Gray page = read_pgm(dir / "page.pgm");
    for (double degrees : {-4.0, 3.0, 7.0}) {
        CAPTURE(degrees);
        const Gray photo = simulate_photo(page, degrees, 0.04);
        auto found = decode_gray(photo.px, photo.w, photo.h, photo.w,
                                 {std::chrono::milliseconds(5000), false});
        REQUIRE(found.has_value());
        REQUIRE(found->size() == 1);
        auto parsed = parse_scan((*found)[0].symbology + (*found)[0].text, Plant{});
        REQUIRE_MESSAGE(parsed.has_value(), parsed.status().to_string());
        CHECK(std::get<SheetScan>(parsed->what).unit == unit);
    }
    fs::remove_all(dir);
}
