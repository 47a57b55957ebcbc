#include "fetch/input/intake.hpp"

#include <spdlog/spdlog.h>

#include "fetch/base/ascii.hpp"
#include "fetch/base/redact.hpp"
#include "fetch/input/sitemap.hpp"

namespace fetch {

Intake::Intake(const InputOptions& options, const ResumeState* resume, Admission& admission, Outlets outlets)
    : options_(options), resume_(resume), admission_(admission), outlets_(std::move(outlets)) {}

bool Intake::read_all(std::vector<ListReader>& lists) {
    std::uint64_t ordinal = 0;
    for (const std::string& url : options_.urls) {
        if (!dispatch({"--url", ++ordinal}, std::string(ascii::trim(url)), false)) return true;
    }
    if (!read_sitemaps()) return true;
    bool complete = true;
    ListLine line;
    for (ListReader& list : lists) {
        RowReader rows(options_.format, options_.field);  // a CSV or TSV header per list
        while (list.next(line)) {
            if (!take_row(rows, {list.name(), line.number}, line)) return complete;
        }
        if (!list.error().empty()) {
            spdlog::error("{}", list.error());
            complete = false;
        }
    }
    return complete;
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
                          outlets_.document});
    for (const std::string& sitemap : options_.sitemaps) {
        if (!reader.read(sitemap)) return false;
    }
    return true;
}

// A list line through --input-format: its URL is dispatched, a header row is not an input
// record, a row without a URL is bad input.
bool Intake::take_row(RowReader& rows, Origin origin, const ListLine& line) {
    if (line.too_long || options_.format == InputFormat::lines) return dispatch(std::move(origin), line.text, line.too_long);
    Result<std::optional<std::string>> url = rows.url_of(line.text);
    if (!url) return refuse(std::move(origin), line.text, url.error());
    return !*url || dispatch(std::move(origin), **url, false);
}

// An input record with no URL to fetch: like a bad line, it takes its position, which --shard
// or --resume may leave out (so no shard repeats it, and no resumed run prints it twice).
bool Intake::refuse(Origin origin, const std::string& text, const std::string& why) {
    const std::uint64_t index = next_index_++;
    if (skipped(index, fail(why))) return omit(index);
    return reject(index, std::move(origin), text, why);
}

bool Intake::omit(std::uint64_t index) {
    if (!admission_.admit(false)) return false;
    ++omitted_;
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
    if (!admission_.admit(true)) return false;
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

// --shard, --resume and --unique leave out some positions.
bool Intake::skipped(std::uint64_t index, const Result<NormalizedUrl>& url) {
    if (!options_.shard.includes(index)) return true;
    if (resume_ && resume_->done(index)) return true;
    return options_.unique && url && !seen_.insert(std::hash<std::string>{}(url->url)).second;
}

// An unusable line still yields its record, naming where it was and why.
bool Intake::reject(std::uint64_t index, Origin origin, const std::string& text, const std::string& why) {
    if (!admission_.admit(false)) return false;
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

}  // namespace fetch
