#include "shared/status.h"

namespace stampline {

const char* code_name(Code code) {
    switch (code) {
        case Code::Ok: return "Ok";
        case Code::InvalidArgument: return "InvalidArgument";
        case Code::NotFound: return "NotFound";
        case Code::Conflict: return "Conflict";
        case Code::Unauthorized: return "Unauthorized";
        case Code::PermissionDenied: return "PermissionDenied";
        case Code::Unavailable: return "Unavailable";
        case Code::Corruption: return "Corruption";
        case Code::IOError: return "IOError";
        case Code::Internal: return "Internal";
    }
    return "Unknown";
}

std::string Status::to_string() const {
    if (is_ok()) return "Ok";
    return std::string(code_name(code_)) + ": " + message_;
}

}  // namespace stampline
