// --resume FILE: the journal of a job that may be stopped anywhere and started again.
//
// The file starts with a header naming the job: a format version, a fingerprint of the lists
// (every byte of each), the shard, the record format and the fields; and, once they are read,
// a fingerprint of the sitemaps' entries. A run whose job differs is refused (exit 2) unless
// --resume-force is given, which appends a new header that later runs then match. After the
// header, each batch of records the output stage has written is appended as one write(2): a
// line per record, its index and whether it met --expect, then a commit line with the
// output's size after the batch and a hash of the batch's bytes ("@ 8192 <hash>", or "@ -"
// for a pipe):
//
//   fetch-resume 2
//   lists 5c0ffee1d00dfeed5c0ffee1d00dfeed
//   shard 0/1
//   format jsonl
//   fields index,url,status
//   output /data/out.jsonl
//   @ 0
//   17 met
//   3 unmet
//   @ 8192 0123456789abcdef0123456789abcdef
//
// Only committed lines count. A line cut short by a kill, or records after the last commit,
// are ignored with a warning: those URLs are fetched again. Each run names its output ("output
// PATH", then "@ SIZE" as it begins). Before a run resumes into the same file as the last, the
// output is checked against the commits: a tail past the last one (a batch written, then a kill
// before its commit) is cut off; an output cut short (by hand, or a full disk) is cut back to
// its last whole batch, and the records of the batches it lost are fetched again ("x SIZE" in
// the journal says so); an output whose committed bytes were changed is refused. So a resumed
// job loses no record and repeats none. Indices are kept as sorted intervals, so memory
// follows the number of lines, never the values written in them. An exclusive flock(2) keeps
// a second process out.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"
#include "fetch/input/options.hpp"

namespace fetch {

// What a journal belongs to. Two runs resume the same job only when all of it matches.
struct JobIdentity {
    std::string lists;   // fingerprint_lists()
    std::string shard;   // "K/N"
    std::string format;  // "jsonl"
    std::string fields;  // "index,url,status"
};

// The sources of a run, as a hash: the -u URLs, the --sitemap names, --input-format and
// --input-field, each list's path and, for a regular file, every byte of it (read once more,
// streamed: about 1 s per GiB). A pipe or stdin is named only: it cannot be read twice.
std::string fingerprint_lists(const InputOptions& input);

class ResumeState {
public:
    // Reads the journal at `path` (a missing or empty file is a new job), checks it belongs to
    // `identity` (unless `force`), takes its lock and opens it for appending.
    static Result<std::unique_ptr<ResumeState>> open(const std::string& path, const JobIdentity& identity,
                                                     bool force);

    // A journal the output keeps itself (--format sqlite: the database's rows are the positions
    // done, committed with them). `stored` is what it holds of its job ("lists", "shard",
    // "format", "fields", "sitemaps"; empty for a new one), `finished` each row's position and
    // whether it met --expect. `store` keeps one such key with the next records: the identity of
    // a new (or forced) job, the sitemaps' fingerprint once read. append() and begin() then do
    // nothing, and there is no output to check.
    using Store = std::function<void(const std::string& key, const std::string& value)>;
    static Result<std::unique_ptr<ResumeState>> kept_by_output(const std::string& path, const JobIdentity& identity,
                                                               bool force,
                                                               const std::map<std::string, std::string>& stored,
                                                               std::vector<std::pair<std::uint64_t, bool>> finished,
                                                               Store store);

    // Before anything is written: checks the output (`fd`, named `name` in messages) against
    // the commits, cuts a torn tail, repairs an output cut short (the records it lost are no
    // longer done), and refuses one whose committed bytes differ. Returns the output's size
    // from then on, or -1 when it is not a regular file.
    Result<std::int64_t> check_output(int fd, const std::string& name);

    // Reader thread, before any sitemap entry is dispatched: the sitemaps' entries, as one
    // fingerprint. A new job journals it; a resumed one must have the same (unless forced).
    Result<void> check_sitemaps(const std::string& fingerprint);

    bool done(std::uint64_t index) const;
    std::uint64_t done_count() const { return done_count_; }
    // Done records that did not meet --expect: the job has failed whatever this run does.
    std::uint64_t unmet_count() const { return unmet_count_; }
    // The output's size at the last commit; nullopt when nothing was committed with a size.
    std::optional<std::int64_t> committed_size() const { return committed_size_; }
    bool has_output() const { return committed_ || done_count_ > 0; }

    // Writer thread, once these records are out: one write(2). `bytes` are what the output
    // received since the last commit. False on a write error.
    bool append(const std::vector<WrittenRecord>& records, std::int64_t output_size, std::string_view bytes);

    // Every run names its output (as check_output found it) and commits its size before the
    // first record: the batches that follow are in that file from there, and a run killed
    // before its first commit has what it wrote cut off when resumed, instead of fetched again
    // after it (-1: not a regular file).
    bool begin(std::int64_t output_size);

    struct Loaded;  // what reading the file found
    // A batch of output bytes the journal committed: [begin, end), and their hash.
    struct Batch {
        std::int64_t begin = 0;
        std::int64_t end = 0;
        std::array<std::uint64_t, 2> hash{};  // their SipHash128 fingerprint
    };

private:
    ResumeState(FileDescriptor fd, const Loaded& loaded);
    void adopt(const Loaded& loaded);
    Result<std::int64_t> repair(int fd, const std::string& name, std::int64_t size, std::int64_t cut);

    FileDescriptor fd_;  // the journal file; invalid when the output keeps the journal (store_)
    Store store_;
    std::string path_;
    bool force_ = false;
    std::string sitemaps_;  // the journalled fingerprint of the sitemaps' entries
    std::vector<std::pair<std::uint64_t, std::uint64_t>> done_;  // sorted [first, last] runs
    std::vector<Batch> batches_;                                 // hashed commits, in order
    std::uint64_t done_count_ = 0;
    std::uint64_t unmet_count_ = 0;
    std::optional<std::int64_t> committed_size_;
    bool committed_ = false;
    std::string output_;             // this run's output, resolved (check_output)
    std::string journalled_output_;  // the last run's
};

}  // namespace fetch
