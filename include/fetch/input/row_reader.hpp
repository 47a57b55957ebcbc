// --input-format jsonl|csv|tsv with --input-field NAME: the URL is one key or column of
// another tool's rows, fetch's own included (fetch --format jsonl ... | jq ... | fetch
// --input-format jsonl --input-field final_url). With the default, lines, the line is the URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/result.hpp"
#include "fetch/input/options.hpp"

namespace fetch {

class RowReader {
public:
    RowReader(InputFormat format, std::string field) : format_(format), field_(std::move(field)) {}

    // What one list line gives: its URL; nothing for a CSV or TSV list's header row (the first
    // line: it names the columns); or why the row has no URL, for a bad_input record.
    Result<std::optional<std::string>> url_of(std::string_view line);

private:
    Result<std::optional<std::string>> from_columns(const std::vector<std::string>& cells);

    InputFormat format_;
    std::string field_;
    std::optional<std::size_t> column_;  // csv, tsv: found in the header row
    bool header_seen_ = false;
};

// The string value of `key` in the JSON object `line`, for tests too; the error says what is
// wrong (not an object, no such key, not a string).
Result<std::string> json_member(std::string_view line, std::string_view key);

// One RFC 4180 record on one line: cells, with "" inside quotes for a quote.
Result<std::vector<std::string>> csv_cells(std::string_view line);

}  // namespace fetch
