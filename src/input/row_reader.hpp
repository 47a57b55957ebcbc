// --input-format jsonl|csv|tsv with --input-field NAME: the URL is one key or column of
// another tool's rows, fetch's own included (fetch --format jsonl ... | jq ... | fetch
// --input-format jsonl --input-field final_url). With the default, lines, the line is the URL.
//
// Rows are read as their formats define them, by libraries that keep to the definitions:
// CSV by libcsv (RFC 4180: a quoted cell may hold commas, doubled quotes and line breaks, so
// one record may span lines; CRLF or LF; a UTF-8 byte order mark is dropped), JSON by
// nlohmann::json (RFC 8259; of duplicate keys the last wins, as jq has it). TSV is one record
// per line, cells split at tabs, as IANA's text/tab-separated-values defines it.
//
// CSV and TSV lists start with a header row naming the columns, unless --input-field is a
// number: then it is the column's position (from 1) and every row is a record.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/result.hpp"
#include "fetch/input/list_reader.hpp"
#include "fetch/input/options.hpp"

struct csv_parser;

namespace fetch {

// One input record of a list, as its format defines it.
struct ListRecord {
    std::uint64_t line = 0;          // the 1-based line where it starts
    std::string text;                // as read: the line, or a CSV record's lines joined by '\n'
    std::vector<std::string> cells;  // csv, tsv
    bool too_long = false;           // longer than ListReader::max_line_bytes: cut, not usable
    std::string error;               // csv: why the record cannot be read
};

// One list's records, streamed in constant memory (a record is bounded like a line).
class RecordStream {
public:
    RecordStream(ListReader& list, InputFormat format);
    ~RecordStream();
    RecordStream(RecordStream&&) noexcept;
    RecordStream& operator=(RecordStream&&) = delete;

    bool next(ListRecord& record);  // false at the end of the list
    ListReader& list() { return *list_; }

private:
    struct CsvState;
    bool next_csv(ListRecord& record);
    bool next_tsv(ListRecord& record);

    ListReader* list_;
    InputFormat format_;
    std::unique_ptr<CsvState> csv_;
};

class RowReader {
public:
    RowReader(InputFormat format, std::string field);

    // csv and tsv with a field named, not numbered: the first record names the columns.
    bool wants_header() const { return wants_header_; }
    // Finds the field among the header row's cells; the error is a usage error naming the
    // columns there are, and how a list without a header row is read.
    Result<void> header(const ListRecord& row, const std::string& list_name);

    // The URL in one record, or why it has none (a bad_input record).
    Result<std::string> url_of(const ListRecord& record) const;

private:
    InputFormat format_;
    std::string field_;
    bool wants_header_ = false;
    std::optional<std::size_t> column_;  // csv, tsv: 0-based
};

// The string value of `key` in the JSON object `line`, for tests too; the error says what is
// wrong (not an object, no such key, not a string).
Result<std::string> json_member(std::string_view line, std::string_view key);

}  // namespace fetch
