// Streams one URL list (a file or stdin) line by line, in constant memory: lines longer than
// max_line_bytes are cut and flagged, never buffered whole. A line ends at LF, CRLF or a lone
// CR. A list that starts with a UTF-16 byte order mark (as Windows tools write them) is
// decoded to UTF-8; otherwise bytes are taken as they are (URLs are checked for UTF-8 later).
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
    // The next line as it is, blank or not, untrimmed (only a UTF-8 byte order mark is taken off
    // line 1): for tables, whose cells may be empty at either end, and CSV, whose quoted cells
    // may span lines.
    bool next_raw(ListLine& line);

    // Read to its end (not cut short by the interrupt or a read error).
    bool at_end() const { return eof_ && begin_ == end_ && error_.empty(); }
    // A regular file: it can be read again, and its rest read after an interrupt without waiting.
    bool regular() const { return regular_; }

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
    bool refill_utf16();
    bool wait_readable();
    std::size_t read_some(char* into, std::size_t size);
    bool starts_as_utf16(std::size_t got);

    std::string name_;
    FileDescriptor owned_;  // the list file; not stdin, which stays open
    int fd_ = -1;
    int interrupt_fd_ = -1;
    bool regular_ = false;
    std::vector<char> buffer_;
    std::size_t begin_ = 0, end_ = 0;
    bool eof_ = false;
    bool after_cr_ = false;    // the last line ended with CR: a LF next is part of its end
    bool started_ = false;     // the first read is done
    bool utf16_mode_ = false;  // the list started with a UTF-16 byte order mark
    bool utf16_big_endian_ = false;
    std::string utf16_;  // UTF-16 bytes not yet decoded
    std::vector<char> raw_ = std::vector<char>(32 * 1024);
    std::uint64_t line_number_ = 0;
    std::string error_;
};

}  // namespace fetch
