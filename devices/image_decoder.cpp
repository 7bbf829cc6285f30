#define ZX_USE_UTF8 1
#include "devices/image_decoder.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/Result.h>
#include <stb_image.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

namespace stampline::devices {

namespace {

using Clock = std::chrono::steady_clock;

using ZXing::BarcodeFormat;
const ZXing::BarcodeFormats kFormatsInUse =
    BarcodeFormat::DataMatrix | BarcodeFormat::QRCode | BarcodeFormat::Code128;
const ZXing::BarcodeFormats kOtherFormats =
    BarcodeFormat::Aztec | BarcodeFormat::PDF417 | BarcodeFormat::MicroQRCode |
    BarcodeFormat::MaxiCode | BarcodeFormat::Code39 | BarcodeFormat::Code93 |
    BarcodeFormat::Codabar | BarcodeFormat::EAN8 | BarcodeFormat::EAN13 | BarcodeFormat::ITF |
    BarcodeFormat::UPCA | BarcodeFormat::UPCE | BarcodeFormat::DataBar |
    BarcodeFormat::DataBarExpanded;
constexpr int kMinBandHeight = 240;  // ZXing 1.4 workaround: bands cy-120..cy+120 ...
constexpr int kBandStepDivisor = 6;  // ... stepping a sixth of the band height (40 px)

class Collector {
public:
    explicit Collector(const DecodeOptions& options)
        : options_(options), deadline_(Clock::now() + options.budget) {}

    bool out_of_time() const { return Clock::now() >= deadline_; }
    // True when the next, slower pass should be skipped.
    bool done() const { return out_of_time() || (!found_.empty() && !options_.exhaustive); }

    void read(const ZXing::ImageView& image, ZXing::DecodeHints hints) {
        if (out_of_time()) return;
        const ZXing::BarcodeFormats all = hints.formats();
        const ZXing::BarcodeFormats matrix = all & BarcodeFormat::MatrixCodes;
        const ZXing::BarcodeFormats linear = all & BarcodeFormat::LinearCodes;
        if (!matrix.empty()) {
            hints.setFormats(matrix);
            for (const ZXing::Result& r : ZXing::ReadBarcodes(image, hints)) add(r);
        }
        // ZXing 1.4 ReadBarcodes asserts (lineCount() == 1) when it compares two linear results
        // while de-duplicating; read linear codes one at a time.
        if (!linear.empty() && !out_of_time()) {
            hints.setFormats(linear);
            add(ZXing::ReadBarcode(image, hints));
        }
    }

    std::vector<DecodedBarcode> take() { return std::move(found_); }

private:
    void add(const ZXing::Result& r) {
        if (!r.isValid()) return;
        DecodedBarcode b{ZXing::ToString(r.format()), r.symbologyIdentifier(), r.text()};
        if (std::find(found_.begin(), found_.end(), b) == found_.end()) found_.push_back(b);
    }

    const DecodeOptions& options_;
    Clock::time_point deadline_;
    std::vector<DecodedBarcode> found_;
};

// Whole image, then horizontal bands so a Data Matrix anywhere crosses some band's middle row.
void sweep(Collector& c, const ZXing::ImageView& image, ZXing::BarcodeFormats formats) {
    ZXing::DecodeHints hints;
    hints.setFormats(formats).setTryHarder(true).setTryRotate(true).setTryDownscale(true);
    c.read(image, hints);
    if (!formats.testFlag(ZXing::BarcodeFormat::DataMatrix)) return;
    ZXing::DecodeHints dm;
    dm.setFormats(ZXing::BarcodeFormat::DataMatrix).setTryHarder(true).setTryRotate(true);
    for (int band : {std::max(kMinBandHeight, image.height() / 3), kMinBandHeight}) {
        if (band >= image.height()) continue;
        const int step = std::max(1, band / kBandStepDivisor);
        for (int top = 0; top + band / 2 < image.height() && !c.out_of_time(); top += step)
            c.read(image.cropped(0, top - band / 2, image.width(), band), dm);
    }
}

}  // namespace

Result<std::vector<DecodedBarcode>> decode_gray(std::span<const std::uint8_t> pixels, int width,
                                                int height, int stride,
                                                const DecodeOptions& options) {
    if (width <= 0 || height <= 0 || stride < width ||
        pixels.size() < static_cast<std::size_t>(stride) * (height - 1) + width)
        return invalid("image of " + std::to_string(width) + "x" + std::to_string(height) +
                       " pixels does not fit its " + std::to_string(pixels.size()) + " bytes");
    Collector c(options);
    const ZXing::ImageView image(pixels.data(), width, height, ZXing::ImageFormat::Lum, stride);
    sweep(c, image, kFormatsInUse);
    if (!c.done()) sweep(c, image, kOtherFormats);
    if (!c.done()) {  // white on black (laser-etched plates, phone screens)
        std::vector<std::uint8_t> inverted(static_cast<std::size_t>(width) * height);
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x)
                inverted[static_cast<std::size_t>(y) * width + x] = static_cast<std::uint8_t>(
                    255 - pixels[static_cast<std::size_t>(y) * stride + x]);
        sweep(c, ZXing::ImageView(inverted.data(), width, height, ZXing::ImageFormat::Lum),
              kFormatsInUse | kOtherFormats);
    }
    if (!c.done() && width > 800) {  // a big photo of a small code: halve it (box filter)
        const int w2 = width / 2, h2 = height / 2;
        std::vector<std::uint8_t> half(static_cast<std::size_t>(w2) * h2);
        for (int y = 0; y < h2; ++y)
            for (int x = 0; x < w2; ++x) {
                auto px = [&](int xx, int yy) {
                    return pixels[static_cast<std::size_t>(yy) * stride + xx];
                };
                half[static_cast<std::size_t>(y) * w2 + x] = static_cast<std::uint8_t>(
                    (px(2 * x, 2 * y) + px(2 * x + 1, 2 * y) + px(2 * x, 2 * y + 1) +
                     px(2 * x + 1, 2 * y + 1) + 2) /
                    4);
            }
        sweep(c, ZXing::ImageView(half.data(), w2, h2, ZXing::ImageFormat::Lum), kFormatsInUse);
    }
    return c.take();
}

Result<std::vector<DecodedBarcode>> decode_image(const std::string& path,
                                                 const DecodeOptions& options) {
    int w = 0, h = 0, channels = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> data(stbi_load(path.c_str(), &w, &h, &channels, 1),
                                                   stbi_image_free);
    if (!data) {
        const char* why = stbi_failure_reason();
        return io_error("cannot read image '" + path + "': " + (why ? why : "unknown error"));
    }
    return decode_gray({data.get(), static_cast<std::size_t>(w) * h}, w, h, w, options);
}

std::string visible_text(const std::string& text) {
    std::string out;
    for (unsigned char ch : text) {
        if (ch == 29) {
            out += "<GS>";
        } else if (ch < 32 || ch == 127) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", ch);
            out += buf;
        } else {
            out += static_cast<char>(ch);
        }
    }
    return out;
}

}  // namespace stampline::devices
