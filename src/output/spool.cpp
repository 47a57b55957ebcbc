#include "spool.hpp"

#include "fetch/base/files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace fetch {

namespace {

constexpr std::size_t chunk = 64 * 1024;

}  // namespace

Spool::Spool() : directory_(temporary_directory()) {
    Result<FileDescriptor> file = unnamed_temporary_file();
    if (!file) throw std::runtime_error(file.error());
    fd_ = std::move(file).value();
}

void Spool::append(std::string_view bytes) {
    buffer_.append(bytes);
    if (buffer_.size() >= chunk) write_out();
}

bool Spool::write_out() {
    if (!error_ && !write_all(fd_.get(), buffer_)) error_ = errno;
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
