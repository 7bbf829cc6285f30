#include "server/web/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "server/web/html.h"

namespace stampline::server::web {

namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

double largest(std::span<const ChartBar> bars) {
    double m = 0;
    for (const ChartBar& b : bars)
        if (std::isfinite(b.value)) m = std::max(m, b.value);
    return m > 0 ? m : 1;
}

std::string open_svg(int width, int height, std::string_view title) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"" +
           std::to_string(width) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
           std::to_string(width) + " " + std::to_string(height) + "\"><title>" + esc(title) +
           "</title>";
}

std::string text(double x, double y, std::string_view s, const char* anchor, int size = 12,
                 const char* extra = "") {
    return "<text x=\"" + num(x) + "\" y=\"" + num(y) + "\" font-size=\"" + std::to_string(size) +
           "\" text-anchor=\"" + anchor + "\"" + extra + ">" + esc(s) + "</text>";
}

std::string clipped(std::string_view label, std::size_t max_chars) {
    // Count UTF-8 characters, not bytes, so that Cyrillic labels are cut at the same length.
    std::size_t chars = 0;
    for (std::size_t i = 0; i < label.size(); ++i) {
        if ((static_cast<unsigned char>(label[i]) & 0xC0) != 0x80 && ++chars > max_chars)
            return std::string(label.substr(0, i)) + "…";
    }
    return std::string(label);
}

constexpr const char* kBar = "#5a6b7d";
constexpr const char* kAlarm = "#b3261e";

}  // namespace

std::string pareto_svg(std::span<const ChartBar> bars, std::string_view title) {
    const int left = 48, right = 48, top = 16, bottom = 96;
    const int step = 56;
    const int plot_w = std::max<int>(static_cast<int>(bars.size()) * step, 200);
    const int plot_h = 220;
    const int width = left + plot_w + right, height = top + plot_h + bottom;
    // Counts: the axis runs to a multiple of 4 so that its quarter marks are whole numbers.
    const double max = std::ceil(largest(bars) / 4.0) * 4.0;
    double total = 0;
    for (const ChartBar& b : bars) total += b.value;
    std::string out = open_svg(width, height, title);
    out += "<line x1=\"" + num(left) + "\" y1=\"" + num(top + plot_h) + "\" x2=\"" +
           num(left + plot_w) + "\" y2=\"" + num(top + plot_h) + "\" stroke=\"#1a1a1a\"/>";
    for (int pct = 0; pct <= 100; pct += 25) {
        const double y = top + plot_h - plot_h * pct / 100.0;
        out += "<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(left + plot_w) +
               "\" y2=\"" + num(y) + "\" stroke=\"#e0e0e0\"/>";
        out += text(left + plot_w + 6, y + 4, std::to_string(pct) + "%", "start", 11);
        out += text(left - 6, y + 4, fmt_number(max * pct / 100.0), "end", 11);
    }
    std::string line;
    double cumulative = 0;
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const ChartBar& b = bars[i];
        const double x = left + static_cast<double>(i) * step + 8;
        const double h = plot_h * b.value / max;
        out += "<rect x=\"" + num(x) + "\" y=\"" + num(top + plot_h - h) + "\" width=\"" +
               num(step - 16) + "\" height=\"" + num(h) + "\" fill=\"" +
               (b.highlight ? kAlarm : kBar) + "\"><title>" + esc(b.label) + ": " + num(b.value) +
               "</title></rect>";
        out += text(x + (step - 16) / 2.0, top + plot_h - h - 4, fmt_number(b.value), "middle", 11);
        const double lx = x + (step - 16) / 2.0, ly = top + plot_h + 12;
        out += "<text x=\"" + num(lx) + "\" y=\"" + num(ly) + "\" font-size=\"11\" " +
               "text-anchor=\"end\" transform=\"rotate(-40 " + num(lx) + " " + num(ly) + ")\">" +
               esc(clipped(b.label, 14)) + "</text>";
        cumulative += b.value;
        const double cy = top + plot_h - plot_h * (total > 0 ? cumulative / total : 0);
        line += (line.empty() ? "" : " ") + num(lx) + "," + num(cy);
    }
    if (!line.empty())
        out += "<polyline points=\"" + line +
               "\" fill=\"none\" stroke=\"#0b5cad\" stroke-width=\"2\" stroke-dasharray=\"6 3\"/>";
    out += "</svg>";
    return out;
}

std::string hbar_svg(std::span<const ChartBar> bars, std::string_view title,
                     std::string_view unit) {
    const int label_w = 330, plot_w = 420, row = 30, top = 8;
    const int width = label_w + plot_w + 110;
    const int height = top * 2 + std::max<int>(static_cast<int>(bars.size()), 1) * row;
    const double max = largest(bars);
    std::string out = open_svg(width, height, title);
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const ChartBar& b = bars[i];
        const double y = top + static_cast<double>(i) * row;
        const double w = plot_w * b.value / max;
        out += text(label_w - 8, y + 19, clipped(b.label, 40), "end", 13,
                    b.highlight ? " font-weight=\"bold\"" : "");
        out += "<rect x=\"" + num(label_w) + "\" y=\"" + num(y + 4) + "\" width=\"" + num(w) +
               "\" height=\"" + num(row - 8) + "\" fill=\"" + (b.highlight ? kAlarm : kBar) +
               "\"/>";
        out += text(label_w + w + 6, y + 19,
                    fmt_number(b.value, b.value < 10 ? 1 : 0) +
                        (unit.empty() ? "" : " " + std::string(unit)),
                    "start", 12);
    }
    out += "</svg>";
    return out;
}

std::string trend_svg(std::span<const ChartBar> points, std::string_view title, int decimals) {
    const int left = 24, right = 24, top = 24, plot_h = 110, bottom = 28, step = 90;
    const int width = left + right + std::max<int>(static_cast<int>(points.size()) - 1, 1) * step;
    const int height = top + plot_h + bottom;
    const double max = largest(points);
    std::string out = open_svg(width, height, title);
    std::string line;  // the current run of known points
    auto flush = [&] {
        if (line.find(' ') != std::string::npos)
            out += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"#0b5cad\" " +
                   "stroke-width=\"2\"/>";
        line.clear();
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        const ChartBar& p = points[i];
        const double x = left + static_cast<double>(i) * step;
        out += text(x, top + plot_h + 18, p.label, "middle", 11);
        if (!std::isfinite(p.value)) {  // unknown: no point, and the line breaks here
            out += text(x, top + plot_h - 4, "—", "middle", 11);
            flush();
            continue;
        }
        const double y = top + plot_h - plot_h * p.value / max;
        line += (line.empty() ? "" : " ") + num(x) + "," + num(y);
        out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"4\" fill=\"" +
               (p.highlight ? kAlarm : "#0b5cad") + "\"/>";
        out += text(x, y - 8, fmt_number(p.value, decimals), "middle", 11);
    }
    flush();
    out += "</svg>";
    return out;
}

}  // namespace stampline::server::web
