// Reading is done with read(2) into a fixed buffer so that memory is bounded by the buffer and
// the longest line we keep (max_line_bytes), whatever the file holds: a 1 GB line with no
// newline costs no more than a short one.
#include "fetch/input/list_reader.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

constexpr std::size_t buffer_bytes = 64 * 1024;
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

}  // namespace

ListReader::ListReader(std::string name, FileDescriptor owned, int fd)
    : name_(std::move(name)), owned_(std::move(owned)), fd_(fd), buffer_(buffer_bytes) {}

Result<ListReader> ListReader::open(const std::string& path) {
    if (path == "-") return ListReader(path, FileDescriptor(), STDIN_FILENO);
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return fail(path + ": " + std::strerror(errno));
    struct stat info {};
    if (::fstat(fd.get(), &info) == 0 && S_ISDIR(info.st_mode))
        return fail(path + ": is a directory, not a URL list");
    const int raw = fd.get();
    return ListReader(path, std::move(fd), raw);
}

bool ListReader::refill() {
    if (eof_) return false;
    begin_ = end_ = 0;
    if (interrupt_fd_ >= 0) {
        pollfd fds[2] = {{fd_, POLLIN, 0}, {interrupt_fd_, POLLIN, 0}};
        while (poll(fds, 2, -1) < 0 && errno == EINTR) {
        }
        if (fds[1].revents & POLLIN) {
            eof_ = true;
            return false;
        }
    }
    for (;;) {
        const ssize_t n = ::read(fd_, buffer_.data(), buffer_.size());
        if (n > 0) {
            end_ = static_cast<std::size_t>(n);
            return true;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) error_ = name_ + ": read failed: " + std::strerror(errno);
        eof_ = true;
        return false;
    }
}

bool ListReader::read_raw_line(ListLine& line) {
    line.text.clear();
    line.too_long = false;
    bool any = false;
    for (;;) {
        if (begin_ == end_ && !refill()) break;
        any = true;
        const char* start = buffer_.data() + begin_;
        const auto* newline = static_cast<const char*>(std::memchr(start, '\n', end_ - begin_));
        const std::size_t chunk = newline ? static_cast<std::size_t>(newline - start) : end_ - begin_;
        const std::size_t room = max_line_bytes - std::min(max_line_bytes, line.text.size());
        if (chunk > room) line.too_long = true;
        line.text.append(start, std::min(chunk, room));
        begin_ += chunk;
        if (newline) {
            ++begin_;
            break;
        }
    }
    if (!any) return false;
    line.number = ++line_number_;
    return true;
}

bool ListReader::next(ListLine& line) {
    while (read_raw_line(line)) {
        std::string_view text = line.text;
        if (line.number == 1 && text.substr(0, utf8_bom.size()) == utf8_bom) {
            text.remove_prefix(utf8_bom.size());
        }
        text = ascii::trim(text);
        if (!line.too_long && (text.empty() || text.front() == '#')) continue;
        line.text = std::string(text);
        return true;
    }
    return false;
}

}  // namespace fetch
