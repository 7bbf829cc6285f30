#include "terminal/platform/png_file.h"

#include <stb_image_write.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace stampline::terminal::platform {

Status write_png(const Image& image, const std::string& path) {
    if (image.width <= 0 || image.height <= 0) return io_error("no frame to write to " + path);
    const std::string tmp = path + ".tmp";
    if (!stbi_write_png(tmp.c_str(), image.width, image.height, 4, image.rgba.data(),
                        image.width * 4))
        return io_error("cannot write the PNG file " + tmp);
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        return io_error("cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
    return Status::ok();
}

}  // namespace stampline::terminal::platform
