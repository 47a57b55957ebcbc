// Reading is done with read(2) into a fixed buffer so that memory is bounded by the buffer and
// the longest line we keep (max_line_bytes), whatever the file holds: a 1 GB line with no
// newline costs no more than a short one.
#include "fetch/input/list_reader.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "fetch/base/ascii.hpp"
#include "fetch/base/utf8.hpp"

namespace fetch {

namespace {

constexpr std::size_t buffer_bytes = 64 * 1024;
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

}  // namespace

ListReader::ListReader(std::string name, FileDescriptor owned, int fd)
    : name_(std::move(name)), owned_(std::move(owned)), fd_(fd), buffer_(buffer_bytes) {
    struct stat info {};
    regular_ = ::fstat(fd_, &info) == 0 && S_ISREG(info.st_mode);
}

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

// Waits for input, or for the interrupt: false when the list ends early.
bool ListReader::wait_readable() {
    if (interrupt_fd_ < 0) return true;
    pollfd fds[2] = {{fd_, POLLIN, 0}, {interrupt_fd_, POLLIN, 0}};
    while (poll(fds, 2, -1) < 0 && errno == EINTR) {
    }
    return !(fds[1].revents & POLLIN);
}

std::size_t ListReader::read_some(char* into, std::size_t size) {
    for (;;) {
        const ssize_t n = ::read(fd_, into, size);
        if (n >= 0) return static_cast<std::size_t>(n);
        if (errno == EINTR) continue;
        error_ = name_ + ": read failed: " + std::strerror(errno);
        return 0;
    }
}

// A list that starts with a UTF-16 byte order mark is read as UTF-16 and handed on as UTF-8.
bool ListReader::starts_as_utf16(std::size_t got) {
    if (got < 2) return false;
    const auto b0 = static_cast<unsigned char>(buffer_[0]), b1 = static_cast<unsigned char>(buffer_[1]);
    if (!((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF))) return false;
    utf16_big_endian_ = b0 == 0xFE;
    utf16_.assign(buffer_.data() + 2, got - 2);  // the byte order mark itself is not text
    return true;
}

// UTF-16 read so far, decoded into the buffer; reads on while that yields nothing.
bool ListReader::refill_utf16() {
    for (;;) {
        std::string decoded;
        utf16_.erase(0, utf8::append_utf16(decoded, utf16_, utf16_big_endian_, eof_));
        if (!decoded.empty()) {
            if (buffer_.size() < decoded.size()) buffer_.resize(decoded.size());
            end_ = static_cast<std::size_t>(std::copy(decoded.begin(), decoded.end(), buffer_.begin()) -
                                            buffer_.begin());
            return true;
        }
        if (eof_) return false;
        if (!wait_readable()) return false;  // interrupted: not the end, so the rest can be counted
        const std::size_t got = read_some(raw_.data(), raw_.size());
        eof_ = got == 0;
        utf16_.append(raw_.data(), got);
    }
}

bool ListReader::refill() {
    begin_ = end_ = 0;
    if (utf16_mode_) return refill_utf16();
    if (eof_ || !wait_readable()) return false;
    end_ = read_some(buffer_.data(), buffer_.size());
    if (line_number_ == 0 && !started_) {
        started_ = true;
        utf16_mode_ = starts_as_utf16(end_);
        if (utf16_mode_) return refill_utf16();
    }
    eof_ = end_ == 0;
    return !eof_;
}

bool ListReader::read_raw_line(ListLine& line) {
    line.text.clear();
    line.too_long = false;
    bool any = false;
    for (;;) {
        if (begin_ == end_ && !refill()) break;
        if (after_cr_ && buffer_[begin_] == '\n') {  // the LF of a CRLF split across reads
            ++begin_;
            after_cr_ = false;
            continue;
        }
        after_cr_ = false;
        any = true;
        const char* start = buffer_.data() + begin_;
        const std::size_t left = end_ - begin_;
        const auto* end_of_line = static_cast<const char*>(std::memchr(start, '\n', left));
        // A lone CR ends a line too (old Mac lists), and CRLF is one line end.
        const std::size_t before_lf = end_of_line ? static_cast<std::size_t>(end_of_line - start) : left;
        if (const auto* cr = static_cast<const char*>(std::memchr(start, '\r', before_lf))) end_of_line = cr;
        const std::size_t chunk = end_of_line ? static_cast<std::size_t>(end_of_line - start) : left;
        const std::size_t room = max_line_bytes - std::min(max_line_bytes, line.text.size());
        if (chunk > room) line.too_long = true;
        line.text.append(start, std::min(chunk, room));
        begin_ += chunk;
        if (end_of_line) {
            after_cr_ = *end_of_line == '\r';
            ++begin_;
            if (after_cr_ && begin_ < end_ && buffer_[begin_] == '\n') ++begin_, after_cr_ = false;
            break;
        }
    }
    if (!any) return false;
    line.number = ++line_number_;
    return true;
}

bool ListReader::next_raw(ListLine& line) {
    if (!read_raw_line(line)) return false;
    if (line.number == 1 && std::string_view(line.text).substr(0, utf8_bom.size()) == utf8_bom)
        line.text.erase(0, utf8_bom.size());
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
