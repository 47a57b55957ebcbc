#include "fetch/output/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace fetch {

namespace {

constexpr std::size_t chunk = 64 * 1024;

std::string temporary_directory() {
    const char* dir = std::getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

}  // namespace

Spool::Spool() : directory_(temporary_directory()) {
    std::string pattern = directory_ + "/fetch-spool-XXXXXX";
    fd_.reset(::mkostemp(pattern.data(), O_CLOEXEC));
    if (!fd_.valid()) {
        throw std::runtime_error("cannot create a temporary file in " + directory_ + ": " +
                                 std::strerror(errno));
    }
    ::unlink(pattern.c_str());
}

void Spool::append(std::string_view bytes) {
    buffer_.append(bytes);
    if (buffer_.size() >= chunk) write_out();
}

bool Spool::write_out() {
    std::string_view rest = buffer_;
    while (!rest.empty() && !error_) {
        const ssize_t n = ::write(fd_.get(), rest.data(), rest.size());
        if (n > 0) {
            rest.remove_prefix(static_cast<std::size_t>(n));
        } else if (n < 0 && errno != EINTR) {
            error_ = errno;
        }
    }
    buffer_.clear();
    return !error_;
}

bool Spool::replay(const std::function<void(std::string_view)>& emit) {
    if (!write_out()) return false;
    char piece[chunk];
    for (off_t offset = 0;;) {
        const ssize_t n = ::pread(fd_.get(), piece, sizeof piece, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) error_ = errno;
        if (n <= 0) return !error_;
        emit(std::string_view(piece, static_cast<std::size_t>(n)));
        offset += n;
    }
}

}  // namespace fetch
