// The one result type of every parser of user input (options, list lines, state files): a
// value, or a one-line message saying what was wrong. Setup failures that end the program are
// exceptions; a bad value a user typed is data, reported and then acted on by the caller.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace fetch {

// What was wrong, in words a user reads: "\"abc\" is not a number of seconds".
struct Failure {
    std::string message;
};

inline Failure fail(std::string message) {
    return {std::move(message)};
}

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit, as a return value
    Result(Failure failure) : error_(std::move(failure.message)) {}

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return *value_; }
    T& value() & { return *value_; }
    T&& value() && { return std::move(*value_); }
    const T* operator->() const { return &*value_; }
    T* operator->() { return &*value_; }
    const T& operator*() const { return *value_; }
    const std::string& error() const { return error_; }

private:
    std::optional<T> value_;
    std::string error_;
};

// For checks that produce nothing but a verdict.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Failure failure) : error_(std::move(failure.message)), ok_(false) {}

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const std::string& error() const { return error_; }

private:
    std::string error_;
    bool ok_ = true;
};

}  // namespace fetch
