#define ZX_USE_UTF8 1
#include "devices/sheet_renderer.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>

#include <utility>
#include FT_FREETYPE_H

#include <cctype>
#include <exception>
#include <memory>
#include <mutex>
#include <utility>

namespace stampline::devices {

namespace {

constexpr double kMm = 72.0 / 25.4;
constexpr double kA4Width = 595.276;
constexpr double kA4Height = 841.89;
constexpr double kMargin = 15 * kMm;
constexpr double kSheetCodeSide = 40 * kMm;  // printed Data Matrix, quiet zone outside
constexpr double kBadgeWidth = 85.6 * kMm;
constexpr double kBadgeHeight = 54 * kMm;
constexpr double kBadgeCodeSide = 24 * kMm;
constexpr double kRouteRowHeight = 34;  // room for a stamp impression

// One FreeType library for the process: cairo may keep faces cached after a surface is gone.
FT_Library freetype() {
    static FT_Library lib = nullptr;
    static std::once_flag once;
    std::call_once(once, [] {
        if (FT_Init_FreeType(&lib) != 0) lib = nullptr;
    });
    return lib;
}

const cairo_user_data_key_t kFaceKey{};

// A cairo font face for a font file; the FT_Face is released when cairo drops the face.
Result<cairo_font_face_t*> load_font(const char* file) {
    FT_Library lib = freetype();
    FT_Face face = nullptr;
    if (!lib || FT_New_Face(lib, file, 0, &face) != 0)
        return io_error(std::string("cannot load font '") + file + "' (install fonts-dejavu-core)");
    cairo_font_face_t* cf = cairo_ft_font_face_create_for_ft_face(face, 0);
    if (cairo_font_face_set_user_data(cf, &kFaceKey, face, [](void* f) {
            FT_Done_Face(static_cast<FT_Face>(f));
        }) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(cf);
        FT_Done_Face(face);
        return io_error(std::string("cannot use font '") + file + "'");
    }
    return cf;
}

struct FontFaceDeleter {
    void operator()(cairo_font_face_t* f) const { cairo_font_face_destroy(f); }
};
using FontPtr = std::unique_ptr<cairo_font_face_t, FontFaceDeleter>;

// A PDF page being drawn: surface, context and the two fonts, released in reverse.
class Page {
public:
    static Result<std::unique_ptr<Page>> open(const std::string& path, double w, double h) {
        auto regular = load_font(kDefaultFontFile);
        if (!regular) return regular.error();
        auto bold = load_font(kDefaultBoldFontFile);
        if (!bold) {
            cairo_font_face_destroy(*regular);
            return bold.error();
        }
        auto page = std::unique_ptr<Page>(new Page(FontPtr(*regular), FontPtr(*bold)));
        page->surface_ = cairo_pdf_surface_create(path.c_str(), w, h);
        if (cairo_surface_status(page->surface_) != CAIRO_STATUS_SUCCESS)
            return io_error("cannot create PDF '" + path +
                            "': " + cairo_status_to_string(cairo_surface_status(page->surface_)));
        cairo_pdf_surface_set_metadata(page->surface_, CAIRO_PDF_METADATA_CREATOR, "Stampline");
        page->cr_ = cairo_create(page->surface_);
        page->path_ = path;
        return page;
    }

    ~Page() {
        if (cr_) cairo_destroy(cr_);
        if (surface_) cairo_surface_destroy(surface_);
    }

    cairo_t* cr() const { return cr_; }

    void font(bool bold, double size) {
        cairo_set_font_face(cr_, bold ? bold_.get() : regular_.get());
        cairo_set_font_size(cr_, size);
    }

    // Text with its baseline at y; returns its advance width.
    double text(double x, double y, const std::string& s) {
        cairo_move_to(cr_, x, y);
        cairo_show_text(cr_, s.c_str());
        return width(s);
    }

    double width(const std::string& s) {
        cairo_text_extents_t e;
        cairo_text_extents(cr_, s.c_str(), &e);
        return e.x_advance;
    }

    // Text at (x, baseline y) no wider than max_w: the font shrinks down to 60 % of `size`,
    // then the rest is clipped.
    void fit_text(double x, double y, double max_w, const std::string& s, bool bold, double size) {
        font(bold, size);
        for (double sz = size; sz >= size * 0.6 && width(s) > max_w; sz -= 0.5) font(bold, sz);
        cairo_save(cr_);
        cairo_rectangle(cr_, x, y - size * 1.2, max_w, size * 1.6);
        cairo_clip(cr_);
        text(x, y, s);
        cairo_restore(cr_);
    }

    // A table cell: its border, then its text inside — on one line when it fits, else wrapped
    // at a space onto two lines (shrinking down to 60 % of `size`) when the cell is tall enough,
    // else fitted on one line.
    void cell(double x, double y, double w, double h, const std::string& s, bool bold,
              double size) {
        cairo_rectangle(cr_, x, y, w, h);
        cairo_stroke(cr_);
        const double max_w = w - 6;
        font(bold, size);
        if (width(s) > max_w && h >= size * 2.6) {
            for (double sz = size; sz >= size * 0.6; sz -= 0.5) {
                font(bold, sz);
                const auto [first, second] = wrap_two_lines(s, max_w);
                if (first.empty() || width(second) > max_w) continue;
                const double mid = y + h / 2;
                text(x + 3, mid - sz * 0.25, first);
                text(x + 3, mid + sz * 0.95, second);
                return;
            }
        }
        fit_text(x + 3, y + h / 2 + size * 0.35, max_w, s, bold, size);
    }

    // The longest first line (ending at a space) no wider than max_w in the current font, and
    // the rest; an empty first line when no space allows it.
    std::pair<std::string, std::string> wrap_two_lines(const std::string& s, double max_w) {
        std::size_t best = std::string::npos;
        for (std::size_t at = s.find(' '); at != std::string::npos; at = s.find(' ', at + 1)) {
            if (width(s.substr(0, at)) > max_w) break;
            best = at;
        }
        if (best == std::string::npos) return {};
        return {s.substr(0, best), s.substr(best + 1)};
    }

    Status finish() {
        cairo_show_page(cr_);
        cairo_destroy(cr_);
        cr_ = nullptr;
        cairo_surface_finish(surface_);
        const cairo_status_t st = cairo_surface_status(surface_);
        if (st != CAIRO_STATUS_SUCCESS)
            return io_error("cannot write PDF '" + path_ + "': " + cairo_status_to_string(st));
        return Status::ok();
    }

private:
    Page(FontPtr regular, FontPtr bold) : regular_(std::move(regular)), bold_(std::move(bold)) {}

    FontPtr regular_, bold_;
    cairo_surface_t* surface_ = nullptr;
    cairo_t* cr_ = nullptr;
    std::string path_;
};

// Draws a Data Matrix with its top-left corner at (x, y), `side` points for the longer edge.
Status draw_datamatrix(cairo_t* cr, const std::string& text, double x, double y, double side) {
    int w = 0, h = 0;
    auto modules = datamatrix_modules(text, w, h);
    if (!modules) return modules.error();
    const double m = side / std::max(w, h);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int r = 0; r < h; ++r)
        for (int c = 0; c < w; ++c)
            if ((*modules)[static_cast<std::size_t>(r) * w + c])
                cairo_rectangle(cr, x + c * m, y + r * m, m, m);
    cairo_fill(cr);
    cairo_restore(cr);
    return Status::ok();
}

Result<std::vector<bool>> encode_once(const std::string& text, int& w, int& h) {
    try {
        const ZXing::BitMatrix bits = ZXing::MultiFormatWriter(ZXing::BarcodeFormat::DataMatrix)
                                          .setMargin(0)
                                          .encode(text, 0, 0);
        w = bits.width();
        h = bits.height();
        std::vector<bool> out(static_cast<std::size_t>(w) * h);
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) out[static_cast<std::size_t>(y) * w + x] = bits.get(x, y);
        return out;
    } catch (const std::exception& e) {
        return invalid("cannot encode '" + text + "' as Data Matrix: " + e.what());
    }
}

std::string lower(std::string s, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < std::min(to, s.size()); ++i)
        s[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    return s;
}

}  // namespace

Result<std::vector<bool>> datamatrix_modules(const std::string& text, int& side_x, int& side_y) {
    const std::size_t n = text.size();
    const std::string variants[] = {text, lower(text, n ? n - 1 : 0, n), lower(text, 0, 2),
                                    lower(lower(text, 0, 2), n ? n - 1 : 0, n), lower(text, 0, n)};
    Result<std::vector<bool>> first = invalid("empty payload");
    for (std::size_t i = 0; i < std::size(variants); ++i) {
        int w = 0, h = 0;
        auto m = encode_once(variants[i], w, h);
        if (!m) return m.error();
        if (i == 0) {
            first = m;
            side_x = w;
            side_y = h;
        }
        if (w == h) {
            side_x = w;
            side_y = h;
            return m;
        }
    }
    return first;  // no square variant: the smallest (rectangular) symbol
}

Status render_sheet_pdf(const SheetContent& s, const std::string& path) {
    auto opened = Page::open(path, kA4Width, kA4Height);
    if (!opened) return opened.error();
    Page& p = **opened;
    cairo_t* cr = p.cr();
    cairo_set_source_rgb(cr, 0, 0, 0);

    const double left = kMargin, right = kA4Width - kMargin;
    const double code_x = right - kSheetCodeSide, code_y = kMargin + 4;
    const double text_w = code_x - 8 * kMm - left;  // header text keeps clear of the quiet zone
    double y = kMargin + 14;
    p.fit_text(left, y, text_w, s.plant_name, true, 14);
    y += 20;
    p.fit_text(left, y, text_w, "Маршрутный лист изделия / Unit identification sheet", false, 11);
    y += 30;
    p.fit_text(left, y, text_w, s.product_name.empty() ? s.product_type : s.product_name, true, 16);
    y += 22;
    p.font(false, 11);
    p.text(left, y, "Тип / Type: " + s.product_type);
    y += 16;
    p.text(left, y, "Заказ / Order: " + (s.order.empty() ? std::string("-") : s.order));
    y += 16;
    p.text(left, y, "Версия листа / Sheet version: " + std::to_string(s.sheet_version));
    y += 30;
    p.font(false, 11);
    p.text(left, y, "Заводской номер / Serial:");
    y += 30;
    p.fit_text(left, y, text_w, s.serial, true, 26);

    // The code in the top-right corner, with its quiet zone inside the margin.
    if (Status st = draw_datamatrix(cr, s.payload, code_x, code_y, kSheetCodeSide); !st) return st;
    p.font(false, 7.5);
    const double pw = p.width(s.payload);
    p.text(right - std::max(pw, 0.0), code_y + kSheetCodeSide + 12, s.payload);

    // The route table.
    y = std::max(y, code_y + kSheetCodeSide + 20) + 24;
    p.font(true, 12);
    p.text(left, y, "Маршрут / Route");
    y += 8;
    const char* heads[] = {"№",
                           "Этап / Stage",
                           "Операция / Operation",
                           "Исполнитель / Executor",
                           "Клеймо / Stamp",
                           "Дата / Date"};
    const double widths[] = {20, 72, 170, 110, 70, 0};
    double col_x[7];
    col_x[0] = left;
    for (int i = 0; i < 6; ++i)
        col_x[i + 1] = col_x[i] + (widths[i] ? widths[i] : right - col_x[i]);
    const double head_h = 20;
    cairo_set_line_width(cr, 0.8);
    for (int i = 0; i < 6; ++i)
        p.cell(col_x[i], y, col_x[i + 1] - col_x[i], head_h, heads[i], true, 8);
    y += head_h;
    int n = 0;
    for (const RouteRow& r : s.route) {
        if (y + kRouteRowHeight > kA4Height - kMargin - 20) break;  // one page; rest noted below
        const std::string cells[] = {std::to_string(++n), r.stage, r.operation,
                                     r.executor,          r.stamp, r.date};
        for (int i = 0; i < 6; ++i)
            p.cell(col_x[i], y, col_x[i + 1] - col_x[i], kRouteRowHeight, cells[i], false, 9);
        y += kRouteRowHeight;
    }
    p.font(false, 7);
    std::string footer = "Stampline · " + s.payload;
    if (n < static_cast<int>(s.route.size()))
        footer += " · " + std::to_string(s.route.size() - n) + " stages not shown";
    p.text(left, kA4Height - kMargin, footer);
    return p.finish();
}

Status render_badge_pdf(const BadgeContent& b, const std::string& path) {
    auto opened = Page::open(path, kBadgeWidth, kBadgeHeight);
    if (!opened) return opened.error();
    Page& p = **opened;
    cairo_t* cr = p.cr();
    const double m = 4 * kMm;
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_set_line_width(cr, 0.5);
    cairo_rectangle(cr, 0.5, 0.5, kBadgeWidth - 1, kBadgeHeight - 1);
    cairo_stroke(cr);
    p.fit_text(m, m + 6, kBadgeWidth - 2 * m, b.plant_name, true, 8);
    const double code_x = kBadgeWidth - m - kBadgeCodeSide;
    const double code_y = kBadgeHeight - m - kBadgeCodeSide;
    if (Status st = draw_datamatrix(cr, b.payload, code_x, code_y, kBadgeCodeSide); !st) return st;
    p.font(false, 7);
    p.text(m, m + 24, "Клеймо / Stamp");
    p.fit_text(m, m + 48, code_x - 3 * kMm - m, b.stamp, true, 22);
    p.fit_text(m, m + 64, code_x - 3 * kMm - m, b.holder, false, 8);
    p.font(false, 7);
    p.text(m, kBadgeHeight - m, "Выпуск / Issue " + std::to_string(b.issue));
    return p.finish();
}

}  // namespace stampline::devices
