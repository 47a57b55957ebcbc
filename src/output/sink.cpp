#include "fetch/output/sink.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace fetch {

Sink::Sink(int fd, std::string name, bool interactive, Journal journal)
    : fd_(fd), name_(std::move(name)), interactive_(interactive), journal_(std::move(journal)) {}

void Sink::append(std::string_view text) {
    buffer_.append(text);
}

void Sink::append_record(std::uint64_t index, std::string_view text) {
    buffer_.append(text);
    pending_.push_back(index);
    if (interactive_ || buffer_.size() >= flush_bytes) flush();
}

bool Sink::flush() {
    if (error_) return false;
    if (!buffer_.empty() && !write_all(buffer_)) return false;
    buffer_.clear();
    records_written_ += pending_.size();
    // Only now are these records out: the journal may say so.
    if (journal_ && !pending_.empty() && !journal_(pending_)) error_ = errno ? errno : EIO;
    pending_.clear();
    return error_ == 0;
}

bool Sink::write_all(std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
        if (n >= 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {  // a non-blocking descriptor we inherited
            pollfd writable{fd_, POLLOUT, 0};
            ::poll(&writable, 1, -1);
            continue;
        }
        error_ = errno;
        return false;
    }
    return true;
}

}  // namespace fetch
