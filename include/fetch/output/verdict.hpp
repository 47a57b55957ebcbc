// What a record means for the run: whether it met its expectations (the list line's own, or
// --expect, --expect-title and --expect-body), what the summary counts, and whether
// --fail-fast should stop the run now. The exit status is the verdict over them all.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "fetch/base/record.hpp"
#include "fetch/output/options.hpp"
#include "fetch/output/stats.hpp"

namespace fetch {

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
