#include "fetch/output/fields.hpp"

#include <algorithm>
#include <cstdio>

#include "fetch/base/escape.hpp"
#include "fetch/base/spelling.hpp"

namespace fetch {

namespace {

// curl writes times in seconds with six decimals, and 0 for a phase not reached.
std::string seconds(double ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", ms > 0 ? ms / 1000.0 : 0.0);
    return text;
}

std::string escaped(std::string_view text) {
    std::string out;
    append_text_field(out, text);
    return out;
}

std::string header_value(const Record& record, std::string_view name) {
    for (const auto& [key, value] : record.headers)
        if (key == name) return escaped(value);
    return {};
}

// fetch's error kinds as the exit codes curl gives the same failures.
int curl_exit_code(const Record& record) {
    return rule_of(record.error_kind).curl_exit;
}

std::string http_code(const Record& r) {
    char text[16];
    std::snprintf(text, sizeof text, "%03ld", r.ok() && r.status ? *r.status : 0L);
    return text;
}

using R = const Record&;

// The README's table of curl's variables is checked against this one.
constexpr CurlVariable curl_table[] = {
    {"http_code", "status", "000 without a response", http_code},
    {"response_code", "status", "000 without a response", http_code},
    {"url", "url", "", [](R r) { return escaped(r.url); }},
    {"url_effective", "final_url", "the URL when there is none",
     [](R r) { return escaped(r.final_url.empty() ? r.url : r.final_url); }},
    {"redirect_url", "location", "as sent", [](R r) { return header_value(r, "location"); }},
    {"num_redirects", "redirects", "", [](R r) { return std::to_string(r.redirects); }},
    {"time_namelookup", "time_dns", "seconds", [](R r) { return seconds(r.time_dns); }},
    {"time_connect", "time_connect", "seconds", [](R r) { return seconds(r.time_connect); }},
    {"time_appconnect", "time_tls", "seconds", [](R r) { return seconds(r.time_tls); }},
    {"time_starttransfer", "time_ttfb", "seconds", [](R r) { return seconds(r.time_ttfb); }},
    {"time_total", "elapsed_ms", "seconds", [](R r) { return seconds(static_cast<double>(r.elapsed_ms)); }},
    {"size_download", "bytes", "decoded", [](R r) { return std::to_string(r.body_bytes); }},
    {"content_type", "content_type", "", [](R r) { return escaped(r.content_type); }},
    {"remote_ip", "ip", "", [](R r) { return escaped(r.ip); }},
    {"remote_port", "port", "0 without a connection", [](R r) { return std::to_string(r.port); }},
    {"scheme", "scheme", "", [](R r) { return escaped(r.scheme); }},
    {"http_version", "http_version", "0 without a response",
     [](R r) { return r.http_version.empty() ? std::string("0") : escaped(r.http_version); }},
    {"ssl_verify_result", "error_kind", "1 when it is tls, else 0",
     [](R r) { return std::string(r.error_kind == ErrorKind::tls ? "1" : "0"); }},
    {"errormsg", "error", "", [](R r) { return escaped(r.ok() ? "" : r.error); }},
    {"exitcode", "error_kind", "curl's code for it: dns 6, connect 7, timeout 28...",
     [](R r) { return std::to_string(curl_exit_code(r)); }},
};

const CurlVariable* find_curl_variable(std::string_view name) {
    for (const CurlVariable& variable : curl_table)
        if (variable.name == name) return &variable;
    return nullptr;
}

// "size_upload is neither ... (did you mean size_download?)", or the list of curl's names.
std::string unsupported(std::string_view name) {
    std::vector<std::string_view> names;
    std::string listed;
    for (const CurlVariable& variable : curl_table) {
        names.push_back(variable.name);
        listed.append(listed.empty() ? "" : ", ").append(variable.name);
    }
    for (const Field& field : all_fields())
        names.push_back(field.name);
    const std::string nearest = closest(name, names);
    return "%{" + std::string(name) + "} is neither a curl variable fetch has nor a field (" +
           (nearest.empty() ? "curl's it has: " + listed : "did you mean " + nearest + "?") + ")";
}

// The character a backslash escape stands for; 0 when it is none.
char unescaped(char c) {
    switch (c) {
        case 'n':
            return '\n';
        case 't':
            return '\t';
        case 'r':
            return '\r';
        case '\\':
            return '\\';
        default:
            return 0;
    }
}

}  // namespace

Span<CurlVariable> curl_variables() {
    return curl_table;
}

Result<void> WriteOut::add_variable(std::string_view name, const std::vector<std::string>& extractions) {
    if (const CurlVariable* curl = find_curl_variable(name)) {
        pieces_.push_back({{}, curl, std::nullopt});
        const Result<ParsedFields> read = parse_fields(curl->field);
        if (read) add_fields(fields_, read->fields);
        return {};
    }
    const std::string text(name);
    if (std::find(extractions.begin(), extractions.end(), text) != extractions.end()) {
        SelectedField extracted{find_field("extract"), text, text};
        pieces_.push_back({{}, nullptr, extracted});
        fields_.push_back(extracted);
        return {};
    }
    // One field: not a list of them, nor "all" or "+name".
    const bool one =
        !name.empty() && name.find(',') == std::string_view::npos && name != "all" && name[0] != '+';
    const Result<ParsedFields> read = one ? parse_fields(name) : Result<ParsedFields>(fail(""));
    if (!read) return fail(unsupported(name));
    const SelectedField& field = read->fields.front();
    pieces_.push_back({{}, nullptr, field});
    add_fields(fields_, read->fields);
    return {};
}

Result<WriteOut> WriteOut::parse(std::string_view text, const std::vector<std::string>& extractions) {
    WriteOut out;
    std::string literal;
    const auto flush = [&] {
        if (!literal.empty()) out.pieces_.push_back({std::move(literal), nullptr, std::nullopt});
        literal.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::string_view rest = text.substr(i);
        const bool curl_header = rest.rfind("%header{", 0) == 0;
        if (rest.rfind("%{", 0) == 0 || curl_header) {
            const std::size_t open = i + (curl_header ? 8 : 2), close = text.find('}', open);
            if (close == std::string_view::npos)
                return fail("\"" + std::string(rest) + "\" has no closing }");
            flush();
            const std::string_view name = text.substr(open, close - open);
            const Result<void> added = out.add_variable(
                curl_header ? "header:" + std::string(name) : std::string(name), extractions);
            if (!added) return fail(added.error());
            i = close;
        } else if (rest.rfind("%%", 0) == 0) {
            literal.push_back('%');
            ++i;
        } else if (rest.size() > 1 && rest[0] == '\\' && unescaped(rest[1])) {
            literal.push_back(unescaped(rest[1]));
            ++i;
        } else {
            literal.push_back(rest[0]);
        }
    }
    flush();
    return out;
}

void WriteOut::write(const Record& record, std::string& out) const {
    for (const Piece& piece : pieces_) {
        if (piece.curl) {
            out.append(piece.curl->write(record));
        } else if (piece.field) {
            append_text_field(out, piece.field->value(record).to_string());
        } else {
            out.append(piece.literal);
        }
    }
}

}  // namespace fetch
