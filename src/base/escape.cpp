// Escaping for every format. Server text is untrusted: it is made valid UTF-8 first, then
// escaped for where it goes, so that nothing a server sends reaches a terminal as a control
// sequence or breaks a line, a JSON string, a CSV cell or an XML document.
#include "fetch/base/escape.hpp"

#include <cstdio>
#include <string_view>
#include <utility>

#include "fetch/base/utf8.hpp"

namespace fetch {

namespace {

// The characters JSON escapes with a letter or themselves; other controls become \u escapes.
constexpr std::pair<char32_t, std::string_view> json_escapes[] = {
    {'"', "\\\""}, {'\\', "\\\\"}, {'\n', "\\n"}, {'\r', "\\r"}, {'\t', "\\t"}};

bool is_bidi_control(char32_t cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F;
}

void append_escape(std::string& out, const char* pattern, unsigned value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, pattern, value);
    out.append(buffer);
}

// Calls visit(code_point, encoded_bytes) for each code point of the sanitised text.
template <typename Visit>
void for_each_code_point(std::string_view text, Visit visit) {
    const std::string clean = utf8::is_valid(text) ? std::string() : utf8::sanitize(text);
    std::string_view rest = clean.empty() ? text : std::string_view(clean);
    while (!rest.empty()) {
        const utf8::Decoded d = utf8::decode(rest);  // valid by construction
        visit(d.code_point, rest.substr(0, d.length));
        rest.remove_prefix(d.length);
    }
}

// What a terminal or a line-based reader must not see raw: C1 controls (CSI and friends), the
// bidirectional overrides and isolates (which reorder what is shown), and the Unicode line and
// paragraph separators (which some readers split lines on).
bool shown_escaped(char32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp) || cp == 0x2028 || cp == 0x2029;
}

// One code point as text, tsv and csv show it: tab, CR and LF become a space (no cell or line
// is ever split), other C0 controls and DEL are \xNN, and shown_escaped ones \uNNNN.
void append_visible(std::string& out, char32_t cp, std::string_view bytes) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
        out.push_back(' ');
    } else if (cp < 0x20 || cp == 0x7F) {
        append_escape(out, "\\x%02X", static_cast<unsigned>(cp));
    } else if (shown_escaped(cp)) {
        append_escape(out, "\\u%04X", static_cast<unsigned>(cp));
    } else {
        out.append(bytes);
    }
}

}  // namespace

void append_text_field(std::string& out, std::string_view text) {
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) { append_visible(out, cp, bytes); });
}

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        for (const auto& [character, escape] : json_escapes) {
            if (cp != character) continue;
            out.append(escape);
            return;
        }
        // Controls, DEL, C1 and the JavaScript line separators are escaped so that the line
        // is safe to print, to embed in JS, and to read back with any JSON parser.
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || is_bidi_control(cp)) {
            append_escape(out, "\\u%04x", static_cast<unsigned>(cp));
        } else {
            out.append(bytes);
        }
    });
    out.push_back('"');
}

void append_csv_cell(std::string& out, std::string_view text, bool neutralise_formula) {
    std::string cell;
    append_text_field(cell, text);
    if (neutralise_formula && !cell.empty() &&
        (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' ||
         cell[0] == '\r')) {
        cell.insert(0, "'");
    }
    if (cell.find_first_of(",\"") == std::string::npos) return out.append(cell), void();
    out.push_back('"');
    for (const char c : cell) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string xml_safe(std::string_view text) {
    // What XML 1.0 cannot hold is shown the way text shows it (\x1B, \uFFFE), so a report
    // reader sees the same escape as a terminal user, not an anonymous U+FFFD.
    std::string out;
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        const bool is_layout = cp == '\t' || cp == '\n' || cp == '\r';
        if (!is_layout && (cp < 0x20 || cp == 0x7F))
            return append_escape(out, "\\x%02X", static_cast<unsigned>(cp));
        if (shown_escaped(cp) || cp == 0xFFFE || cp == 0xFFFF)
            return append_escape(out, "\\u%04X", static_cast<unsigned>(cp));
        out.append(bytes);
    });
    return out;
}

}  // namespace fetch
