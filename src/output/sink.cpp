#include "fetch/output/sink.hpp"

#include <limits.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace fetch {

namespace {

bool is_regular(int fd) {
    struct stat info {};
    return ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

Sink::Sink(int fd, std::string name, Written on_written, bool replace)
    : fd_(fd),
      name_(std::move(name)),
      interactive_(fd >= 0 && isatty(fd) == 1),
      regular_(is_regular(fd)),
      on_written_(std::move(on_written)),
      replace_(replace && regular_),
      wake_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

void Sink::append(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= flush_bytes) flush();
}

void Sink::fail(std::string what, std::string path) {
    error_ = EIO;
    error_source_ = std::move(what);
    error_path_ = std::move(path);
}

void Sink::append_record(const WrittenRecord& record, std::string_view text) {
    buffer_.append(text);
    pending_.push_back(record);
    if (interactive_ || buffer_.size() >= flush_bytes) flush();
}

bool Sink::flush() {
    if (error_) return false;
    if (pending_.empty() && hold_) return true;  // no record yet: nothing is replaced for a header
    hold_ = false;
    if (replace_ && !replace_old_content()) return false;
    if (!buffer_.empty() && !write_all(buffer_)) return false;
    records_written_ += pending_.size();
    // Text without a record is held until the first one, so a batch's bytes are all that went
    // out since the last report; only a trailer (JUnit's, never journalled) comes later alone.
    if (on_written_ && !pending_.empty()) {
        const off_t offset = regular_ ? ::lseek(fd_, 0, SEEK_CUR) : -1;
        if (const Result<void> kept = on_written_(pending_, offset, buffer_); !kept) fail(kept.error());
    }
    buffer_.clear();
    pending_.clear();
    return error_ == 0;
}

bool Sink::publish() {
    hold_ = false;
    return flush();
}

// -o FILE was opened without O_TRUNC: its old records go only now, as new ones replace them.
bool Sink::replace_old_content() {
    replace_ = false;
    if (::ftruncate(fd_, 0) == 0 && ::lseek(fd_, 0, SEEK_SET) == 0) return true;
    error_ = errno;
    error_source_ = name_;
    return false;
}

void Sink::stop_by(Clock::time_point deadline) {
    deadline_ = deadline.time_since_epoch().count();
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(wake_.get(), &one, sizeof one);
}

// Waits until the output can take PIPE_BUF bytes without blocking, or the deadline passes.
bool Sink::wait_writable() {
    for (;;) {
        const Clock::time_point deadline{Clock::duration(deadline_.load())};
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) return false;
        const int timeout =
            deadline == Clock::time_point::max() ? -1 : static_cast<int>(std::min<long long>(left, 1000));
        pollfd fds[2] = {{fd_, POLLOUT, 0}, {wake_.get(), POLLIN, 0}};
        if (::poll(fds, 2, timeout) < 0 && errno != EINTR) return true;  // let write() say what is wrong
        if (fds[0].revents) return true;
        if (fds[1].revents) {
            std::uint64_t count = 0;
            [[maybe_unused]] const auto got = ::read(wake_.get(), &count, sizeof count);
        }
    }
}

bool Sink::write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        if (!regular_ && !wait_writable()) {
            error_ = ETIMEDOUT;
            error_source_ = name_;
            return false;
        }
        // A regular file takes the batch in one call; anything else a piece it has room for.
        const std::size_t piece = regular_ ? bytes.size() : std::min<std::size_t>(bytes.size(), PIPE_BUF);
        const ssize_t n = ::write(fd_, bytes.data(), piece);
        if (n >= 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
        } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
            error_ = errno;
            error_source_ = name_;
            return false;
        }
    }
    return true;
}

}  // namespace fetch
