// Ownership of C handles, written once: every FILE*, libcurl, libxml2 and descriptor handle in
// fetch is one of these, freed exactly once, movable, not copyable.
//
//   CPtr<xmlDoc, xmlFreeDoc> doc(xmlReadMemory(...));
//   FileDescriptor fd(::open(...));
#pragma once

#include <unistd.h>

#include <memory>
#include <utility>

namespace fetch {

// A unique_ptr deleter that calls a C library's free function (its result, if any, ignored).
template <auto Free>
struct FreeWith {
    template <typename T>
    void operator()(T* handle) const noexcept {
        Free(handle);
    }
};

template <typename T, auto Free>
using CPtr = std::unique_ptr<T, FreeWith<Free>>;

// A handle that is a value with an "invalid" sentinel rather than a pointer.
template <typename T, T Invalid, auto Close>
class UniqueValue {
public:
    explicit UniqueValue(T value = Invalid) noexcept : value_(value) {}
    ~UniqueValue() { reset(); }
    UniqueValue(UniqueValue&& other) noexcept : value_(other.release()) {}
    UniqueValue& operator=(UniqueValue&& other) noexcept {
        if (this != &other) reset(other.release());
        return *this;
    }
    UniqueValue(const UniqueValue&) = delete;
    UniqueValue& operator=(const UniqueValue&) = delete;

    T get() const noexcept { return value_; }
    bool valid() const noexcept { return value_ != Invalid; }
    T release() noexcept { return std::exchange(value_, Invalid); }
    void reset(T value = Invalid) noexcept {
        if (value_ != Invalid) Close(value_);
        value_ = value;
    }

private:
    T value_;
};

inline void close_descriptor(int fd) noexcept {
    ::close(fd);
}

using FileDescriptor = UniqueValue<int, -1, &close_descriptor>;

}  // namespace fetch
