// Escaping for each format. Server text is untrusted: every string is made valid UTF-8 first,
// then escaped for where it goes, so nothing a server sends can reach a terminal as a control
// sequence, or break a line, a JSON string, a CSV cell or an XML document.
#pragma once

#include <string>
#include <string_view>

namespace fetch {

// A field for text and tsv: tabs, CR and LF become spaces; other C0/C1 controls, DEL, the
// bidirectional overrides and isolates and U+2028/U+2029 are shown escaped (\x1B, \u202E).
void append_text_field(std::string& out, std::string_view text);
// A JSON string literal, quotes included.
void append_json_string(std::string& out, std::string_view text);
// A CSV cell (RFC 4180): its text made visible as for text fields, quoted when it holds a comma
// or a quote; text starting with = + - @ gets a leading ' so that spreadsheets show it instead
// of running it.
void append_csv_cell(std::string& out, std::string_view text, bool neutralise_formula = true);
// Text that XML 1.0 can hold: invalid UTF-8, DEL and the characters XML forbids become U+FFFD;
// C1 controls, bidirectional controls and U+2028/U+2029 are shown escaped, as in text.
std::string xml_safe(std::string_view text);

}  // namespace fetch
