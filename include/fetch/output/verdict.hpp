// What a record means for the run: whether it met --expect, what the summary counts, and
// whether --fail-fast should stop the run now. The exit status is the verdict over them all.
#pragma once

#include "fetch/base/record.hpp"
#include "fetch/output/options.hpp"
#include "fetch/output/stats.hpp"

namespace fetch {

class Verdict {
public:
    Verdict(const VerdictOptions& options, RunStats& stats) : options_(options), stats_(stats) {}

    struct Judgement {
        bool met = true;    // the record met --expect (omitted records always do)
        bool stop = false;  // --fail-fast: this is the first that did not
    };

    Judgement judge(const Record& record) {
        if (record.omitted) {
            stats_.skipped();
            return {};
        }
        if (record.interrupted) {
            stats_.not_fetched();
            return {};
        }
        const bool met = options_.expect.met_by(record);
        stats_.add(record, met);
        if (met) return {};
        all_met_ = false;
        const bool stop = options_.fail_fast && stopped_at_.empty();
        if (stop) stopped_at_ = describe_failure(record);
        return {false, stop};
    }

    bool meets(const Record& record) const {
        return record.omitted || record.interrupted || options_.expect.met_by(record);
    }
    bool all_met() const { return all_met_; }
    // --fail-fast: the record it stopped at ("URL (HTTP 404)"); "" when it did not stop.
    const std::string& stopped_at() const { return stopped_at_; }

private:
    const VerdictOptions& options_;
    RunStats& stats_;
    bool all_met_ = true;
    std::string stopped_at_;
};

}  // namespace fetch
