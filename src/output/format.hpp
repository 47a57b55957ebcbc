// How records become output, one class per format (the table of formats is in options.hpp):
//
//   text   the fields tab-separated, for people: a failed record shows ERR as its status and
//          "kind: message" in its title column; the status is coloured on a terminal, where a
//          record that missed its expectation is also marked ✗ (and coloured as a failure)
//   tsv    the fields tab-separated, for scripts: empty cells for null, optional header row
//   csv    RFC 4180 with a header row; cells a spreadsheet would run as a formula neutralised
//   jsonl  one JSON object per record; keys are the fields, null where there is no value
//   sqlite rows of an SQLite database (database.hpp): the formatter inserts, and gives no bytes
//   junit  a JUnit XML report (written with libxml2): one test case per URL, failing when it
//          does not meet --expect
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "fetch/base/record.hpp"
#include "fetch/output/options.hpp"

namespace fetch {

class RecordDatabase;

class Formatter {
public:
    using Emit = std::function<void(std::string_view)>;

    virtual ~Formatter() = default;
    virtual void begin(std::string& /*out*/) {}
    virtual void record(const Record& record, std::string& out) = 0;
    // A URL the run stopped before fetching (Record::interrupted); only a report shows it, and
    // says so by returning true.
    virtual bool not_fetched(const Record& /*record*/) { return false; }
    // After an interrupt: input whose rest was never read, so that how many URLs it held is
    // not known ("standard input after line 120"); only a report says so.
    virtual void unread(const std::string& /*what*/) {}
    // The end of the output, handed out in pieces: a report can be larger than memory should hold.
    virtual void end(const Emit& /*emit*/) {}
    // Why the formatter could not keep what it was given; "" while it could.
    virtual std::string failure() const { return {}; }
};

// `colour`: whether text output may use colour (decided by the caller from --color, NO_COLOR
// and whether the output is a terminal). `marks`: text output goes to a terminal, where a record
// that missed its expectation is marked as a failure (✗) whatever its status. `database`: where
// --format sqlite puts the rows (needed for that format only).
std::unique_ptr<Formatter> make_formatter(const OutputOptions& output, const VerdictOptions& verdict,
                                          bool colour, bool marks = false, RecordDatabase* database = nullptr);

// The JUnit report (junit.cpp).
std::unique_ptr<Formatter> make_junit_formatter(const Expectation& expect);

// The SQLite database's rows (database.cpp).
std::unique_ptr<Formatter> make_sqlite_formatter(RecordDatabase& database);

}  // namespace fetch
