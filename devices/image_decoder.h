// Photo decode: every barcode in a PNG/JPEG photo or a grey camera frame, with ZXing-cpp.
//
// ZXing-cpp 1.4's Data Matrix detector only finds symbols that cross the image's middle row, so
// besides the whole image the decoder reads horizontal bands that sweep the picture. It tries the
// formats the plant uses first (Data Matrix, QR, Code 128), then everything else, then the
// inverted picture (white on black) and a downscaled one, stopping early once something is found
// and giving up when the time budget is spent. No ZXing types appear here.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "shared/status.h"

namespace stampline::devices {

struct DecodedBarcode {
    std::string format;     // "DataMatrix", "QRCode", "Code128", ...
    std::string symbology;  // AIM identifier as "]d2", "" if the format has none
    std::string text;       // as a scanner would send it: GS1 separators as ASCII 29
    bool operator==(const DecodedBarcode&) const = default;
};

struct DecodeOptions {
    // Wall time after which no further attempt is started (an attempt under way finishes).
    std::chrono::milliseconds budget{1500};
    // Keep trying the slower passes even after a barcode was found (finds more codes per image).
    bool exhaustive = false;
};

// Decodes an 8-bit grey image (row-major, `stride` bytes per row). Returns the barcodes found
// (possibly none; each distinct format+text once, in the order found), or InvalidArgument for
// bad dimensions. Thread-safe: no shared state.
Result<std::vector<DecodedBarcode>> decode_gray(std::span<const std::uint8_t> pixels, int width,
                                                int height, int stride,
                                                const DecodeOptions& options = {});

// Loads a PNG or JPEG file and decodes it; IOError naming the file if it cannot be read.
Result<std::vector<DecodedBarcode>> decode_image(const std::string& path,
                                                 const DecodeOptions& options = {});

// The text with ASCII 29 shown as <GS> and other control characters as \xNN, for printing.
std::string visible_text(const std::string& text);

}  // namespace stampline::devices
