#include "fetch/input/intake.hpp"

#include <spdlog/spdlog.h>

#include <stdexcept>

#include "fetch/base/ascii.hpp"
#include "fetch/base/redact.hpp"
#include "entry_spool.hpp"
#include "row_reader.hpp"
#include "sitemap.hpp"
#include "url.hpp"
#include "url_set.hpp"

namespace fetch {

struct Intake::ListCursor {
    RecordStream records;
    RowReader rows;
};

Intake::Intake(const InputOptions& options, ResumeState* resume, Admission& admission, Outlets outlets)
    : options_(options), resume_(resume), admission_(admission), outlets_(std::move(outlets)) {
    if (options_.unique) seen_ = std::make_unique<UrlSet>();
}

Intake::~Intake() = default;

// A sitemap's URL, parsed as every list line's is, goes to the workers as a Job.
Result<FileDescriptor> Intake::fetch_document(const std::string& url, std::uint64_t max_bytes) {
    Result<NormalizedUrl> target = normalize_url(url);
    if (!target) return fail(target.error());
    Job job;
    job.url = std::move(target->url);
    job.display_url = std::move(target->display);
    job.host = std::move(target->host);
    return outlets_.document(std::move(job), max_bytes);
}

bool Intake::read_all(std::vector<ListReader>& lists) {
    for (ListReader& list : lists)
        cursors_.push_back({RecordStream(list, options_.format), RowReader(options_.format, options_.field)});
    if (!read_headers() || !read_sources()) return complete_;
    return read_lists();
}

// Every CSV and TSV list's header row, before any URL is fetched: a column that is not there
// is one usage error, not a bad_input record per row.
bool Intake::read_headers() {
    for (ListCursor& cursor : cursors_) {
        ListRecord header;
        if (!cursor.rows.wants_header() || !cursor.records.next(header)) continue;
        if (const Result<void> found = cursor.rows.header(header, cursor.records.list().name()); !found) {
            spdlog::error("{}", found.error());
            return complete_ = false;
        }
    }
    return true;
}

// -u, then the sitemaps; false once the run is cancelled or the input refused.
bool Intake::read_sources() {
    if (resume_ && !options_.sitemaps.empty()) return spool_sitemaps() && dispatch_urls() && replay_spool();
    return dispatch_urls() && read_sitemaps();
}

bool Intake::dispatch_urls() {
    while (url_at_ < options_.urls.size()) {
        const std::string& url = options_.urls[url_at_++];
        if (!dispatch({"--url", url_at_}, std::string(ascii::trim(url)), false)) return false;
    }
    return true;
}

bool Intake::read_lists() {
    for (; list_at_ < cursors_.size(); ++list_at_) {
        ListCursor& cursor = cursors_[list_at_];
        for (ListRecord record; cursor.records.next(record);) {
            if (!take_row(cursor, record)) return complete_;
        }
        const ListReader& list = cursor.records.list();
        if (!list.at_end() && list.error().empty()) return complete_;  // interrupted: read_rest goes on here
        if (!list.error().empty()) {
            spdlog::error("{}", list.error());
            complete_ = false;
        }
    }
    return complete_;
}

std::string Intake::read_rest(bool list_them) {
    draining_ = true;
    list_them_ = list_them;
    if (in_hand_ && list_them_) outlets_.not_fetched(std::move(*in_hand_));
    in_hand_.reset();
    dispatch_urls();
    if (!options_.sitemaps.empty() && !sitemaps_read_) return "the sitemaps' rest, and the lists after them,";
    if (spool_) replay_spool();
    for (; list_at_ < cursors_.size(); ++list_at_) {
        ListCursor& cursor = cursors_[list_at_];
        ListReader& list = cursor.records.list();
        if (!list.regular() && !list.at_end())  // a pipe: its rest would have to be waited for
            return (list.name() == "-" ? std::string("standard input") : list.name()) + "'s rest";
        list.set_interrupt(-1);
        for (ListRecord record; cursor.records.next(record);)
            take_row(cursor, record);
    }
    return "";
}

// "URL<TAB>STATUS-SPEC[<TAB>TITLE-REGEX]": the URL, and what it must give (null: the options').
struct ListEntry {
    std::string_view url;
    Result<std::shared_ptr<const UrlExpectation>> expectation;
};

ListEntry split_entry(std::string_view text) {
    const auto tab = text.find('\t');
    if (tab == std::string_view::npos) return {text, std::shared_ptr<const UrlExpectation>()};
    return {ascii::trim(text.substr(0, tab)), parse_url_expectation(text.substr(tab + 1))};
}

// Each --sitemap's entries, as records: a URL each, or why there is none.
bool Intake::read_sitemaps() {
    SitemapReader reader({[this](Origin origin, std::string url) { return dispatch(std::move(origin), url, false); },
                          [this](Origin origin, std::string why) {
                              const std::string source = origin.source;
                              return refuse(std::move(origin), source, why);
                          },
                          [this](const std::string& url, std::uint64_t max_bytes) {
                              return fetch_document(url, max_bytes);
                          }});
    for (const std::string& sitemap : options_.sitemaps) {
        if (!reader.read(sitemap)) return false;
    }
    return sitemaps_read_ = true;
}

// --resume: every sitemap entry, in order, into the spool and the fingerprint, which the
// journal must hold (or, for a new job, then holds) before any of their positions is trusted.
// A sitemap that gained an entry shifts every position after it: resuming would lose one URL
// and fetch another twice.
bool Intake::spool_sitemaps() {
    spool_ = std::make_unique<EntrySpool>();
    SipHash128 fingerprint;
    const auto keep = [&](Origin origin, std::string text, bool usable) {
        fingerprint.add((usable ? "url " : "error ") + origin.source + '\n' + std::to_string(origin.line) + '\n' +
                        text + '\n');
        if (!spool_->add({std::move(origin), std::move(text), usable}))
            throw std::runtime_error("the temporary file holding sitemap entries: cannot write to it");
        return !admission_.cancelled();
    };
    SitemapReader reader({[&](Origin origin, std::string url) { return keep(std::move(origin), url, true); },
                          [&](Origin origin, std::string why) { return keep(std::move(origin), why, false); },
                          [this](const std::string& url, std::uint64_t max_bytes) {
                              return fetch_document(url, max_bytes);
                          }});
    for (const std::string& sitemap : options_.sitemaps) {
        if (!reader.read(sitemap)) return false;
    }
    sitemaps_read_ = true;
    if (const Result<void> same = resume_->check_sitemaps(fingerprint.hex()); !same) {
        spdlog::error("{}", same.error());
        return complete_ = false;
    }
    spool_->rewind();
    return true;
}

bool Intake::replay_spool() {
    for (SpooledEntry entry; spool_->next(entry);) {
        const std::string source = entry.origin.source;
        if (!(entry.usable ? dispatch(std::move(entry.origin), entry.text, false)
                           : refuse(std::move(entry.origin), source, entry.text)))
            return false;
    }
    return true;
}

// A list's record through --input-format: its URL is dispatched, a record without one is bad input.
bool Intake::take_row(ListCursor& cursor, const ListRecord& record) {
    if (draining_ && !list_them_ && !seen_) return count_position();
    Origin origin{cursor.records.list().name(), record.line};
    if (record.too_long || options_.format == InputFormat::lines)
        return dispatch(std::move(origin), record.text, record.too_long);
    Result<std::string> url = cursor.rows.url_of(record);
    if (!url) return refuse(std::move(origin), record.text, url.error());
    return dispatch(std::move(origin), *url, false);
}

// After a signal, without --unique or a report to list them in: a position is all there is to know.
bool Intake::count_position() {
    const std::uint64_t index = next_index_++;
    if (!options_.shard.includes(index) || (resume_ && resume_->done(index))) ++omitted_;
    return true;
}

// An input record with no URL to fetch: like a bad line, it takes its position, which --shard
// or --resume may leave out (so no shard repeats it, and no resumed run prints it twice).
bool Intake::refuse(Origin origin, const std::string& text, const std::string& why) {
    const std::uint64_t index = next_index_++;
    if (skipped(index, fail(why))) return omit(index);
    return reject(index, std::move(origin), text, why);
}

bool Intake::omit(std::uint64_t index) {
    ++omitted_;  // before the gate: a position left out is never one the run failed to write
    if (draining_) return true;
    if (!admission_.admit(false)) return false;
    Record record;
    record.index = index;
    record.omitted = true;
    outlets_.record(std::move(record));
    return true;
}

bool Intake::dispatch(Origin origin, const std::string& text, bool too_long) {
    // Expectations after a tab belong to plain lists; a row's URL is only a URL.
    const ListEntry entry = options_.format == InputFormat::lines
                                ? split_entry(text)
                                : ListEntry{text, std::shared_ptr<const UrlExpectation>()};
    Result<NormalizedUrl> url =
        too_long ? fail("line is longer than " + std::to_string(ListReader::max_line_bytes) + " bytes")
        : !entry.expectation ? fail(entry.expectation.error())
                             : normalize_url(std::string(entry.url));
    const std::uint64_t index = next_index_++;
    if (skipped(index, url)) return omit(index);  // a left-out position still takes its place
    if (!url) return reject(index, std::move(origin), text, url.error());
    if (draining_) return leave(index, std::move(origin), std::move(url->display));
    if (!admission_.admit(true)) return hold(index, std::move(origin), std::move(url->display));
    Job job;
    job.index = index;
    job.origin = std::move(origin);
    job.url = std::move(url->url);
    job.display_url = std::move(url->display);
    job.host = std::move(url->host);
    job.fallback = url->scheme_implied && options_.fallback;
    job.expectation = *entry.expectation;
    outlets_.fetch(std::move(job));
    return true;
}

// --shard, --resume and --unique leave out some positions. --unique is one set for the whole
// job: every URL enters it, whichever shard owns its position and whether or not an earlier
// run wrote it, so a URL is fetched once across shards and runs, at its first position.
bool Intake::skipped(std::uint64_t index, const Result<NormalizedUrl>& url) {
    const bool repeat = seen_ && url && !seen_->insert(url->url);
    if (!options_.shard.includes(index) || (resume_ && resume_->done(index))) return true;
    if (repeat) ++duplicates_;
    return repeat;
}

// An unusable line still yields its record, naming where it was and why.
bool Intake::reject(std::uint64_t index, Origin origin, const std::string& text, const std::string& why) {
    if (draining_) return leave(index, std::move(origin), redact_credentials(text));
    if (!admission_.admit(false)) return hold(index, std::move(origin), redact_credentials(text));
    const std::string where = origin.source + ":" + std::to_string(origin.line);
    spdlog::warn("{}: {}", where, why);
    Record record;
    record.index = index;
    record.origin = std::move(origin);
    record.url = redact_credentials(text);
    record.error_kind = ErrorKind::bad_input;
    record.error = where + ": " + why;
    outlets_.record(std::move(record));
    return true;
}

// The run stopped while this record waited at the gate: read_rest lists it with the rest.
bool Intake::hold(std::uint64_t index, Origin origin, std::string url) {
    Record record;
    record.index = index;
    record.origin = std::move(origin);
    record.url = std::move(url);
    record.interrupted = true;
    in_hand_ = std::move(record);
    return false;
}

// After a signal: a URL of the job that this run will not fetch.
bool Intake::leave(std::uint64_t index, Origin origin, std::string url) {
    if (!list_them_) return true;
    Record record;
    record.index = index;
    record.origin = std::move(origin);
    record.url = std::move(url);
    record.interrupted = true;
    outlets_.not_fetched(std::move(record));
    return true;
}

}  // namespace fetch
