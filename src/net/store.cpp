#include "store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "fetch/base/files.hpp"

namespace fetch {

namespace {

constexpr mode_t file_mode = 0666;  // less the umask, as any file a tool writes
constexpr mode_t folder_mode = 0777;

std::string temporary_name() {
    thread_local std::minstd_rand random{std::random_device{}()};
    char name[32];
    std::snprintf(name, sizeof name, ".fetch-%08x%08x.tmp", static_cast<unsigned>(random()),
                  static_cast<unsigned>(random()));
    return name;
}

// A new temporary file of `dir`: its descriptor and name, or an errno.
int create_temporary(int dir, FileDescriptor& fd, std::string& name) {
    for (int attempt = 0; attempt < 16; ++attempt) {
        name = temporary_name();
        fd = FileDescriptor(::openat(dir, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file_mode));
        if (fd.valid()) return 0;
        if (errno != EEXIST) return errno;
    }
    return EEXIST;
}

// The buffers bodies are held in, kept for the next transfer of the same worker: one of 64 KiB
// allocated and freed per transfer made glibc give the pages back to the kernel and fault them
// in again each time, which cost 2.9x the CPU of a plain run (docs/BENCHMARKS.md, S8). At most
// max_spare_buffers are kept per thread (4 MiB).
constexpr std::size_t max_spare_buffers = 64;
thread_local std::vector<std::string> spare_buffers;

std::string take_buffer() {
    if (spare_buffers.empty()) {
        std::string buffer;
        buffer.reserve(StoredFile::spill_bytes);
        return buffer;
    }
    std::string buffer = std::move(spare_buffers.back());
    spare_buffers.pop_back();
    return buffer;
}

void give_back(std::string& buffer) {
    if (spare_buffers.size() >= max_spare_buffers || buffer.capacity() < StoredFile::spill_bytes) return;
    buffer.clear();
    spare_buffers.push_back(std::move(buffer));
}

bool exists(int dir, const std::string& name) {
    struct stat status {};
    return ::fstatat(dir, name.c_str(), &status, 0) == 0;
}

}  // namespace

Result<std::unique_ptr<BodyStore>> BodyStore::open(const std::string& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) return fail(dir + ": " + error.message());
    FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return fail(dir + ": " + std::strerror(errno));
    auto store = std::unique_ptr<BodyStore>(new BodyStore(dir, std::move(fd)));
    // The probe: a file written and renamed, as each body will be, then removed.
    const std::string probe = temporary_name() + ".probe";
    if (const int failed = store->keep_text(probe, "probe"); failed != 0)
        return fail(store->path_ + ": " + std::strerror(failed));
    ::unlinkat(store->dir_.get(), probe.c_str(), 0);
    return store;
}

BodyStore::BodyStore(std::string path, FileDescriptor dir) : path_(std::move(path)), dir_(std::move(dir)) {}

StoreFailure BodyStore::failure(const std::string& name, int error) const {
    return {path_ + "/" + name, std::strerror(error)};
}

std::unique_ptr<StoredFile> BodyStore::create() const {
    return std::make_unique<StoredFile>(dir_.get());
}

std::string BodyStore::keep(StoredFile& file, const std::string& hex, std::string_view headers,
                            StoreFailure& failure) const {
    const std::string folder = hex.substr(0, 2);
    const std::string name = folder + "/" + hex;
    if (exists(dir_.get(), name)) return name;  // kept before, headers and all: the file goes
    if (const int error = file.finish(); error != 0) return failure = this->failure(name, error), std::string();
    if (::mkdirat(dir_.get(), folder.c_str(), folder_mode) != 0 && errno != EEXIST)
        return failure = this->failure(folder, errno), std::string();
    // The headers first: a body under its name always has them beside it.
    const std::string headers_name = name + ".headers";
    if (const int error = keep_text(headers_name, headers); error != 0)
        return failure = this->failure(headers_name, error), std::string();
    if (const int error = rename_unless_there(file.name_, name); error != 0)
        return failure = this->failure(name, error), std::string();
    file.name_.clear();
    return name;
}

int BodyStore::keep_text(const std::string& name, std::string_view text) const {
    if (exists(dir_.get(), name)) return 0;
    StoredFile file(dir_.get());
    file.write(text);
    if (const int error = file.finish(); error != 0) return error;
    const int error = rename_unless_there(file.name_, name);
    if (error == 0) file.name_.clear();
    return error;
}

// renameat2's RENAME_NOREPLACE where the file system has it; a link and an unlink where it does
// not (EINVAL). Either way an existing name is never replaced, and `from` goes when `to` exists.
int BodyStore::rename_unless_there(const std::string& from, const std::string& to) const {
    const int dir = dir_.get();
    int error = ::renameat2(dir, from.c_str(), dir, to.c_str(), RENAME_NOREPLACE) == 0 ? 0 : errno;
    if (error == EINVAL) {
        error = ::linkat(dir, from.c_str(), dir, to.c_str(), 0) == 0 ? 0 : errno;
        if (error == 0) ::unlinkat(dir, from.c_str(), 0);
    }
    if (error != EEXIST) return error;
    ::unlinkat(dir, from.c_str(), 0);  // the same bytes are kept already
    return 0;
}

// A body that was not kept (the transfer failed, a write failed, it was kept before) leaves
// nothing behind.
StoredFile::StoredFile(int dir) : dir_(dir), held_(take_buffer()) {}

StoredFile::~StoredFile() {
    if (!name_.empty()) ::unlinkat(dir_, name_.c_str(), 0);
    give_back(held_);
}

void StoredFile::write(std::string_view bytes) {
    if (error_ != 0) return;
    if (!fd_.valid() && held_.size() + bytes.size() <= spill_bytes) {
        held_.append(bytes);
        return;
    }
    if ((fd_.valid() || spill()) && !write_all(fd_.get(), bytes)) error_ = errno ? errno : EIO;
}

// The bytes held so far go to a new temporary file of DIR, and the rest will follow them.
bool StoredFile::spill() {
    if (const int error = create_temporary(dir_, fd_, name_); error != 0) {
        name_.clear();
        error_ = error;
        return false;
    }
    if (!write_all(fd_.get(), held_)) error_ = errno ? errno : EIO;
    held_.clear();
    return error_ == 0;
}

int StoredFile::finish() {
    if (error_ == 0 && !fd_.valid() && name_.empty()) spill();
    if (fd_.valid() && ::close(fd_.release()) != 0 && error_ == 0) error_ = errno;
    return error_;
}

}  // namespace fetch
