#include "fetch/writer.hpp"

#include <unistd.h>

#include <cerrno>

#include "fetch/format.hpp"

namespace fetch {

RecordWriter::RecordWriter(const Options& options, std::size_t window, std::FILE* out, Admission& admission,
                           std::function<void()> on_failure)
    : options_(options),
      order_(options.order),
      out_(out),
      interactive_(isatty(fileno(out)) == 1),
      admission_(admission),
      on_failure_(std::move(on_failure)),
      ring_(options.order == Order::input ? window : 0) {
    thread_ = std::thread([this] { run(); });
}

RecordWriter::~RecordWriter() {
    close();
    join();
}

void RecordWriter::push(Record record) {
    {
        std::lock_guard lock(mutex_);
        incoming_.push_back(std::move(record));
    }
    ready_.notify_one();
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
    std::deque<Record> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            ready_.wait(lock, [&] { return closed_ || !incoming_.empty(); });
            if (incoming_.empty()) break;  // closed and drained
            batch.swap(incoming_);
        }
        drained_.notify_all();
        for (Record& record : batch)
            take(std::move(record));
        batch.clear();
        // Flushing once per batch, not per line, keeps pipes fast; a batch ends as soon as
        // no record is waiting, so a reader of the pipe never waits on a full buffer.
        flush();
    }
    flush();
}

void RecordWriter::take(Record record) {
    if (!is_success(record)) all_succeeded_ = false;
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
    ++written_;
    if (output_error_) return;
    line_.clear();
    format_record(record, options_, line_);
    if (std::fwrite(line_.data(), 1, line_.size(), out_) != line_.size()) {
        output_error_ = errno ? errno : EIO;
        on_failure_();
        return;
    }
    if (interactive_) flush();
}

void RecordWriter::flush() {
    if (output_error_ || std::fflush(out_) == 0) return;
    output_error_ = errno ? errno : EIO;
    on_failure_();
}

}  // namespace fetch
