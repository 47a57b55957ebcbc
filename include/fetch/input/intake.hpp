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
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"
#include "fetch/input/list_reader.hpp"
#include "fetch/input/options.hpp"
#include "fetch/input/resume.hpp"

namespace fetch {

class EntrySpool;
class UrlSet;
struct ListRecord;
struct NormalizedUrl;

// The gate between the reader and the workers: what keeps memory O(jobs + window) whatever
// the list length.
//
// A URL is admitted only while fewer than `limit` admitted URLs are unfinished (the workers
// enforce -j among them, see limits.hpp); in input order also only while the records held
// back for an earlier one occupy less than `window_bytes` (ReorderWindow). A slot is given
// back when the writer has the record: once it is written in completion order, once it is
// held or written in input order, so a slow URL stops the printing of the records after it
// but not their fetching, while a stalled reader of the output still stops admission.
// Bad-input records take no slot but do wait for the window.
//
// Once full, the gate reopens only when a quarter of `limit` is free, not at every released
// slot: the reader then admits URLs in bursts. Each wakeup of a thread is a context switch,
// which costs more than a whole transfer's bookkeeping; the workers still have half of their
// admitted URLs queued when a burst starts, so they never wait for one.

class Admission {
public:
    // window_bytes == 0: no window (completion order).
    Admission(std::size_t limit, std::size_t window_bytes);

    // Blocks until the next record may proceed; takes a transfer slot when `needs_slot`.
    // Returns false when the run was cancelled.
    bool admit(bool needs_slot);

    void release_slots(std::size_t count);
    // Input order: the records held back for an earlier one now occupy `bytes`.
    void holding(std::size_t bytes);
    void cancel();
    bool cancelled() const;

    std::size_t peak_in_flight() const;

private:
    bool may_enter(bool needs_slot, std::size_t free_slots_needed) const;

    const std::size_t limit_;
    const std::size_t window_bytes_;
    const std::size_t refill_;  // free slots that reopen a full gate
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t in_flight_ = 0;
    std::size_t peak_ = 0;
    std::size_t held_bytes_ = 0;
    bool cancelled_ = false;
    bool waiting_ = false;  // the reader is blocked in admit()
};

class Intake {
public:
    struct Outlets {
        std::function<void(Job)> fetch;      // a URL to fetch, admitted with a slot
        std::function<void(Record)> record;  // a record that needs no fetch
        // A sitemap to fetch through the network stage (SitemapReader::Outlets::document): its
        // URL, parsed, as a Job for the workers; the body is to be kept in the descriptor.
        std::function<Result<FileDescriptor>(Job job, std::uint64_t max_bytes)> document;
        std::function<void(Record)> not_fetched;  // after a signal: a URL this run will not fetch
    };

    // `resume` may be null (no --resume).
    Intake(const InputOptions& options, ResumeState* resume, Admission& admission, Outlets outlets);
    ~Intake();
    Intake(const Intake&) = delete;
    Intake& operator=(const Intake&) = delete;

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
    struct ListCursor;  // a list and how its rows are read (intake.cpp)

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
    Result<FileDescriptor> fetch_document(const std::string& url, std::uint64_t max_bytes);

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
    std::unique_ptr<UrlSet> seen_;       // --unique
    std::optional<Record> in_hand_;      // the record the gate turned away when the run stopped
    bool draining_ = false;              // read_rest: positions are counted, not dispatched
    bool list_them_ = false;
    std::atomic<std::uint64_t> next_index_{0};
    std::atomic<std::uint64_t> omitted_{0};
    std::atomic<std::uint64_t> duplicates_{0};
};

// The progress line's total: how many records this run is to write.

// The -u URLs and the lists' records (as --input-format reads them) whose positions are in the
// shard and not done in the journal (`resume` may be null); -1 when that cannot be known in
// advance, or not safely: a pipe or a FIFO is read once, by the reader, and a sitemap's length
// is known only once it is read. --unique's repeats are found as the reader meets them
// (Intake::duplicates). Returns -1 too once `stop` is set.
std::int64_t count_job(const InputOptions& input, const ResumeState* resume, const std::atomic<bool>& stop);

}  // namespace fetch
