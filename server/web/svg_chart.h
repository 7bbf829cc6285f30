// Charts as inline SVG for the web pages and the printed review pack: no script, no external
// files, readable in black and white. Pure: data in, markup out; labels are escaped here.
#pragma once

#include <span>
#include <string>

namespace stampline::server::web {

struct ChartBar {
    std::string label;
    double value = 0;
    bool highlight = false;  // drawn in the alarm colour (e.g. the bottleneck stage)
};

// A Pareto chart: vertical bars in the given order, scaled to the largest value, and the
// cumulative share of the total as a line against a 0–100 % axis on the right.
std::string pareto_svg(std::span<const ChartBar> bars, std::string_view title);

// Horizontal bars, one row per bar, scaled to the largest value; the value printed at the end
// of each bar with `unit` after it.
std::string hbar_svg(std::span<const ChartBar> bars, std::string_view title, std::string_view unit);

// A line over equally spaced points (e.g. months), each point labelled with its value; a point
// whose value is not finite (unknown) is shown as a dash and breaks the line.
std::string trend_svg(std::span<const ChartBar> points, std::string_view title, int decimals);

}  // namespace stampline::server::web
