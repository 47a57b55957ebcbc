#include "fetch/app/job_files.hpp"
#include "fetch/base/ascii.hpp"
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

// A --sitemap that names a file, not a URL: it is read like a list.
bool is_sitemap_file(const std::string& source) {
    const std::string lower = ascii::lower(source.substr(0, 8));
    return lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0;
}

// Every input that is a file: the lists (stdin too, redirected from a file), and sitemap files.
std::vector<std::pair<std::string, FileId>> inputs_of(const Options& options, const std::vector<ListReader>& lists) {
    std::vector<std::pair<std::string, FileId>> inputs;
    for (const ListReader& list : lists)
        inputs.emplace_back("the list " + (list.name() == "-" ? std::string("standard input") : list.name()),
                            id_of_fd(list.fd()));
    for (const std::string& sitemap : options.input.sitemaps)
        if (is_sitemap_file(sitemap)) inputs.emplace_back("the sitemap " + sitemap, id_of_path(sitemap));
    return inputs;
}

// Nothing fetch writes may be something it reads: `fetch l -o l` would overwrite its own list.
Result<void> check_distinct(const Options& options, const std::vector<ListReader>& lists) {
    const std::string& state = options.input.resume_file;
    const FileId state_id = id_of_path(state);
    const FileId output_id =
        options.output.file.empty() ? id_of_fd(STDOUT_FILENO) : id_of_path(options.output.file);
    const std::string output_name =
        options.output.file.empty() ? "standard output" : "-o " + options.output.file;
    for (const auto& [input, input_id] : inputs_of(options, lists)) {
        if (output_id.is(input_id))
            return fail(output_name + " is " + input + " itself: records would overwrite the URLs");
        if (state_id.is(input_id))
            return fail("--resume " + state + " is " + input + " itself: the journal would overwrite the URLs");
    }
    if (options.output.format == Format::sqlite) {
        if (state.empty() || same_file(options.output.file, state)) return {};
        return fail("--resume " + state + ": with --format sqlite the database is its own journal; give --resume " +
                    options.output.file + ", the -o file");
    }
    const bool output_is_state = options.output.file.empty()
                                     ? state_id.is(output_id)
                                     : !state.empty() && same_file(options.output.file, state);
    if (output_is_state)
        return fail(output_name + " is the --resume state file itself: write the records elsewhere");
    return {};
}

// Opened without O_TRUNC: the old content goes only when the first record replaces it (Sink),
// so a run that ends before it has something to write leaves the file as it was. A resumed
// job appends.
Result<FileDescriptor> open_output(const Options& options) {
    if (options.output.file.empty()) return FileDescriptor();
    // A resumed job's output is read back too, to be checked against the journal (a FIFO or a
    // device is only written).
    struct stat info {};
    const bool regular = ::stat(options.output.file.c_str(), &info) != 0 || S_ISREG(info.st_mode);
    const bool resumed = !options.input.resume_file.empty();
    const int mode = resumed ? O_APPEND | (regular ? O_RDWR : O_WRONLY) : O_WRONLY;
    FileDescriptor fd(::open(options.output.file.c_str(), O_CREAT | O_CLOEXEC | mode, 0666));
    if (!fd.valid()) return fail(options.output.file + ": " + std::strerror(errno));
    return fd;
}

}  // namespace

int JobFiles::output_fd() const {
    if (database) return -1;  // rows, not bytes
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

namespace {

// --format sqlite: the database, and, with --resume, the journal its rows are. Without --resume
// the database starts anew and the job's identity is stored all the same, so that a run that
// was killed can be resumed.
Result<void> open_database(const Options& options, JobFiles& files) {
    const std::string& path = options.output.file;
    const bool resumed = !options.input.resume_file.empty();
    auto database = RecordDatabase::open(path, options.output.fields, resumed);
    if (!database) return fail(database.error());
    files.database = std::move(database).value();
    files.output_name = path;
    RecordDatabase& db = *files.database;
    const auto store = [&db](const std::string& key, const std::string& value) { db.set_meta(key, value); };
    auto finished = db.finished();
    if (!finished) return fail(finished.error());
    auto resume = ResumeState::kept_by_output(path, job_identity(options), options.input.resume_force,
                                              db.stored_meta(), std::move(finished).value(), store);
    if (!resume) return fail(resume.error());
    if (!resumed) return {};
    files.resume = std::move(resume).value();
    if (files.resume->done_count() > 0)
        spdlog::info("{}: {} already done, resuming", path, counted(files.resume->done_count(), "URL", "URLs"));
    return {};
}

}  // namespace

Result<JobFiles> open_job_files(const Options& options) {
    JobFiles files;
    files.lists = open_lists(options.input, files.unusable_lists);
    if (const Result<void> distinct = check_distinct(options, files.lists); !distinct)
        return fail(distinct.error());
    if (options.output.format == Format::sqlite) {
        if (const Result<void> opened = open_database(options, files); !opened) return fail(opened.error());
        return files;
    }
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
    files.replace_output = files.output.valid() && !files.resume;
    if (!files.resume) return files;
    // Before a byte is written: the output must be what the journal committed, or be made so.
    const Result<std::int64_t> size = files.resume->check_output(files.output_fd(), files.output_name);
    if (!size) return fail(size.error());
    if (!files.resume->begin(*size)) return fail(state + ": " + std::strerror(errno));
    return files;
}

}  // namespace fetch
