// The reader's side of the pipeline: every input line, in order, becomes exactly one item,
// numbered by its position among all input records. An item is either a Job to fetch, or a
// Record that needs no fetch: bad input, or a position this run leaves out (--shard, --resume,
// --unique), which still holds its place in input order. Nothing is read ahead of the
// admission gate, so memory stays O(jobs + window) whatever the list length.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_set>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"
#include "fetch/input/admission.hpp"
#include "fetch/input/list_reader.hpp"
#include "fetch/input/row_reader.hpp"
#include "fetch/input/options.hpp"
#include "fetch/input/resume.hpp"
#include "fetch/input/url.hpp"

namespace fetch {

class Intake {
public:
    struct Outlets {
        std::function<void(Job)> fetch;      // a URL to fetch, admitted with a slot
        std::function<void(Record)> record;  // a record that needs no fetch
        // A sitemap to fetch through the network stage (SitemapReader::Outlets::document).
        std::function<Result<FileDescriptor>(const std::string& url, std::uint64_t max_bytes)> document;
    };

    // `resume` may be null (no --resume).
    Intake(const InputOptions& options, const ResumeState* resume, Admission& admission, Outlets outlets);

    // Reads -u, the sitemaps, and then every list; false when a list could not be read to its end (its error
    // is logged). Returns early, true, once the run is cancelled.
    bool read_all(std::vector<ListReader>& lists);

    // Input records so far: every line that is not blank or a comment, and every -u.
    std::uint64_t records_read() const { return next_index_; }
    // Of those, the positions left out by --shard, --resume and --unique.
    std::uint64_t records_omitted() const { return omitted_; }

private:
    // Returns false when the run was cancelled before the line was dispatched.
    bool read_sitemaps();
    bool take_row(RowReader& rows, Origin origin, const ListLine& line);
    bool refuse(Origin origin, const std::string& text, const std::string& why);
    bool omit(std::uint64_t index);
    bool dispatch(Origin origin, const std::string& text, bool too_long);
    bool skipped(std::uint64_t index, const Result<NormalizedUrl>& url);
    bool reject(std::uint64_t index, Origin origin, const std::string& text, const std::string& why);

    const InputOptions& options_;
    const ResumeState* resume_;
    Admission& admission_;
    Outlets outlets_;
    std::unordered_set<std::size_t> seen_;  // --unique: hashes of the URLs dispatched
    std::uint64_t next_index_ = 0;
    std::uint64_t omitted_ = 0;
};

}  // namespace fetch
