#include "fetch/output/writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iterator>

#include "fetch/output/format.hpp"

namespace fetch {

RecordWriter::RecordWriter(const Options& options, std::size_t window, std::FILE* out, Admission& admission,
                           std::function<void()> stop_run, bool colour, RunStats& stats,
                           TerminalLine* terminal, ResumeState* resume)
    : options_(options),
      formatter_(make_formatter(options, colour)),
      order_(options.order),
      out_(out),
      interactive_(isatty(fileno(out)) == 1),
      admission_(admission),
      stats_(stats),
      terminal_(terminal),
      resume_(resume),
      stop_run_(std::move(stop_run)),
      ring_(options.order == Order::input ? window : 0) {
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
    {
        std::unique_lock lock(mutex_);
        drained_.wait(lock, [&] { return incoming_.size() < max_queued || closed_; });
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

void RecordWriter::join() {
    if (thread_.joinable()) thread_.join();
}

void RecordWriter::run() {
    line_.clear();
    formatter_->begin(line_);
    write(line_);
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
    // A run stopped early can leave gaps in input order: what did complete is still written,
    // in order.
    for (std::optional<Record>& slot : ring_) {
        if (slot) emit(*slot);
        slot.reset();
    }
    line_.clear();
    formatter_->end(line_);
    write(line_);
    flush();
}

void RecordWriter::write_batch(std::deque<Record>& batch) {
    std::unique_lock<std::mutex> terminal_lock;
    if (terminal_) {  // the progress line shares this terminal: take it off while we print
        terminal_lock = std::unique_lock(terminal_->mutex());
        terminal_->clear();
    }
    for (Record& record : batch)
        take(std::move(record));
    // Flushing once per batch, not per line, keeps pipes fast; a batch ends as soon as no
    // record is waiting, so a reader of the pipe never waits on a full buffer.
    flush();
}

void RecordWriter::judge(const Record& record) {
    if (record.omitted) return stats_.skipped();
    const bool met = options_.expect.met_by(record);
    stats_.add(record, met);
    if (met) return;
    all_succeeded_ = false;
    if (options_.fail_fast && !stopped_) {
        stopped_ = true;
        stop_run_();
    }
}

void RecordWriter::take(Record record) {
    judge(record);
    if (order_ == Order::completion) return emit(record);

    const std::size_t window = ring_.size();
    ring_[record.index % window] = std::move(record);
    const std::uint64_t before = next_index_;
    for (auto* slot = &ring_[next_index_ % window]; slot->has_value(); slot = &ring_[next_index_ % window]) {
        emit(**slot);
        slot->reset();
        ++next_index_;
    }
    if (next_index_ != before) admission_.printed_up_to(next_index_);
}

void RecordWriter::emit(const Record& record) {
    if (record.omitted) return;
    ++written_;
    if (resume_) resume_->mark(record.index);
    line_.clear();
    formatter_->record(record, line_);
    write(line_);
    if (interactive_) flush();
}

void RecordWriter::write(const std::string& text) {
    if (output_error_ || text.empty()) return;
    if (std::fwrite(text.data(), 1, text.size(), out_) == text.size()) return;
    output_error_ = errno ? errno : EIO;
    stop_run_();
}

void RecordWriter::flush() {
    if (output_error_) return;
    if (std::fflush(out_) != 0) {
        output_error_ = errno ? errno : EIO;
        return stop_run_();
    }
    // Only now are these records out: the resume state may say so.
    if (resume_ && !resume_->flush()) {
        output_error_ = errno ? errno : EIO;
        stop_run_();
    }
}

}  // namespace fetch
