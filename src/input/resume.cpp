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
#include <sstream>

namespace fetch {

namespace {

constexpr std::string_view magic = "fetch-resume 1";
constexpr std::uint64_t largest_index = std::uint64_t{1} << 53;  // past any list that can exist
constexpr std::size_t sample_bytes = 64 * 1024;

// FNV-1a, 64 bits: a fingerprint, not a defence against someone forging lists.
struct Hash {
    std::uint64_t value = 0xcbf29ce484222325u;
    void add(std::string_view bytes) {
        for (const char c : bytes) {
            value ^= static_cast<unsigned char>(c);
            value *= 0x100000001b3u;
        }
        value ^= 0xff;  // a separator, so "ab"+"c" differs from "a"+"bc"
        value *= 0x100000001b3u;
    }
    std::string hex() const {
        char text[17];
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
        return text;
    }
};

std::string read_at(int fd, off_t offset, std::size_t length) {
    std::string bytes(length, '\0');
    const ssize_t n = ::pread(fd, bytes.data(), length, offset);
    bytes.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return bytes;
}

void add_list(Hash& hash, const std::string& path) {
    hash.add(path);
    struct stat info {};
    if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return;
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) return;
    const auto size = static_cast<std::size_t>(info.st_size);
    hash.add(std::to_string(size));
    hash.add(read_at(fd.get(), 0, std::min(size, sample_bytes)));
    if (size > sample_bytes)
        hash.add(read_at(fd.get(), static_cast<off_t>(size - sample_bytes), sample_bytes));
}

std::string header_of(const JobIdentity& identity) {
    return std::string(magic) + "\nlists " + identity.lists + "\nshard " + identity.shard + "\nformat " +
           identity.format + "\nfields " + identity.fields + "\n";
}

}  // namespace

std::string fingerprint_lists(const InputOptions& input) {
    Hash hash;
    for (const std::string& url : input.urls)
        hash.add("-u " + url);
    for (const std::string& sitemap : input.sitemaps)
        hash.add("--sitemap " + sitemap);
    for (const std::string& path : input.lists)
        add_list(hash, path);
    if (input.read_stdin) hash.add("-");
    return hash.hex();
}

// What reading a journal found: its identity, and its committed records.
struct ResumeState::Loaded {
    std::map<std::string, std::string> header;  // the last header block wins
    std::vector<std::pair<std::uint64_t, bool>> committed;
    std::vector<std::pair<std::uint64_t, bool>> pending;  // since the last commit
    std::optional<std::int64_t> committed_size;
    bool any_commit = false;
    std::size_t ignored_lines = 0;

    void line(std::string_view text);
    Result<void> matches(const JobIdentity& identity) const;
};

void ResumeState::Loaded::line(std::string_view text) {
    if (text == magic) return;
    const auto space = text.find(' ');
    const std::string_view key = text.substr(0, space);
    const std::string_view value = space == std::string_view::npos ? "" : text.substr(space + 1);
    if (key == "lists" || key == "shard" || key == "format" || key == "fields") {
        header[std::string(key)] = std::string(value);
    } else if (key == "@") {
        any_commit = any_commit || !pending.empty();  // begin()'s commit holds no record
        committed.insert(committed.end(), pending.begin(), pending.end());
        pending.clear();
        committed_size =
            value == "-" ? std::nullopt : std::optional<std::int64_t>(std::atoll(std::string(value).c_str()));
    } else if (!key.empty() && key.size() <= 16 &&
               key.find_first_not_of("0123456789") == std::string_view::npos &&
               (value == "met" || value == "unmet") && std::stoull(std::string(key)) < largest_index) {
        pending.emplace_back(std::stoull(std::string(key)), value == "met");
    } else {
        ++ignored_lines;
    }
}

Result<void> ResumeState::Loaded::matches(const JobIdentity& identity) const {
    const std::pair<const char*, const std::string*> parts[] = {{"lists", &identity.lists},
                                                                {"shard", &identity.shard},
                                                                {"format", &identity.format},
                                                                {"fields", &identity.fields}};
    for (const auto& [key, expected] : parts) {
        const auto found = header.find(key);
        if (found == header.end())
            return fail(std::string("it has no ") + key + " line: it is not a fetch resume journal");
        if (found->second == *expected) continue;
        const std::string what =
            std::string(key) == "lists" ? "other lists" : std::string(key) + " " + found->second;
        return fail("it belongs to another job (" + what + ", not " +
                    (std::string(key) == "lists" ? std::string("these") : *expected) + ")");
    }
    return {};
}

Result<std::unique_ptr<ResumeState>> ResumeState::open(const std::string& path, const JobIdentity& identity,
                                                       bool force) {
    FileDescriptor fd(::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666));
    if (!fd.valid()) return fail(path + ": " + std::strerror(errno));
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        return fail(path + ": in use by another fetch (it holds the lock); run one job per state file");
    }
    Loaded loaded;
    std::string content = read_at(fd.get(), 0, static_cast<std::size_t>(::lseek(fd.get(), 0, SEEK_END)));
    std::string_view rest = content;
    for (auto newline = rest.find('\n'); newline != std::string_view::npos; newline = rest.find('\n')) {
        loaded.line(rest.substr(0, newline));
        rest.remove_prefix(newline + 1);
    }
    if (!rest.empty()) {
        spdlog::warn("{}: its last line was cut short; it is ignored", path);
        if (::write(fd.get(), "\n", 1) != 1) return fail(path + ": " + std::strerror(errno));  // end it
    }
    if (loaded.ignored_lines) spdlog::warn("{}: {} ignored", path, counted(loaded.ignored_lines, "malformed line", "malformed lines"));
    if (!loaded.pending.empty()) {
        spdlog::warn("{}: {} after the last commit never confirmed; fetched again", path,
                     counted(loaded.pending.size(), "record", "records"));
    }
    const bool fresh = content.empty();
    if (!fresh) {
        if (const Result<void> same = loaded.matches(identity); !same && !force) {
            return fail(path + ": " + same.error() + "; --resume-force resumes it anyway");
        }
    }
    if (fresh || force) {
        const std::string header = header_of(identity);
        if (::write(fd.get(), header.data(), header.size()) != static_cast<ssize_t>(header.size())) {
            return fail(path + ": " + std::strerror(errno));
        }
    }
    auto state = std::unique_ptr<ResumeState>(new ResumeState(std::move(fd), loaded));
    state->begun_here_ = fresh || force;
    return state;
}

bool ResumeState::begin(std::int64_t output_size) {
    return !begun_here_ || append({}, output_size);
}

ResumeState::ResumeState(FileDescriptor fd, const Loaded& loaded)
    : fd_(std::move(fd)), committed_size_(loaded.committed_size), committed_(loaded.any_commit) {
    auto entries = loaded.committed;
    // Later lines win for one index; then each index is counted once.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
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

bool ResumeState::append(const std::vector<WrittenRecord>& records, std::int64_t output_size) {
    std::string lines;
    for (const WrittenRecord& record : records)
        lines.append(std::to_string(record.index)).append(record.met ? " met\n" : " unmet\n");
    lines.append(output_size >= 0 ? "@ " + std::to_string(output_size) + "\n" : "@ -\n");
    return ::write(fd_.get(), lines.data(), lines.size()) == static_cast<ssize_t>(lines.size());
}

}  // namespace fetch
