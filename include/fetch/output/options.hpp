// What the command line decides for the output stage: the record format and its fields, the
// order of records, where they go, and what counts as success.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fetch/base/expectation.hpp"
#include "fetch/base/named.hpp"
#include "fetch/output/fields.hpp"

namespace fetch {

#define FETCH_ORDERS(X)                                          \
    X(completion, "completion", "each record as its fetch ends") \
    X(input, "input", "records in the order of the input")
FETCH_NAMED_ENUM(Order, FETCH_ORDERS);

// Each format's rule (FormatRule), a column each: the fields printed when --fields is not
// given (fields.cpp has the lists), whether it has a header row, whether a run writing it can
// be resumed, whether records are written as they come or as one document at the end (which
// then lists what a stopped run did not fetch), another name --format takes for it, and what
// --format's help says of it. A new format is its row here and its Formatter (make_formatter,
// format.cpp).
// brief: status url title; full: and the run's facts; keyed: full, keyed by the input position;
// row: keyed, but the position is the row's own key (a database's).
enum class DefaultFields { brief, full, keyed, row };
enum class HeaderRow { none, optional, always };   // optional: --header-row
enum class Resumable : bool { no, yes };
enum class Written { as_they_come, at_the_end };
struct FormatRule {
    DefaultFields fields;
    HeaderRow header;
    Resumable resumable;
    Written written;
    std::string_view alias;
    std::string_view note;  // for --format's help: "-o FILE"
};
#define FETCH_FORMATS(X)                                                                         \
    X(text, "text", "STATUS<TAB>URL<TAB>TITLE for people; ERR<TAB>URL<TAB>KIND: MESSAGE",        \
      DefaultFields::brief, HeaderRow::none, Resumable::yes, Written::as_they_come, "", "")           \
    X(tsv, "tsv", "the fields, tab-separated, empty for none (--header-row: a row of names)",    \
      DefaultFields::full, HeaderRow::optional, Resumable::yes, Written::as_they_come, "", "")        \
    X(jsonl, "jsonl", "one JSON object per URL, the fields as keys, null for none",              \
      DefaultFields::keyed, HeaderRow::none, Resumable::yes, Written::as_they_come, "json", "")       \
    X(csv, "csv", "RFC 4180 with a header row; formula-like cells prefixed with '",              \
      DefaultFields::full, HeaderRow::always, Resumable::yes, Written::as_they_come, "", "")          \
    X(junit, "junit", "a JUnit XML report: one test case per URL, failing unless it meets --expect", \
      DefaultFields::full, HeaderRow::none, Resumable::no, Written::at_the_end, "", "")    \
    X(sqlite, "sqlite", "an SQLite database (-o FILE): a records row per URL, a typed column per field", \
      DefaultFields::row, HeaderRow::none, Resumable::yes, Written::as_they_come, "", "-o FILE")
FETCH_NAMED_ENUM_WITH_RULES(Format, FETCH_FORMATS, FormatRule);

#define FETCH_COLOURS(X)                                          \
    X(automatic, "auto", "on a terminal, unless NO_COLOR is set") \
    X(always, "always", "always")                                 \
    X(never, "never", "never")
FETCH_NAMED_ENUM(Color, FETCH_COLOURS);

struct OutputOptions {
    Order order{};
    std::uint64_t order_window_bytes{};  // input order: what records held for an earlier one may take
    Format format{};
    FieldSelection fields;        // parsed once; the format's defaults when --fields is not given
    FieldSelection added_fields;  // --fields +a,+b: printed after `fields`
    bool header_row{};      // tsv: a first row naming the fields (csv always has one)
    Color color{};
    std::string file;  // -o; empty: standard output
    std::string write_out;                  // -w TEMPLATE, as given
    std::optional<WriteOut> write_out_template;  // parsed once every option is known
};

// What counts as success, for the exit status, JUnit and --fail-fast.
struct VerdictOptions {
    Expectation expect;
    bool expect_stated{};  // --expect was given (not its default): --robots' records fail it
    std::shared_ptr<const Regex> expect_title;  // --expect-title; null: any title
    bool fail_fast{};
};

}  // namespace fetch
