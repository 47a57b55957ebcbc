// Where records go: a file descriptor, a buffer in front of it, and what its failure was.
//
// Records are appended whole and leave with write(2) in batches that end on a record
// boundary: the buffer is written out when a batch of records ends, when it passes
// flush_bytes, or after every record when the output is a terminal. No partial flush ever
// lands in the middle of a record, so a process killed at any moment leaves whole records
// behind. Once a batch is out, `journal` hears which records it held (--resume keeps them).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fetch {

class Sink {
public:
    static constexpr std::size_t flush_bytes = 64 * 1024;

    // Told, after each successful write, the indices of the records it completed; returns
    // false when it could not keep them (its own write failed).
    using Journal = std::function<bool(const std::vector<std::uint64_t>&)>;

    // `fd` stays owned by the caller. `name` is for messages ("standard output", the -o file).
    Sink(int fd, std::string name, bool interactive, Journal journal = {});

    // Text that is not a record (a header row, a report's frame).
    void append(std::string_view text);
    // One whole record.
    void append_record(std::uint64_t index, std::string_view text);
    // Writes out everything appended. False once anything failed.
    bool flush();

    // errno of the first failed write (EPIPE: the reader went away), or 0.
    int error() const { return error_; }
    const std::string& name() const { return name_; }
    bool interactive() const { return interactive_; }
    std::uint64_t records_written() const { return records_written_; }

private:
    bool write_all(std::string_view bytes);

    int fd_;
    std::string name_;
    bool interactive_;
    Journal journal_;
    std::string buffer_;
    std::vector<std::uint64_t> pending_;  // the indices of the records in buffer_
    std::uint64_t records_written_ = 0;
    int error_ = 0;
};

}  // namespace fetch
