// Resident memory of a process split by what holds it, read from /proc/PID/smaps: the software GL
// stack's libraries (Mesa's driver and the LLVM it JIT-compiles shaders with), other files, and
// anonymous memory. Used by the terminal benchmarks.
#pragma once

#include <cctype>
#include <fstream>
#include <sstream>
#include <string>

namespace stampline::e2e {

struct RssSplit {
    double gl_libs_mb = 0, other_files_mb = 0, anonymous_mb = 0;
    double total_mb() const { return gl_libs_mb + other_files_mb + anonymous_mb; }
};

// The peak resident size (VmHWM) of "/proc/<pid>/status" or "/proc/self/status", in KiB; -1
// when unreadable.
inline long peak_rss_kib(const std::string& status) {
    std::ifstream in(status);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// smaps: "/proc/<pid>/smaps" or "/proc/self/smaps".
inline RssSplit rss_split(const std::string& smaps) {
    std::ifstream in(smaps);
    RssSplit out;
    std::string line, path;
    while (std::getline(in, line)) {
        if (!line.empty() && std::isxdigit(static_cast<unsigned char>(line[0])) &&
            line.find('-') < line.find(' ')) {
            std::istringstream fields(line);
            std::string range, perms, offset, dev, inode;
            path.clear();
            fields >> range >> perms >> offset >> dev >> inode >> path;
        } else if (line.rfind("Rss:", 0) == 0) {
            const double mb = std::stod(line.substr(4)) / 1024.0;
            if (path.find("LLVM") != std::string::npos || path.find("/dri/") != std::string::npos)
                out.gl_libs_mb += mb;
            else if (!path.empty() && path[0] == '/')
                out.other_files_mb += mb;
            else
                out.anonymous_mb += mb;
        }
    }
    return out;
}

}  // namespace stampline::e2e
