// The reader's side of the pipeline: every input record, in order, becomes exactly one item,
// numbered by its position among all input records. An item is either a Job to fetch, or a
// Record that needs no fetch: bad input, or a position this run leaves out (--shard, --resume,
// --unique), which still holds its place in input order. Nothing is read ahead of the
// admission gate, so memory stays O(jobs + window) whatever the list length (--unique's set
// of seen URLs aside).
//
// With --resume and --sitemap, the sitemaps are read first, their entries held in a temporary
// file and hashed: the journal must name the same entries before any position is trusted.
// After a signal, read_rest() goes on through what was not read, counting (or, for a report,
// listing) every URL of the job this run will not fetch.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"
#include "fetch/input/admission.hpp"
#include "fetch/input/entry_spool.hpp"
#include "fetch/input/list_reader.hpp"
#include "fetch/input/options.hpp"
#include "fetch/input/resume.hpp"
#include "fetch/input/row_reader.hpp"
#include "fetch/input/url.hpp"
#include "fetch/input/url_set.hpp"

namespace fetch {

class Intake {
public:
    struct Outlets {
        std::function<void(Job)> fetch;      // a URL to fetch, admitted with a slot
        std::function<void(Record)> record;  // a record that needs no fetch
        // A sitemap to fetch through the network stage (SitemapReader::Outlets::document).
        std::function<Result<FileDescriptor>(const std::string& url, std::uint64_t max_bytes)> document;
        std::function<void(Record)> not_fetched;  // after a signal: a URL this run will not fetch
    };

    // `resume` may be null (no --resume).
    Intake(const InputOptions& options, ResumeState* resume, Admission& admission, Outlets outlets);

    // Reads -u, the sitemaps, and then every list; false when a list could not be read to its
    // end (its error is logged) or the input was refused (a usage error, logged: a CSV or TSV
    // header without the --input-field column, sitemaps other than the journal's). Returns
    // early, true, once the run is cancelled.
    bool read_all(std::vector<ListReader>& lists);

    // After a signal, once read_all has returned: reads on through the rest of the input that
    // can be read without waiting (-u, held sitemap entries, lists that are regular files),
    // taking each position as read and not written; with `list_them`, each URL the job would
    // have fetched goes to Outlets::not_fetched. Returns what could not be read to its end
    // ("standard input after line 120"), or "" when all of it was.
    std::string read_rest(bool list_them);

    // Input records so far: every line that is not blank or a comment, and every -u.
    std::uint64_t records_read() const { return next_index_; }
    // Of those, the positions left out by --shard, --resume and --unique.
    std::uint64_t records_omitted() const { return omitted_; }
    // Of those, --unique's repeats in this shard, so far (any thread: the progress line's total).
    std::uint64_t duplicates() const { return duplicates_; }

private:
    struct ListCursor {
        RecordStream records;
        RowReader rows;
    };

    bool read_headers();
    bool read_sources();
    bool read_lists();
    bool dispatch_urls();
    bool read_sitemaps();
    bool spool_sitemaps();
    bool replay_spool();
    bool take_row(ListCursor& cursor, const ListRecord& record);
    bool refuse(Origin origin, const std::string& text, const std::string& why);
    bool omit(std::uint64_t index);
    bool dispatch(Origin origin, const std::string& text, bool too_long);
    bool skipped(std::uint64_t index, const Result<NormalizedUrl>& url);
    bool reject(std::uint64_t index, Origin origin, const std::string& text, const std::string& why);
    bool hold(std::uint64_t index, Origin origin, std::string url);
    bool leave(std::uint64_t index, Origin origin, std::string url);
    bool count_position();

    const InputOptions& options_;
    ResumeState* resume_;
    Admission& admission_;
    Outlets outlets_;
    std::vector<ListCursor> cursors_;
    std::size_t url_at_ = 0;   // -u URLs taken
    std::size_t list_at_ = 0;  // the list being read
    std::unique_ptr<EntrySpool> spool_;  // --resume with sitemaps: their entries, until checked
    bool sitemaps_read_ = false;         // every sitemap, to its end
    bool complete_ = true;
    std::optional<UrlSet> seen_;         // --unique
    std::optional<Record> in_hand_;      // the record the gate turned away when the run stopped
    bool draining_ = false;              // read_rest: positions are counted, not dispatched
    bool list_them_ = false;
    std::atomic<std::uint64_t> next_index_{0};
    std::atomic<std::uint64_t> omitted_{0};
    std::atomic<std::uint64_t> duplicates_{0};
};

}  // namespace fetch
