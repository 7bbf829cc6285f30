// Printing: the A4 identification sheet that travels with a unit, and stamp badges, as PDF.
//
// Pages are drawn with Cairo; text uses DejaVu Sans (Cyrillic) embedded in the PDF; the barcode
// is a square Data Matrix of the native payload (ZXing-cpp's writer), one filled rectangle per
// module. Callers fill the plain structs below (from the server's trail or from the plant
// configuration); no Cairo or ZXing type appears here.
#pragma once

#include <string>
#include <vector>

#include "shared/status.h"

namespace stampline::devices {

// One stage of the route as printed: the stamp box is left empty for the inspector to stamp
// unless the stage is already signed off (then it shows the stamp number).
struct RouteRow {
    std::string stage;      // stage code, e.g. "ASSEMBLY"
    std::string operation;  // stage name, e.g. "Сборка"
    std::string executor;   // holder of the stamp that signed it off, or ""
    std::string stamp;      // stamp number, or ""
    std::string date;       // sign-off date, or ""
};

struct SheetContent {
    std::string plant_name;    // header line, any script
    std::string product_name;  // e.g. "КСО-298 камера сборная одностороннего обслуживания"
    std::string product_type;  // product type code
    std::string serial;
    std::string order;
    int sheet_version = 1;
    std::string payload;  // the native sheet payload (shared/sheet_payload.h)
    std::vector<RouteRow> route;
};

struct BadgeContent {
    std::string plant_name;
    std::string holder;  // full name, any script; may be empty
    std::string stamp;
    int issue = 1;
    std::string payload;  // the badge payload (shared/badge_payload.h)
};

// Writes an A4 PDF to path. InvalidArgument when the payload cannot be encoded, IOError naming
// the file when it cannot be written or the font is missing.
Status render_sheet_pdf(const SheetContent& sheet, const std::string& path);

// Writes a credit-card sized (85.6 x 54 mm) badge PDF to path; errors as render_sheet_pdf.
Status render_badge_pdf(const BadgeContent& badge, const std::string& path);

// The Data Matrix modules for text, row-major (true = dark), preferring a square symbol: when
// ZXing's smallest symbol is rectangular, case variants of the letters that the payload parsers
// accept alike (check character, then prefix, then all) are tried. side_x/side_y get the size.
Result<std::vector<bool>> datamatrix_modules(const std::string& text, int& side_x, int& side_y);

inline constexpr const char* kDefaultFontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
inline constexpr const char* kDefaultBoldFontFile =
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

}  // namespace stampline::devices
