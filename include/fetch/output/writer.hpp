// The one thread that owns the output. Workers hand it finished records; it prints them in
// completion order, or in input order through a ring of `window` slots (the admission gate
// guarantees no record arrives more than `window` ahead of the next one to print).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fetch/input/admission.hpp"
#include "fetch/output/format.hpp"
#include "fetch/app/options.hpp"
#include "fetch/output/progress.hpp"
#include "fetch/base/record.hpp"
#include "fetch/input/resume.hpp"
#include "fetch/output/stats.hpp"

namespace fetch {

class RecordWriter {
public:
    static constexpr std::size_t max_queued = 4096;

    // `stop_run` runs on the writer thread when the run should end early: output can no
    // longer be written, or (--fail-fast) a record did not meet --expect. `colour`: text may
    // be coloured.
    // `terminal`, when not null, is the progress line sharing stdout's terminal: it is
    // cleared before records are printed.
    RecordWriter(const Options& options, std::size_t window, std::FILE* out, Admission& admission,
                 std::function<void()> stop_run, bool colour, RunStats& stats, TerminalLine* terminal,
                 ResumeState* resume);
    ~RecordWriter();
    RecordWriter(const RecordWriter&) = delete;
    RecordWriter& operator=(const RecordWriter&) = delete;

    // Moves every record out of `records` (left empty); any thread; never waits.
    void push(std::vector<Record>& records);
    // For the reader: waits while the queue is full, so that records which take no transfer
    // slot (bad input) cannot pile up faster than they are written.
    void push_with_backpressure(Record record);
    void close();  // no more records: the thread writes what it has and ends
    void join();

    std::uint64_t records_written() const { return written_; }
    bool all_succeeded() const { return all_succeeded_; }
    // errno of the failed write (EPIPE: the reader went away), or 0.
    int output_error() const { return output_error_; }

private:
    void run();
    void write_batch(std::deque<Record>& batch);
    void judge(const Record& record);
    void take(Record record);
    void emit(const Record& record);
    void flush();
    void write(const std::string& text);

    const Options& options_;
    std::unique_ptr<Formatter> formatter_;
    const Order order_;
    std::FILE* out_;
    const bool interactive_;
    Admission& admission_;
    RunStats& stats_;
    TerminalLine* terminal_;
    ResumeState* resume_;
    std::function<void()> stop_run_;

    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable drained_;
    std::deque<Record> incoming_;
    bool closed_ = false;

    // Writer-thread state.
    std::vector<std::optional<Record>> ring_;  // input order: slot index % window
    std::uint64_t next_index_ = 0;
    std::string line_;
    std::uint64_t written_ = 0;
    bool all_succeeded_ = true;
    int output_error_ = 0;
    bool stopped_ = false;
    std::thread thread_;
};

}  // namespace fetch
