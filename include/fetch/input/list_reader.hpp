// Streams one URL list (a file or stdin) line by line, in constant memory: lines longer than
// max_line_bytes are cut and flagged, never buffered whole.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/result.hpp"

namespace fetch {

struct ListLine {
    std::uint64_t number = 0;  // 1-based line number in its source
    std::string text;          // trimmed of ASCII whitespace (and CR); BOM removed on line 1
    bool too_long = false;     // the line had more than max_line_bytes; text is truncated
};

class ListReader {
public:
    static constexpr std::size_t max_line_bytes = 64 * 1024;

    // Opens `path` ("-" = stdin); fails, naming the file, when it cannot be read as a list
    // (missing, unreadable, a directory).
    static Result<ListReader> open(const std::string& path);
    ListReader(ListReader&&) noexcept = default;
    ListReader& operator=(ListReader&&) noexcept = default;

    // The next line that is neither blank nor a '#' comment; false at end of input. A read
    // error ends the input and is reported by error().
    bool next(ListLine& line);

    // While waiting for input, also watch `fd` (an eventfd): once it is readable the list ends
    // early, so that an interrupted run is not stuck reading a silent stdin.
    void set_interrupt(int fd) { interrupt_fd_ = fd; }

    const std::string& name() const { return name_; }
    int fd() const { return fd_; }
    const std::string& error() const { return error_; }

private:
    ListReader(std::string name, FileDescriptor owned, int fd);
    bool read_raw_line(ListLine& line);
    bool refill();

    std::string name_;
    FileDescriptor owned_;  // the list file; not stdin, which stays open
    int fd_ = -1;
    int interrupt_fd_ = -1;
    std::vector<char> buffer_;
    std::size_t begin_ = 0, end_ = 0;
    bool eof_ = false;
    std::uint64_t line_number_ = 0;
    std::string error_;
};

}  // namespace fetch
