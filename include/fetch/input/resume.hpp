// --resume FILE: the journal of a job that may be stopped anywhere and started again.
//
// The file starts with a header naming the job: a format version, a fingerprint of the lists,
// the shard, the record format and the fields. A run whose job differs is refused (exit 2)
// unless --resume-force is given, which appends a new header that later runs then match.
// After the header, each batch of records the output stage has written is appended as one
// write(2): a line per record, its index and whether it met --expect, then a commit line
// with the output's size after the batch ("@ 8192", or "@ -" for a pipe):
//
//   fetch-resume 1
//   lists 5c0ffee1d00dfeed
//   shard 0/1
//   format jsonl
//   fields index,url,status
//   17 met
//   3 unmet
//   @ 8192
//
// Only committed lines count. A line cut short by a kill, or records after the last commit,
// are ignored with a warning: those URLs are fetched again, and with -o the output is first
// cut back to the last committed size, so a resumed job loses no record and repeats none.
// Indices are kept as sorted intervals, so memory follows the number of lines, never the
// values written in them. An exclusive flock(2) keeps a second process out.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
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

// The lists and -u URLs of a run, as a hash: each list's path, and for a regular file its
// size and its first and last 64 KiB (so a copied or touched list still matches, an edited one
// does not). A pipe or stdin is named only: it is never read twice.
std::string fingerprint_lists(const InputOptions& input);

class ResumeState {
public:
    // Reads the journal at `path` (a missing or empty file is a new job), checks it belongs to
    // `identity` (unless `force`), takes its lock and opens it for appending.
    static Result<std::unique_ptr<ResumeState>> open(const std::string& path, const JobIdentity& identity,
                                                     bool force);

    bool done(std::uint64_t index) const;
    std::uint64_t done_count() const { return done_count_; }
    // Done records that did not meet --expect: the job has failed whatever this run does.
    std::uint64_t unmet_count() const { return unmet_count_; }
    // The output's size at the last commit; nullopt when nothing was committed with a size.
    std::optional<std::int64_t> committed_size() const { return committed_size_; }
    bool has_output() const { return committed_ || done_count_ > 0; }

    // Writer thread, once these records are out: one write(2). False on a write error.
    bool append(const std::vector<WrittenRecord>& records, std::int64_t output_size);

    // A journal begun by this run (new, or forced over another job's) commits the output's
    // size before the first record, so that a run killed before its first commit has what it
    // wrote cut off when resumed, instead of fetched again after it (-1: not a regular file).
    bool begin(std::int64_t output_size);

    struct Loaded;  // what reading the file found

private:
    ResumeState(FileDescriptor fd, const Loaded& loaded);

    FileDescriptor fd_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> done_;  // sorted [first, last] runs
    std::uint64_t done_count_ = 0;
    std::uint64_t unmet_count_ = 0;
    std::optional<std::int64_t> committed_size_;
    bool committed_ = false;
    bool begun_here_ = false;
};

}  // namespace fetch
