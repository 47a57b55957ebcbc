// The one thread that owns the output. Workers and the reader hand it finished records; it
// judges each (Verdict), puts them in order when asked (ReorderWindow), formats them and hands
// them to the Sink. This class is only the thread and its queue; each of those jobs is its own.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/output/options.hpp"
#include "fetch/output/progress.hpp"
#include "fetch/output/sink.hpp"
#include "fetch/output/verdict.hpp"

namespace fetch {

class Formatter;
class RecordDatabase;
class ReorderWindow;

class RecordWriter {
public:
    static constexpr std::size_t max_queued = 4096;

    struct Hooks {
        // On the writer thread, when the run should end early: the output can no longer be
        // written, or (--fail-fast) a record did not meet --expect.
        std::function<void()> stop_run;
        // Input order, after each batch: the transfer slots of the records taken since the last
        // call (held or written), and what the records held back for an earlier one occupy.
        std::function<void(std::size_t slots, std::size_t held_bytes)> taken;
    };

    // The records are formatted as `output` says (in `colour`, with `marks` for a terminal),
    // and printed in input order, holding records back (ReorderWindow), when it asks for that.
    // `terminal`, when not null, is the progress line sharing the output's terminal: it is
    // cleared before records are printed. `header`: write the format's header (not when
    // resuming a job whose output already has one).
    struct Style {
        bool colour = false;
        bool marks = false;
        RecordDatabase* database = nullptr;  // --format sqlite: where the rows go
    };
    RecordWriter(const OutputOptions& output, const VerdictOptions& expectations, Style style,
                 Verdict& verdict, Sink& sink, TerminalLine* terminal, bool header, Hooks hooks);
    ~RecordWriter();
    RecordWriter(const RecordWriter&) = delete;
    RecordWriter& operator=(const RecordWriter&) = delete;

    // Moves every record out of `records` (left empty); any thread; never waits.
    void push(std::vector<Record>& records);
    // For the reader: waits while the queue is full, so that records which take no transfer
    // slot (bad input) cannot pile up faster than they are written.
    void push_with_backpressure(Record record);
    // After a signal, for a URL the run will not fetch (Record::interrupted): waits for room
    // even once cancelled, since the writer still drains its queue (a signal gives the output
    // a deadline, past which records are dropped at once), so none is lost from the count.
    void push_not_fetched(Record record);
    // After a signal: input never read, so its URLs cannot be listed (Formatter::unread).
    void unread(std::string what);
    void close();   // no more records: the thread writes what it has and ends
    void cancel();  // the run is stopping: records still pushed are dropped, nobody waits
    void join();

private:
    void run();
    void push_when_room(Record record, bool counted);
    void write_batch(std::deque<Record>& batch);
    void take(Record record);
    void emit(const Record& record);
    void check_formatter();

    std::unique_ptr<Formatter> formatter_;
    std::unique_ptr<ReorderWindow> reorder_;  // input order only
    std::size_t slots_taken_ = 0;  // input order: since the last Hooks::taken
    Verdict& verdict_;
    Sink& sink_;
    TerminalLine* terminal_;
    Hooks hooks_;

    std::mutex mutex_;
    std::condition_variable ready_;
    std::condition_variable drained_;
    std::deque<Record> incoming_;
    bool closed_ = false;
    bool cancelled_ = false;
    std::string unread_;

    const bool header_;
    std::string line_;  // writer thread: the record being formatted
    std::thread thread_;
};

}  // namespace fetch
