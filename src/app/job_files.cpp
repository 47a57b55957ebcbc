#include "fetch/app/job_files.hpp"
#include "fetch/base/plural.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>

namespace fetch {

namespace {

// A file as the kernel knows it: two paths (or descriptors) with one id are one file.
struct FileId {
    dev_t device = 0;
    ino_t inode = 0;
    bool known = false;  // it exists
    bool is(const FileId& other) const {
        return known && other.known && device == other.device && inode == other.inode;
    }
};

FileId id_of_path(const std::string& path) {
    struct stat info {};
    if (path.empty() || ::stat(path.c_str(), &info) != 0) return {};
    return {info.st_dev, info.st_ino, true};
}

// Two paths name one file when the kernel says so or, while one of them does not exist yet,
// when they resolve to one name: `-o st --resume st` must be refused before either is created.
bool same_file(const std::string& a, const std::string& b) {
    const FileId id_a = id_of_path(a), id_b = id_of_path(b);
    if (id_a.known && id_b.known) return id_a.is(id_b);
    const auto resolved = [](const std::string& path) {
        std::error_code error;
        const auto absolute = std::filesystem::absolute(path, error);
        const auto name = error ? absolute : std::filesystem::weakly_canonical(absolute, error);
        return error ? std::filesystem::path() : name;
    };
    const auto name_a = resolved(a);
    return !name_a.empty() && name_a == resolved(b);
}

FileId id_of_fd(int fd) {
    struct stat info {};
    if (::fstat(fd, &info) != 0) return {};
    return {info.st_dev, info.st_ino, true};
}

std::vector<ListReader> open_lists(const InputOptions& input, int& unusable) {
    std::vector<ListReader> lists;
    for (const std::string& path : input.lists) {
        Result<ListReader> list = ListReader::open(path);
        if (list) {
            lists.push_back(std::move(list).value());
        } else {
            spdlog::error("{}", list.error());
            ++unusable;
        }
    }
    if (input.read_stdin) lists.push_back(ListReader::open("-").value());
    return lists;
}

// Nothing fetch writes may be something it reads: `fetch l -o l` would truncate its own list.
Result<void> check_distinct(const Options& options, const std::vector<ListReader>& lists) {
    const std::string& state = options.input.resume_file;
    const FileId state_id = id_of_path(state);
    const FileId output_id =
        options.output.file.empty() ? id_of_fd(STDOUT_FILENO) : id_of_path(options.output.file);
    const std::string output_name =
        options.output.file.empty() ? "standard output" : "-o " + options.output.file;
    for (const ListReader& list : lists) {
        const FileId list_id = id_of_fd(list.fd());
        if (output_id.is(list_id))
            return fail(output_name + " is the list " + list.name() +
                        " itself: records would overwrite the URLs");
        if (state_id.is(list_id))
            return fail("--resume " + state + " is the list " + list.name() +
                        " itself: the journal would overwrite the URLs");
    }
    const bool output_is_state = options.output.file.empty()
                                     ? state_id.is(output_id)
                                     : !state.empty() && same_file(options.output.file, state);
    if (output_is_state)
        return fail(output_name + " is the --resume state file itself: write the records elsewhere");
    return {};
}

Result<FileDescriptor> open_output(const Options& options) {
    if (options.output.file.empty()) return FileDescriptor();
    const int mode = options.input.resume_file.empty() ? O_TRUNC : O_APPEND;
    FileDescriptor fd(::open(options.output.file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | mode, 0666));
    if (!fd.valid()) return fail(options.output.file + ": " + std::strerror(errno));
    return fd;
}

// A run killed mid-batch can leave part of a record after what the journal last confirmed:
// cut it off, so the resumed run's records follow whole ones. Returns the output's size from
// then on, or -1 when it is not a regular file (a pipe has no tail to cut).
std::int64_t cut_torn_tail(int fd, const std::string& name, const ResumeState& resume) {
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return -1;
    const std::optional<std::int64_t> committed = resume.committed_size();
    if (!committed || info.st_size <= *committed) return info.st_size;
    if (::ftruncate(fd, *committed) != 0) {
        spdlog::warn("{}: cannot cut its torn tail: {}", name, std::strerror(errno));
        return info.st_size;
    }
    ::lseek(fd, 0, SEEK_END);
    spdlog::warn("{}: cut {} written after the last record the state file confirmed", name,
                 counted(static_cast<std::uint64_t>(info.st_size - *committed), "byte", "bytes"));
    return *committed;
}

}  // namespace

int JobFiles::output_fd() const {
    return output.valid() ? output.get() : STDOUT_FILENO;
}

JobIdentity job_identity(const Options& options) {
    std::string fields;
    for (const SelectedField& field : options.output.fields)
        fields.append(fields.empty() ? "" : ",").append(field.key);
    return {fingerprint_lists(options.input),
            std::to_string(options.input.shard.index) + "/" + std::to_string(options.input.shard.count),
            std::string(name_of(options.output.format)), fields};
}

Result<JobFiles> open_job_files(const Options& options) {
    JobFiles files;
    files.lists = open_lists(options.input, files.unusable_lists);
    if (const Result<void> distinct = check_distinct(options, files.lists); !distinct)
        return fail(distinct.error());
    const std::string& state = options.input.resume_file;
    if (!state.empty()) {
        auto resume = ResumeState::open(state, job_identity(options), options.input.resume_force);
        if (!resume) return fail(resume.error());
        files.resume = std::move(resume).value();
        if (files.resume->done_count() > 0)
            spdlog::info("{}: {} already done, resuming", state, counted(files.resume->done_count(), "URL", "URLs"));
    }
    Result<FileDescriptor> output = open_output(options);
    if (!output) return fail(output.error());
    files.output = std::move(output).value();
    files.output_name = options.output.file.empty() ? "standard output" : options.output.file;
    if (files.resume && !files.resume->begin(cut_torn_tail(files.output_fd(), files.output_name, *files.resume)))
        return fail(state + ": " + std::strerror(errno));
    return files;
}

}  // namespace fetch
