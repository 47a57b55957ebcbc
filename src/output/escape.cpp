// Escaping for every format. Server text is untrusted: it is made valid UTF-8 first, then
// escaped for where it goes, so that nothing a server sends reaches a terminal as a control
// sequence or breaks a line, a JSON string, a CSV cell or an XML document.
#include "fetch/output/escape.hpp"

#include <cstdio>

#include "fetch/base/utf8.hpp"

namespace fetch {

namespace {

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

}  // namespace

void append_text_field(std::string& out, std::string_view text) {
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            out.push_back(' ');
        } else if (cp < 0x20 || cp == 0x7F) {
            append_escape(out, "\\x%02X", static_cast<unsigned>(cp));
        } else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
            append_escape(out, "\\u%04X", static_cast<unsigned>(cp));
        } else {
            out.append(bytes);
        }
    });
}

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
            case '"':
                out.append("\\\"");
                return;
            case '\\':
                out.append("\\\\");
                return;
            case '\n':
                out.append("\\n");
                return;
            case '\r':
                out.append("\\r");
                return;
            case '\t':
                out.append("\\t");
                return;
            default:
                break;
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
    for_each_code_point(text, [&](char32_t, std::string_view bytes) { cell.append(bytes); });
    if (neutralise_formula && !cell.empty() &&
        (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' ||
         cell[0] == '\r')) {
        cell.insert(0, "'");
    }
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return out.append(cell), void();
    out.push_back('"');
    for (const char c : cell) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string xml_safe(std::string_view text) {
    std::string out;
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        const bool allowed =
            cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
        out.append(allowed ? bytes : utf8::replacement);
    });
    return out;
}

}  // namespace fetch
