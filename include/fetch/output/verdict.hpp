// What a record means for the run: whether it met its expectations (the list line's own, or
// --expect, --expect-title and --expect-body), what the summary counts, and whether
// --fail-fast should stop the run now. The exit status is the verdict over them all.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/output/options.hpp"

namespace fetch {

// What the run did, for the progress line and the summary: counts by status class and error
// kind, and latency percentiles from a fixed-size histogram (memory does not grow with the
// number of URLs).

// Milliseconds in 1 ms buckets up to 10 s, then 100 ms buckets up to 10 min.
class LatencyHistogram {
public:
    LatencyHistogram();
    void add(std::int64_t ms);
    // The smallest latency at or below which `fraction` of the samples lie (0 with none).
    std::int64_t percentile(double fraction) const;
    std::uint64_t count() const { return count_; }

private:
    std::vector<std::uint64_t> buckets_;
    std::uint64_t count_ = 0;
};

// A record that failed, for stderr: "URL (HTTP 404)", "URL (connect: ...)", terminal-safe.
std::string describe_failure(const Record& record);

// A "fetch: " line of items separated by ", ", "; " or ": ", broken between items to fit
// `columns` (0: as it is), continuations indented under the first item.
std::string wrap_items(const std::string& line, std::size_t columns);

class RunStats {
public:
    // The writer adds each record once; `met` tells whether it met --expect.
    void add(const Record& record, bool met);
    void skipped() { ++skipped_; }  // --shard, --resume, --unique
    void not_fetched() { ++not_fetched_; }  // the run stopped first
    // After a signal, once the writer is done: every URL of the job not written (in flight,
    // waiting, or never read from a list), which the summary then states; `unread` names input
    // whose rest could not be counted ("" when none).
    void settle_not_fetched(std::uint64_t count, std::string unread) {
        not_fetched_ = count;
        unread_ = std::move(unread);
    }

    std::uint64_t done() const { return done_; }
    std::uint64_t unmet() const { return unmet_; }
    // Two lines for stderr: counts, then latency. `wall` is the run's duration. With `columns`
    // (a terminal's width), each is broken between its items to fit.
    std::string summary(std::chrono::steady_clock::duration wall, std::size_t columns = 0) const;
    // After the summary, or alone where there is none (a CI log): how many URLs failed, by
    // kind, and the first few of them; "" when none did.
    std::string failures() const;

    static constexpr std::size_t failures_named = 5;

private:
    std::atomic<std::uint64_t> done_{0};
    std::atomic<std::uint64_t> skipped_{0};
    std::atomic<std::uint64_t> not_fetched_{0};
    std::string unread_;
    std::vector<std::string> first_failures_;  // "URL (reason)", the first failures_named
    std::map<std::string, std::uint64_t> failure_kinds_;  // of the records that missed: "4xx", "connect"
    std::array<std::uint64_t, 6> by_class_{};  // [1..5]: 1xx..5xx; HTTP has five classes
    std::array<std::uint64_t, named_count<ErrorKind>()> by_error_{};
    std::uint64_t unmet_ = 0;
    LatencyHistogram latency_;
};

class Verdict {
public:
    Verdict(const VerdictOptions& options, RunStats& stats) : options_(options), stats_(stats) {}

    struct Judgement {
        bool met = true;    // the record met its expectations (omitted records always do)
        bool stop = false;  // --fail-fast: this is the first that did not
    };

    // Writer thread, once per record: sets record.met and record.expect_failed.
    Judgement judge(Record& record);

    bool all_met() const { return all_met_; }
    // --fail-fast: the record it stopped at ("URL (HTTP 404)"); "" when it did not stop.
    const std::string& stopped_at() const { return stopped_at_; }

private:
    // Which part of a response missed its expectation, and how; nullopt when none did (or
    // there was no response: the error says why).
    std::optional<std::pair<std::string, std::string>> missed(const Record& record) const;
    bool polite_skip(const Record& record) const;

    const VerdictOptions& options_;
    RunStats& stats_;
    bool all_met_ = true;
    std::string stopped_at_;
};

}  // namespace fetch
