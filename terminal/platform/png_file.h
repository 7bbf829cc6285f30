// Writing a rendered frame as a PNG file, atomically: written to "<path>.tmp" and renamed, so a
// reader polling for the file never sees half of it.
#pragma once
#include <string>

#include "shared/status.h"
#include "terminal/platform/window.h"

namespace stampline::terminal::platform {

// IOError naming the path when the file cannot be written or renamed.
Status write_png(const Image& image, const std::string& path);

}  // namespace stampline::terminal::platform
