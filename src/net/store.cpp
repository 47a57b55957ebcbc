#include "store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

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
    // The probe: a file written, renamed and removed, as each body will be.
    StoreFailure failure;
    std::unique_ptr<StoredFile> probe = store->create(failure);
    if (!probe) return fail(failure.path + ": " + failure.reason);
    probe->write("probe");
    const std::string probe_name = probe->name_ + ".probe";
    const int renamed = probe->error_ ? probe->error_ : store->rename_unless_there(probe->name_, probe_name);
    if (renamed != 0) return fail(store->path_ + "/" + probe_name + ": " + std::strerror(renamed));
    probe->name_.clear();
    ::unlinkat(store->dir_.get(), probe_name.c_str(), 0);
    return store;
}

BodyStore::BodyStore(std::string path, FileDescriptor dir) : path_(std::move(path)), dir_(std::move(dir)) {}

StoreFailure BodyStore::failure(const std::string& name, int error) const {
    return {path_ + "/" + name, std::strerror(error)};
}

std::unique_ptr<StoredFile> BodyStore::create(StoreFailure& failure) const {
    FileDescriptor fd;
    std::string name;
    if (const int error = create_temporary(dir_.get(), fd, name); error != 0) {
        failure = {path_, std::strerror(error)};
        return nullptr;
    }
    return std::make_unique<StoredFile>(std::move(fd), dir_.get(), std::move(name));
}

std::string BodyStore::keep(StoredFile& file, const std::string& hex, std::string_view headers,
                            StoreFailure& failure) const {
    const std::string folder = hex.substr(0, 2);
    const std::string name = folder + "/" + hex;
    file.close();  // some file systems tell a failed write only then
    if (file.error_ != 0) return failure = this->failure(name, file.error_), std::string();
    if (::mkdirat(dir_.get(), folder.c_str(), folder_mode) != 0 && errno != EEXIST)
        return failure = this->failure(folder, errno), std::string();
    // The headers first: a body under its name always has them beside it.
    const std::string headers_name = name + ".headers";
    if (!exists(dir_.get(), headers_name)) {
        if (const int error = keep_text(headers_name, headers); error != 0)
            return failure = this->failure(headers_name, error), std::string();
    }
    if (const int error = rename_unless_there(file.name_, name); error != 0)
        return failure = this->failure(name, error), std::string();
    file.name_.clear();
    return name;
}

int BodyStore::keep_text(const std::string& name, std::string_view text) const {
    StoreFailure failure;
    std::unique_ptr<StoredFile> file = create(failure);
    if (!file) return errno ? errno : EIO;
    file->write(text);
    file->close();
    if (file->error_ != 0) return file->error_;
    const int error = rename_unless_there(file->name_, name);
    if (error == 0) file->name_.clear();
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

StoredFile::StoredFile(FileDescriptor fd, int dir, std::string name)
    : fd_(std::move(fd)), dir_(dir), name_(std::move(name)) {}

// A body that was not kept (the transfer failed, a write failed) leaves nothing behind.
StoredFile::~StoredFile() {
    if (!name_.empty()) ::unlinkat(dir_, name_.c_str(), 0);
}

void StoredFile::write(std::string_view bytes) {
    if (error_ == 0 && !write_all(fd_.get(), bytes)) error_ = errno ? errno : EIO;
}

void StoredFile::close() {
    if (fd_.valid() && ::close(fd_.release()) != 0 && error_ == 0) error_ = errno;
}

}  // namespace fetch
