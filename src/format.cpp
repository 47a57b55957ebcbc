#include "fetch/format.hpp"

#include <cstdio>

#include "fetch/utf8.hpp"

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

void append_number(std::string& out, long long value) {
    out += std::to_string(value);
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

void format_text(const Record& record, std::string& out, bool show_xpath) {
    if (record.ok()) {
        append_number(out, record.status.value_or(0));
        out.push_back('\t');
        append_text_field(out, record.url);
        out.push_back('\t');
        append_text_field(out, (show_xpath ? record.xpath_value : record.title).value_or(""));
    } else {
        out.append("ERR\t");
        append_text_field(out, record.url);
        out.push_back('\t');
        append_text_field(out, error_kind_name(record.error_kind));
        out.append(": ");
        append_text_field(out, record.error);
    }
    out.push_back('\n');
}

void format_jsonl(const Record& record, std::string& out, bool with_xpath) {
    const auto optional_string = [&](bool present, std::string_view value) {
        if (present) {
            append_json_string(out, value);
        } else {
            out.append("null");
        }
    };
    out.append("{\"index\":");
    append_number(out, static_cast<long long>(record.index));
    out.append(",\"source\":");
    append_json_string(out, record.origin.source);
    out.append(",\"line\":");
    append_number(out, static_cast<long long>(record.origin.line));
    out.append(",\"url\":");
    append_json_string(out, record.url);
    out.append(",\"status\":");
    if (record.status) {
        append_number(out, *record.status);
    } else {
        out.append("null");
    }
    out.append(",\"title\":");
    optional_string(record.title.has_value(), record.title.value_or(""));
    if (with_xpath) {
        out.append(",\"xpath\":");
        optional_string(record.xpath_value.has_value(), record.xpath_value.value_or(""));
    }
    out.append(",\"final_url\":");
    optional_string(!record.final_url.empty(), record.final_url);
    out.append(",\"elapsed_ms\":");
    append_number(out, record.elapsed_ms);
    out.append(",\"bytes\":");
    append_number(out, static_cast<long long>(record.body_bytes));
    out.append(",\"attempts\":");
    append_number(out, record.attempts);
    out.append(",\"error_kind\":");
    optional_string(!record.ok(), error_kind_name(record.error_kind));
    out.append(",\"error\":");
    optional_string(!record.ok(), record.error);
    out.append("}\n");
}

void format_record(const Record& record, const Options& options, std::string& out) {
    const bool xpath = !options.xpath.empty();
    switch (options.format) {
        case Format::text:
            return format_text(record, out, xpath);
        case Format::jsonl:
            return format_jsonl(record, out, xpath);
    }
}

}  // namespace fetch
