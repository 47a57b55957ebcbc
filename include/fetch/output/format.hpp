// How records become output. Server text is untrusted: every string is made valid UTF-8
// first, then escaped for its format, so nothing a server sends can reach a terminal as a
// control sequence, break a line, a JSON string, a CSV cell or an XML document.
//
//   text   the fields tab-separated, for people: a failed record shows ERR as its status and
//          "kind: message" in its title column; the status is coloured on a terminal
//   tsv    the fields tab-separated, for scripts: empty cells for null, optional header row
//   csv    RFC 4180 with a header row; cells a spreadsheet would run as a formula neutralised
//   jsonl  one JSON object per record; keys are the fields, null where there is no value
//   junit  a JUnit XML report (written with libxml2): one test case per URL, failing when it
//          does not meet --expect
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/output/fields.hpp"
#include "fetch/app/options.hpp"
#include "fetch/base/record.hpp"

namespace fetch {

class Formatter {
public:
    virtual ~Formatter() = default;
    virtual void begin(std::string& /*out*/) {}
    virtual void record(const Record& record, std::string& out) = 0;
    virtual void end(std::string& /*out*/) {}
};

// `colour`: whether text output may use colour (decided by the caller from --color, NO_COLOR
// and whether the output is a terminal).
std::unique_ptr<Formatter> make_formatter(const Options& options, bool colour);

// A field for text and tsv: tabs, CR and LF become spaces; other C0/C1 controls, DEL and the
// bidirectional overrides and isolates are shown escaped (\x1B, \u202E).
void append_text_field(std::string& out, std::string_view text);
// A JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
// A CSV cell (RFC 4180): quoted when needed; text starting with = + - @ or a tab gets a
// leading ' so that spreadsheets show it instead of running it.
void append_csv_cell(std::string& out, std::string_view text, bool neutralise_formula = true);
// Text that XML 1.0 can hold: invalid UTF-8 and the characters XML forbids become U+FFFD.
std::string xml_safe(std::string_view text);

}  // namespace fetch
