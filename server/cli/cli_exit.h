// How the admin CLI's commands end on an error: one line on stderr, exit status 2.
#pragma once

#include <iostream>

#include "shared/status.h"

namespace stampline::cli {

inline int fail(const Status& s) {
    std::cerr << "stampline: " << s.message() << "\n";
    return 2;
}

}  // namespace stampline::cli
