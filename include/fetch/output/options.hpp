// What the command line decides for the output stage: the record format and its fields, the
// order of records, where they go, and what counts as success.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "fetch/base/expectation.hpp"
#include "fetch/base/named.hpp"
#include "fetch/output/fields.hpp"
#include "fetch/output/write_out.hpp"

namespace fetch {

#define FETCH_ORDERS(X)                                          \
    X(completion, "completion", "each record as its fetch ends") \
    X(input, "input", "records in the order of the input")
FETCH_NAMED_ENUM(Order, FETCH_ORDERS);

#define FETCH_FORMATS(X)                                                                      \
    X(text, "text", "STATUS<TAB>URL<TAB>TITLE for people; ERR<TAB>URL<TAB>KIND: MESSAGE")     \
    X(tsv, "tsv", "the fields, tab-separated, empty for none (--header-row: a row of names)") \
    X(jsonl, "jsonl", "one JSON object per URL, the fields as keys, null for none")           \
    X(csv, "csv", "RFC 4180 with a header row; formula-like cells prefixed with '")           \
    X(junit, "junit", "a JUnit XML report: one test case per URL, failing unless it meets --expect") \
    X(sqlite, "sqlite", "an SQLite database (-o FILE): a records row per URL, a typed column per field")
FETCH_NAMED_ENUM(Format, FETCH_FORMATS);

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
