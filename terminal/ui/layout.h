// Rectangles for laying out a screen by cutting pieces off an area: the views place every widget
// at an absolute position, so a screen's layout reads top to bottom in its code.
#pragma once
#include <imgui.h>

#include <algorithm>
#include <vector>

namespace stampline::terminal::ui {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;

    ImVec2 min() const { return {x, y}; }
    ImVec2 max() const { return {x + w, y + h}; }
    ImVec2 size() const { return {w, h}; }
    float right() const { return x + w; }
    float bottom() const { return y + h; }

    // Cuts a strip of `size` off one side (and the gap after it); returns the strip.
    Rect take_top(float size, float gap = 0) {
        size = std::min(size, h);
        Rect r{x, y, w, size};
        const float used = std::min(h, size + gap);
        y += used;
        h -= used;
        return r;
    }
    Rect take_bottom(float size, float gap = 0) {
        size = std::min(size, h);
        Rect r{x, y + h - size, w, size};
        h = std::max(0.0f, h - size - gap);
        return r;
    }
    Rect take_left(float size, float gap = 0) {
        size = std::min(size, w);
        Rect r{x, y, size, h};
        const float used = std::min(w, size + gap);
        x += used;
        w -= used;
        return r;
    }
    Rect take_right(float size, float gap = 0) {
        size = std::min(size, w);
        Rect r{x + w - size, y, size, h};
        w = std::max(0.0f, w - size - gap);
        return r;
    }
    Rect inset(float d) const {
        return {x + d, y + d, std::max(0.0f, w - 2 * d), std::max(0.0f, h - 2 * d)};
    }
    Rect inset(float dx, float dy) const {
        return {x + dx, y + dy, std::max(0.0f, w - 2 * dx), std::max(0.0f, h - 2 * dy)};
    }
};

// n equal columns across r with `gap` between them.
inline std::vector<Rect> columns(const Rect& r, int n, float gap) {
    std::vector<Rect> out;
    if (n <= 0) return out;
    const float w = (r.w - gap * static_cast<float>(n - 1)) / static_cast<float>(n);
    for (int i = 0; i < n; ++i)
        out.push_back({r.x + static_cast<float>(i) * (w + gap), r.y, w, r.h});
    return out;
}

// Cell i of a grid of `cols` columns with cells of height `cell_h` starting at r's top-left.
inline Rect grid_cell(const Rect& r, int cols, float cell_h, float gap, int i) {
    const float w = (r.w - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const int row = i / cols, col = i % cols;
    return {r.x + static_cast<float>(col) * (w + gap),
            r.y + static_cast<float>(row) * (cell_h + gap), w, cell_h};
}

}  // namespace stampline::terminal::ui
