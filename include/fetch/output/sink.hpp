// Where records go: a file descriptor, a buffer in front of it, and what its failure was.
//
// Records are appended whole and leave in batches that end on a record boundary: the buffer is
// written out when a batch of records ends, when it passes flush_bytes, or after every record
// when the output is a terminal. No flush ever lands in the middle of a record. Into a regular
// file a batch is one write(2), so a process killed at any moment leaves whole records behind
// (and --resume cuts a torn tail back to the last batch it knows was written). Into a pipe, a
// terminal or a socket the bytes go in pieces of PIPE_BUF, each after poll(2) says there is
// room, so that a stalled reader can never hold the writer past a deadline set by stop_by().
//
// Only once a batch is out does `on_written` hear which records it held, with the output's
// size at that point (-1 when the output cannot seek): the resume journal keeps them, and the
// admission gate gets their slots back.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"

namespace fetch {

class Sink {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t flush_bytes = 64 * 1024;

    // Returns false when it could not keep what it was told (its own write failed).
    using Written = std::function<bool(const std::vector<WrittenRecord>&, std::int64_t offset)>;

    // `fd` stays owned by the caller. `name` is for messages ("standard output", the -o file).
    Sink(int fd, std::string name, Written on_written = {});

    // Text that is not a record (a header row, a report's frame), written out in the same
    // batches.
    void append(std::string_view text);
    // One whole record.
    void append_record(const WrittenRecord& record, std::string_view text);
    // Writes out everything appended. False once anything failed.
    bool flush();

    // Any thread: from `deadline` on, writing gives up (a signal came; pending records get a
    // bounded time). Wakes a write waiting for a stalled reader.
    void stop_by(Clock::time_point deadline);

    // What kept the output from being whole, when it is not this descriptor (the JUnit
    // report's temporary file): from now on the sink fails, naming it.
    void fail(std::string what);

    // errno of the first failed write (EPIPE: the reader went away; ETIMEDOUT: stop_by's
    // deadline passed), or 0.
    int error() const { return error_; }
    // What failed: the output's name, or what fail() named.
    const std::string& error_source() const { return error_source_; }
    const std::string& name() const { return name_; }
    bool interactive() const { return interactive_; }
    bool regular_file() const { return regular_; }
    std::uint64_t records_written() const { return records_written_; }

private:
    bool write_all(std::string_view bytes);
    bool wait_writable();

    int fd_;
    std::string name_;
    bool interactive_;
    bool regular_;
    Written on_written_;
    FileDescriptor wake_;  // eventfd: stop_by() was called
    std::atomic<Clock::rep> deadline_{Clock::time_point::max().time_since_epoch().count()};
    std::string buffer_;
    std::vector<WrittenRecord> pending_;  // the records in buffer_
    std::atomic<std::uint64_t> records_written_{0};
    int error_ = 0;
    std::string error_source_;
};

}  // namespace fetch
