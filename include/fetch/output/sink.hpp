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
// size at that point (-1 when the output cannot seek) and the batch's bytes (a header held
// for the first record included): the resume journal keeps them and their hash, and the admission gate gets their
// slots back.
//
// Nothing is destroyed before there is something to write. Text that is not a record (a CSV
// header) is held until the first record, and a sink told to `replace` its file (-o without
// --resume, opened without O_TRUNC) truncates it only as that record goes out. A run that
// ends before its first record (a usage error, an empty list, a refusal, a signal) leaves the
// file as it was, unless the run is complete and calls publish(): then the held text goes
// out (a header-only CSV for an empty list with --allow-empty).
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
#include "fetch/base/result.hpp"

namespace fetch {

class Sink {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t flush_bytes = 64 * 1024;

    // Fails, saying what, when it could not keep what it was told (the journal's write, or
    // the database's commit, failed).
    using Written =
        std::function<Result<void>(const std::vector<WrittenRecord>&, std::int64_t offset, std::string_view bytes)>;

    // `fd` stays owned by the caller; -1 when the formatter keeps the records itself and gives
    // no bytes (--format sqlite: `on_written` commits them). `name` is for messages ("standard
    // output", the -o file).
    // `replace`: the file's old content goes when the first record comes (see above).
    Sink(int fd, std::string name, Written on_written = {}, bool replace = false);

    // Text that is not a record (a header row, a report's frame), written out in the same
    // batches.
    void append(std::string_view text);
    // One whole record.
    void append_record(const WrittenRecord& record, std::string_view text);
    // Writes out everything appended (text held until the first record stays held). False
    // once anything failed.
    bool flush();
    // The run is complete: what is held goes out even without a record. False on failure.
    bool publish();
    // Something that is not a record but stands for one (JUnit's skipped case) was appended:
    // held text goes out from now on, as after a record.
    void release() { hold_ = false; }

    // Any thread: from `deadline` on, writing gives up (a signal came; pending records get a
    // bounded time). Wakes a write waiting for a stalled reader.
    void stop_by(Clock::time_point deadline);

    // What kept the output from being whole, when it is not this descriptor (the JUnit
    // report's temporary file; a file of --store, then named by `path`): from now on the sink
    // fails, naming it.
    void fail(std::string what, std::string path = {});

    // errno of the first failed write (EPIPE: the reader went away; ETIMEDOUT: stop_by's
    // deadline passed), or 0.
    int error() const { return error_; }
    // What failed: the output's name, or what fail() named.
    const std::string& error_source() const { return error_source_; }
    // The file that could not be written, when fail() named one.
    const std::string& error_path() const { return error_path_; }
    const std::string& name() const { return name_; }
    bool interactive() const { return interactive_; }
    bool regular_file() const { return regular_; }
    std::uint64_t records_written() const { return records_written_; }

private:
    bool write_all(std::string_view bytes);
    bool replace_old_content();
    bool wait_writable();

    int fd_;
    std::string name_;
    bool interactive_;
    bool regular_;
    Written on_written_;
    bool replace_;       // the old content is still there, to be truncated at the first record
    bool hold_ = true;   // text without a record is held until the first record
    FileDescriptor wake_;  // eventfd: stop_by() was called
    std::atomic<Clock::rep> deadline_{Clock::time_point::max().time_since_epoch().count()};
    std::string buffer_;
    std::vector<WrittenRecord> pending_;  // the records in buffer_
    std::atomic<std::uint64_t> records_written_{0};
    int error_ = 0;
    std::string error_source_;
    std::string error_path_;
};

}  // namespace fetch
