#include "fetch/input/resume.hpp"
#include "fetch/base/plural.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include "siphash.hpp"

namespace fetch {

namespace {

constexpr std::string_view magic = "fetch-resume 2";
constexpr std::string_view older_magic = "fetch-resume 1";  // fingerprints of list samples, no batch hashes
constexpr std::uint64_t largest_index = std::uint64_t{1} << 53;  // past any list that can exist
constexpr std::size_t read_bytes = 64 * 1024;

std::string read_at(int fd, off_t offset, std::size_t length) {
    std::string bytes(length, '\0');
    const ssize_t n = ::pread(fd, bytes.data(), length, offset);
    bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return bytes;
}

// Bytes [begin, end) of `fd`, hashed as they are read; false when they cannot all be read.
bool hash_range(int fd, std::int64_t begin, std::int64_t end, SipHash128& hash) {
    for (std::int64_t at = begin; at < end;) {
        const std::string bytes =
            read_at(fd, static_cast<off_t>(at),
                    static_cast<std::size_t>(std::min<std::int64_t>(end - at, read_bytes)));
        if (bytes.empty()) return false;
        hash.add(bytes);
        at += static_cast<std::int64_t>(bytes.size());
    }
    return true;
}

// Every byte of a regular file; a pipe, stdin or something unreadable by its name only.
void add_list(SipHash128& hash, const std::string& path) {
    hash.add(path);
    hash.add(std::string_view("\0", 1));
    struct stat info {};
    if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return;
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return;
    hash.add(std::to_string(info.st_size));
    hash_range(fd.get(), 0, info.st_size, hash);
}

std::optional<Hash128> parse_hash(std::string_view hex) {
    if (hex.size() != 32 || hex.find_first_not_of("0123456789abcdef") != std::string_view::npos)
        return std::nullopt;
    return Hash128{std::stoull(std::string(hex.substr(0, 16)), nullptr, 16),
                   std::stoull(std::string(hex.substr(16)), nullptr, 16)};
}

std::optional<std::int64_t> parse_size(std::string_view text) {
    if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    return std::stoll(std::string(text));
}

std::string header_of(const JobIdentity& identity) {
    return std::string(magic) + "\nlists " + identity.lists + "\nshard " + identity.shard + "\nformat " +
           identity.format + "\nfields " + identity.fields + "\n";
}

bool write_all(int fd, const std::string& text) {
    return ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
}

}  // namespace

std::string fingerprint_lists(const InputOptions& input) {
    SipHash128 hash;
    for (const std::string& url : input.urls)
        hash.add("-u " + url + '\n');
    for (const std::string& sitemap : input.sitemaps)
        hash.add("--sitemap " + sitemap + '\n');
    hash.add("--input-format " + std::string(name_of(input.format)) + " " + input.field + '\n');
    for (const std::string& path : input.lists)
        add_list(hash, path);
    if (input.read_stdin) hash.add("-");
    return hash.hex();
}

// What reading a journal found: its identity, its committed records and batches.
struct ResumeState::Loaded {
    std::map<std::string, std::string> header;  // the last header block wins
    std::vector<std::pair<std::uint64_t, bool>> committed;
    std::vector<std::pair<std::uint64_t, bool>> pending;  // since the last commit
    // Sized commits in order; `records` is how many committed entries came before each.
    struct Sized {
        std::int64_t end;
        std::optional<Hash128> hash;
        std::size_t records;
    };
    std::vector<Sized> sized;
    std::optional<std::int64_t> committed_size;
    std::string output;  // the output the commits since the last "output" line are in
    bool any_commit = false;
    bool older = false;  // written by a fetch whose journal cannot be checked
    std::size_t ignored_lines = 0;

    void line(std::string_view text);
    void commit(std::string_view value);
    void cut(std::int64_t size);
    Result<void> matches(const JobIdentity& identity) const;
};

void ResumeState::Loaded::line(std::string_view text) {
    if (text == magic) return;
    older = older || text == older_magic;
    const auto space = text.find(' ');
    const std::string_view key = text.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? "" : text.substr(space + 1);
    if (key == "lists" || key == "shard" || key == "format" || key == "fields" || key == "sitemaps") {
        header[std::string(key)] = std::string(value);
    } else if (key == "@") {
        commit(value);
    } else if (key == "output") {  // a run began: its batches are in this file, from the next "@ SIZE" on
        output = std::string(value);
        sized.clear();
    } else if (key == "x" && parse_size(value)) {
        cut(*parse_size(value));
    } else if (!key.empty() && key.size() <= 16 &&
               key.find_first_not_of("0123456789") == std::string_view::npos &&
               (value == "met" || value == "unmet") && std::stoull(std::string(key)) < largest_index) {
        pending.emplace_back(std::stoull(std::string(key)), value == "met");
    } else {
        ++ignored_lines;
    }
}

// "@ SIZE HASH" after a batch, "@ SIZE" where a job began, "@ -" for a pipe.
void ResumeState::Loaded::commit(std::string_view value) {
    any_commit = any_commit || !pending.empty();  // begin()'s commit holds no record
    committed.insert(committed.end(), pending.begin(), pending.end());
    pending.clear();
    const auto space = value.find(' ');
    committed_size = parse_size(value.substr(0, space));
    if (!committed_size) return;
    const auto hash = space == std::string_view::npos ? std::nullopt : parse_hash(value.substr(space + 1));
    sized.push_back({*committed_size, hash, committed.size()});
}

// "x SIZE": the output was cut back to SIZE, and the records of every batch past it are lost.
void ResumeState::Loaded::cut(std::int64_t size) {
    while (!sized.empty() && sized.back().end > size) {
        const std::size_t before = sized.size() > 1 ? sized[sized.size() - 2].records : 0;
        committed.resize(std::min(committed.size(), before));
        sized.pop_back();
    }
    sized.push_back({size, std::nullopt, committed.size()});
    committed_size = size;
    any_commit = !committed.empty();
}

Result<void> ResumeState::Loaded::matches(const JobIdentity& identity) const {
    if (older)
        return fail(
            "it was written by an older fetch, whose journal cannot be checked; start a new state file");
    const std::pair<const char*, const std::string*> parts[] = {{"lists", &identity.lists},
                                                                {"shard", &identity.shard},
                                                                {"format", &identity.format},
                                                                {"fields", &identity.fields}};
    for (const auto& [key, expected] : parts) {
        const auto found = header.find(key);
        if (found == header.end())
            return fail(std::string("it names no ") + key + ": it is not a fetch resume journal");
        if (found->second == *expected) continue;
        const std::string what = std::string(key) == "lists" ? "other lists, or lists since changed"
                                                             : std::string(key) + " " + found->second;
        return fail("it belongs to another job (" + what + ", not " +
                    (std::string(key) == "lists" ? std::string("these") : *expected) + ")");
    }
    return {};
}

namespace {

Result<ResumeState::Loaded> load(int fd, const std::string& path) {
    ResumeState::Loaded loaded;
    const std::string content = read_at(fd, 0, static_cast<std::size_t>(::lseek(fd, 0, SEEK_END)));
    std::string_view rest = content;
    for (auto newline = rest.find('\n'); newline != std::string_view::npos; newline = rest.find('\n')) {
        loaded.line(rest.substr(0, newline));
        rest.remove_prefix(newline + 1);
    }
    if (!rest.empty()) {
        spdlog::warn("{}: its last line was cut short; it is ignored", path);
        if (::write(fd, "\n", 1) != 1) return fail(path + ": " + std::strerror(errno));  // end it
    }
    return loaded;
}

}  // namespace

Result<std::unique_ptr<ResumeState>> ResumeState::open(const std::string& path, const JobIdentity& identity,
                                                       bool force) {
    FileDescriptor fd(::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666));
    if (!fd.valid()) return fail(path + ": " + std::strerror(errno));
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        return fail(path + ": in use by another fetch (it holds the lock); run one job per state file");
    }
    const bool fresh = ::lseek(fd.get(), 0, SEEK_END) == 0;
    Result<Loaded> loaded = load(fd.get(), path);
    if (!loaded) return fail(loaded.error());
    if (loaded->ignored_lines)
        spdlog::warn("{}: {} ignored", path,
                     counted(loaded->ignored_lines, "malformed line", "malformed lines"));
    if (!loaded->pending.empty()) {
        spdlog::warn("{}: {} after the last commit never confirmed; fetched again", path,
                     counted(loaded->pending.size(), "record", "records"));
    }
    if (!fresh) {
        if (const Result<void> same = loaded->matches(identity); !same && !force) {
            return fail(path + ": " + same.error() + "; --resume-force resumes it anyway");
        }
    }
    if ((fresh || force) && !write_all(fd.get(), header_of(identity)))
        return fail(path + ": " + std::strerror(errno));
    auto state = std::unique_ptr<ResumeState>(new ResumeState(std::move(fd), *loaded));
    state->path_ = path;
    state->force_ = force;
    return state;
}

Result<std::unique_ptr<ResumeState>> ResumeState::kept_by_output(
    const std::string& path, const JobIdentity& identity, bool force, const std::map<std::string, std::string>& stored,
    std::vector<std::pair<std::uint64_t, bool>> finished, Store store) {
    Loaded loaded;
    loaded.header = stored;
    loaded.any_commit = !finished.empty();
    loaded.committed = std::move(finished);
    const bool fresh = stored.empty() && loaded.committed.empty();
    if (!fresh) {
        if (const Result<void> same = loaded.matches(identity); !same && !force)
            return fail(path + ": " + same.error() + "; --resume-force resumes it anyway");
    }
    if (fresh || force) {
        for (const auto& [key, value] : {std::pair{"lists", identity.lists}, std::pair{"shard", identity.shard},
                                         std::pair{"format", identity.format}, std::pair{"fields", identity.fields}})
            store(key, value);
    }
    auto state = std::unique_ptr<ResumeState>(new ResumeState(FileDescriptor(), loaded));
    state->path_ = path;
    state->force_ = force;
    state->store_ = std::move(store);
    return state;
}

bool ResumeState::begin(std::int64_t output_size) {
    if (store_) return true;
    const std::string output = output_.empty() ? "" : "output " + output_ + "\n";
    return write_all(fd_.get(),
                     output + (output_size >= 0 ? "@ " + std::to_string(output_size) + "\n" : "@ -\n"));
}

ResumeState::ResumeState(FileDescriptor fd, const Loaded& loaded) : fd_(std::move(fd)) {
    adopt(loaded);
}

void ResumeState::adopt(const Loaded& loaded) {
    committed_size_ = loaded.committed_size;
    committed_ = loaded.any_commit;
    journalled_output_ = loaded.output;
    const auto sitemaps = loaded.header.find("sitemaps");
    sitemaps_ = sitemaps == loaded.header.end() ? "" : sitemaps->second;
    batches_.clear();
    for (std::size_t i = 1; i < loaded.sized.size(); ++i)
        if (loaded.sized[i].hash)
            batches_.push_back({loaded.sized[i - 1].end, loaded.sized[i].end, *loaded.sized[i].hash});
    auto entries = loaded.committed;
    // Later lines win for one index; then each index is counted once.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    done_.clear();
    done_count_ = unmet_count_ = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (i + 1 < entries.size() && entries[i + 1].first == entries[i].first) continue;
        const std::uint64_t index = entries[i].first;
        if (!done_.empty() && done_.back().second + 1 == index) {
            done_.back().second = index;
        } else {
            done_.emplace_back(index, index);
        }
        ++done_count_;
        if (!entries[i].second) ++unmet_count_;
    }
}

bool ResumeState::done(std::uint64_t index) const {
    const auto after =
        std::upper_bound(done_.begin(), done_.end(), index,
                         [](std::uint64_t value, const auto& run) { return value < run.first; });
    return after != done_.begin() && std::prev(after)->second >= index;
}

bool ResumeState::append(const std::vector<WrittenRecord>& records, std::int64_t output_size,
                         std::string_view bytes) {
    if (store_) return true;  // committed with the records themselves
    std::string lines;
    for (const WrittenRecord& record : records)
        lines.append(std::to_string(record.index)).append(record.met ? " met\n" : " unmet\n");
    if (output_size >= 0) {
        SipHash128 hash;
        hash.add(bytes);
        lines.append("@ " + std::to_string(output_size) + " " + hash.hex() + "\n");
    } else {
        lines.append("@ -\n");
    }
    return write_all(fd_.get(), lines);
}

Result<void> ResumeState::check_sitemaps(const std::string& fingerprint) {
    if (sitemaps_ == fingerprint) return {};
    if (!sitemaps_.empty() && !force_)
        return fail(path_ +
                    ": the sitemaps give other entries than when the job began (one added, removed or "
                    "moved shifts every position after it); --resume-force resumes it anyway");
    if (store_) {
        store_("sitemaps", fingerprint);
    } else if (!write_all(fd_.get(), "sitemaps " + fingerprint + "\n")) {
        return fail(path_ + ": " + std::strerror(errno));
    }
    sitemaps_ = fingerprint;
    return {};
}

namespace {

// The output's name as the kernel resolves it (what `>> out` or -o out opened), so that a run
// writing elsewhere (`> part-2`) is not taken for one whose output lost its records.
std::string name_of_output(int fd) {
    char target[4096];
    const ssize_t n = ::readlink(("/proc/self/fd/" + std::to_string(fd)).c_str(), target, sizeof target - 1);
    std::string name(target, n > 0 ? static_cast<std::size_t>(n) : 0);
    std::replace(name.begin(), name.end(), '\n', '?');  // one journal line
    return name;
}

// The output as a descriptor that can be read: `fd` itself, or, when it was opened for writing
// only (`fetch --resume st >> out`), the same file opened again through /proc.
FileDescriptor readable(int fd) {
    if ((::fcntl(fd, F_GETFL) & O_ACCMODE) != O_WRONLY) return FileDescriptor(::dup(fd));
    return FileDescriptor(::open(("/proc/self/fd/" + std::to_string(fd)).c_str(), O_RDONLY | O_CLOEXEC));
}

}  // namespace

Result<std::int64_t> ResumeState::check_output(int fd, const std::string& name) {
    if (store_) return std::int64_t{-1};  // the output is the journal
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) return std::int64_t{-1};
    const std::int64_t size = info.st_size;
    output_ = name_of_output(fd);
    // Another file than the last run's (or a journal begun before outputs were named): its
    // commits are not in this one, which is neither checked nor cut.
    if (!committed_size_ || output_.empty() || output_ != journalled_output_) return size;
    const FileDescriptor reader = readable(fd);
    if (!reader.valid())
        return fail(name + ": cannot read it back to check it against " + path_ + ": " +
                    std::strerror(errno));
    // The first batch the output no longer holds whole; before it, every batch must be intact.
    std::int64_t intact = std::min(size, batches_.empty() ? *committed_size_ : batches_.front().begin);
    for (const Batch& batch : batches_) {
        if (batch.end > size) return repair(fd, name, size, intact);
        SipHash128 hash;
        if (!hash_range(reader.get(), batch.begin, batch.end, hash) || hash.value() != batch.hash)
            return fail(
                name + ": bytes " + std::to_string(batch.begin) + " to " + std::to_string(batch.end) +
                " differ from what " + path_ +
                " committed: the output was changed since; restore it, or start the job again with a new "
                "state file");
        intact = batch.end;
    }
    if (size < *committed_size_) return repair(fd, name, size, std::min(size, intact));
    if (size == *committed_size_) return size;
    if (::ftruncate(fd, *committed_size_) != 0)
        return fail(name + ": cannot cut its torn tail: " + std::strerror(errno));
    ::lseek(fd, 0, SEEK_END);
    spdlog::warn("{}: cut {} written after the last record the state file confirmed", name,
                 counted(static_cast<std::uint64_t>(size - *committed_size_), "byte", "bytes"));
    return *committed_size_;
}

// The output lost its end: cut it back to its last whole batch, journal the cut, and read the
// journal again, so that the records of the lost batches are no longer done.
Result<std::int64_t> ResumeState::repair(int fd, const std::string& name, std::int64_t size,
                                         std::int64_t cut) {
    if (::ftruncate(fd, cut) != 0)
        return fail(name + ": cannot cut it back to its last whole batch: " + std::strerror(errno));
    ::lseek(fd, 0, SEEK_END);
    if (!write_all(fd_.get(), "x " + std::to_string(cut) + "\n"))
        return fail(path_ + ": " + std::strerror(errno));
    const std::uint64_t done_before = done_count_;
    const std::int64_t committed = committed_size_.value_or(cut);
    Result<Loaded> loaded = load(fd_.get(), path_);
    if (!loaded) return fail(loaded.error());
    adopt(*loaded);
    spdlog::warn(
        "{}: holds {} of the {} bytes {} committed; its records after byte {} ({}) are fetched again", name,
        size, committed, path_, cut, counted(done_before - done_count_, "record", "records"));
    return cut;
}

}  // namespace fetch
