// How a Record becomes one line of output. Server text is untrusted: every string is made
// valid UTF-8 first, then escaped for its format, so nothing a server sends can reach a
// terminal as a control sequence or break a line/JSON framing.
#pragma once

#include <string>
#include <string_view>

#include "fetch/options.hpp"
#include "fetch/record.hpp"

namespace fetch {

// Appends one record, newline included, as `options` (format, --xpath) ask.
void format_record(const Record& record, const Options& options, std::string& out);

// Text format: `STATUS<TAB>URL<TAB>TITLE`, or `ERR<TAB>URL<TAB>KIND: MESSAGE` on failure. With
// `show_xpath` the --xpath value stands in the title's place.
void format_text(const Record& record, std::string& out, bool show_xpath = false);
// JSON Lines: one object; key order fixed (see README). With `with_xpath`, an "xpath" key
// follows "title".
void format_jsonl(const Record& record, std::string& out, bool with_xpath = false);

// A field for text output: tabs, CR and LF become spaces; other C0/C1 controls, DEL and the
// bidirectional overrides and isolates are shown escaped (\x1B, \u202E).
void append_text_field(std::string& out, std::string_view text);
// A JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);

}  // namespace fetch
