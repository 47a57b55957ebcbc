#include "fetch/output/writer.hpp"

#include <iterator>
#include <utility>

#include "format.hpp"
#include "reorder.hpp"

namespace fetch {

namespace {

// A record that was fetched held an admission slot from its admission until now; so did one
// that robots.txt kept from being requested, which was admitted all the same.
bool held_slot(const Record& record) {
    return record.attempts > 0 || record.refused_by_robots;
}

}  // namespace

RecordWriter::RecordWriter(const OutputOptions& output, const VerdictOptions& expectations, Style style,
                           Verdict& verdict, Sink& sink, TerminalLine* terminal, bool header, Hooks hooks)
    : formatter_(make_formatter(output, expectations, style.colour, style.marks, style.database)),
      verdict_(verdict),
      sink_(sink),
      terminal_(terminal),
      hooks_(std::move(hooks)),
      header_(header) {
    if (output.order == Order::input) reorder_ = std::make_unique<ReorderWindow>();
    thread_ = std::thread([this] { run(); });
}

RecordWriter::~RecordWriter() {
    close();
    join();
}

void RecordWriter::push(std::vector<Record>& records) {
    bool was_empty = false;
    {
        std::lock_guard lock(mutex_);
        was_empty = incoming_.empty();
        std::move(records.begin(), records.end(), std::back_inserter(incoming_));
    }
    records.clear();
    // The writer takes the whole queue at once: only the first record of a batch wakes it.
    if (was_empty) ready_.notify_one();
}

void RecordWriter::push_with_backpressure(Record record) {
    push_when_room(std::move(record), false);
}

// Waits for room in the queue; once the run is cancelled, a record is dropped unless it is to
// be `counted` (a URL not fetched: the queue still drains, so the wait ends).
void RecordWriter::push_when_room(Record record, bool counted) {
    {
        std::unique_lock lock(mutex_);
        const bool dropped_when_cancelled = !counted;
        drained_.wait(lock, [&] {
            return incoming_.size() < max_queued || closed_ || (cancelled_ && dropped_when_cancelled);
        });
        if (cancelled_ && dropped_when_cancelled) return;
        incoming_.push_back(std::move(record));
    }
    ready_.notify_one();
}

void RecordWriter::close() {
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
    }
    ready_.notify_one();
    drained_.notify_all();
}

void RecordWriter::unread(std::string what) {
    std::lock_guard lock(mutex_);
    unread_ = std::move(what);
}

void RecordWriter::push_not_fetched(Record record) {
    push_when_room(std::move(record), true);
}

void RecordWriter::cancel() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
    }
    drained_.notify_all();
}

void RecordWriter::join() {
    if (thread_.joinable()) thread_.join();
}

void RecordWriter::run() {
    if (header_) {
        formatter_->begin(line_);
        sink_.append(line_);
    }
    std::deque<Record> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [&] { return closed_ || !incoming_.empty(); });
            if (incoming_.empty()) break;  // closed and drained
            batch.swap(incoming_);
        }
        drained_.notify_all();
        write_batch(batch);
        batch.clear();
    }
    if (reorder_) reorder_->drain([this](const Record& record) { emit(record); });
    {
        std::lock_guard lock(mutex_);
        if (!unread_.empty()) formatter_->unread(unread_);
    }
    formatter_->end([this](std::string_view piece) { sink_.append(piece); });
    check_formatter();
    if (!sink_.flush()) hooks_.stop_run();
}

void RecordWriter::check_formatter() {
    if (const std::string failure = formatter_->failure(); !failure.empty() && !sink_.error()) {
        sink_.fail(failure);
        hooks_.stop_run();
    }
}

void RecordWriter::write_batch(std::deque<Record>& batch) {
    std::unique_lock<std::mutex> terminal_lock;
    if (terminal_) {  // the progress line shares this terminal: take it off while we print
        terminal_lock = std::unique_lock(terminal_->mutex());
        terminal_->clear();
    }
    for (Record& record : batch)
        take(std::move(record));
    check_formatter();
    if (reorder_) {
        hooks_.taken(std::exchange(slots_taken_, 0), reorder_->held_bytes());
    }
    // Flushing once per batch, not per line, keeps pipes fast; a batch ends as soon as no
    // record is waiting, so a reader of the pipe never waits on a full buffer.
    if (!sink_.flush()) hooks_.stop_run();
}

void RecordWriter::take(Record record) {
    // A body --store could not keep (a full disk): the run's output is not whole, as when a
    // write of it fails. The record is not written, so that a resumed run fetches it again.
    if (!record.store_failure.empty()) {
        if (!sink_.error()) sink_.fail(record.store_failure, record.store_failed_path);
        return hooks_.stop_run();
    }
    const Verdict::Judgement judgement = verdict_.judge(record);
    if (judgement.stop) hooks_.stop_run();
    if (!reorder_) return emit(record);
    slots_taken_ += held_slot(record) ? 1 : 0;
    reorder_->add(std::move(record), [this](const Record& ready) { emit(ready); });
}

void RecordWriter::emit(const Record& record) {
    if (record.omitted || sink_.error()) return;
    if (record.interrupted) {
        if (formatter_->not_fetched(record)) sink_.release();
        return;
    }
    line_.clear();
    formatter_->record(record, line_);
    // In input order the slot went back when the record was taken.
    sink_.append_record({record.index, record.met, !reorder_ && held_slot(record)}, line_);
    if (sink_.error()) hooks_.stop_run();
}

}  // namespace fetch
