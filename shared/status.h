// Errors as values: Status and Result<T>, shaped like std::expected.
//
// Every function that can fail on outside input (scanned text, config files, JSON, the network)
// returns one of these instead of throwing. The message is for a person: it names the input,
// file, line or field, and says what to do.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace stampline {

enum class Code {
    Ok,
    InvalidArgument,  // malformed input: a payload, a field, a request
    NotFound,
    Conflict,  // the input is well-formed but the current state refuses it
    Unauthorized,
    PermissionDenied,
    Unavailable,
    Corruption,
    IOError,
    Internal,
};

const char* code_name(Code code);

class Status {
public:
    Status() = default;
    Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

    static Status ok() { return {}; }

    bool is_ok() const { return code_ == Code::Ok; }
    explicit operator bool() const { return is_ok(); }
    Code code() const { return code_; }
    const std::string& message() const { return message_; }
    // "InvalidArgument: message"
    std::string to_string() const;

private:
    Code code_ = Code::Ok;
    std::string message_;
};

inline Status invalid(std::string message) {
    return {Code::InvalidArgument, std::move(message)};
}
inline Status not_found(std::string message) {
    return {Code::NotFound, std::move(message)};
}
inline Status conflict(std::string message) {
    return {Code::Conflict, std::move(message)};
}
inline Status io_error(std::string message) {
    return {Code::IOError, std::move(message)};
}

// A value or the Status that explains why there is none. A Result is never built from an ok Status.
template <typename T>
class Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Status error) : v_(std::move(error)) { assert(!std::get<Status>(v_).is_ok()); }

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return std::get<T>(v_); }
    const T& value() const& { return std::get<T>(v_); }
    T&& value() && { return std::get<T>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    // The error; only valid when !has_value().
    const Status& error() const { return std::get<Status>(v_); }
    Status status() const { return has_value() ? Status::ok() : error(); }

private:
    std::variant<T, Status> v_;
};

}  // namespace stampline
