#include "fetch/output/fields.hpp"

#include "fetch/base/ascii.hpp"
#include "fetch/output/options.hpp"

namespace fetch {

namespace {

FieldValue text_or_null(const std::string& text) {
    return text.empty() ? FieldValue::none() : FieldValue::of(text);
}

FieldValue optional_text(const std::optional<std::string>& text) {
    return text ? FieldValue::of(*text) : FieldValue::none();
}

// The table. Order here is the order of --help's list and the README's, not of any output.
constexpr Field fields[] = {
    {"index", "0-based position of the URL among all input records",
     [](const Record& r) { return FieldValue::of(static_cast<long long>(r.index)); }},
    {"source", "the list it came from (- for stdin, --url for -u)",
     [](const Record& r) { return FieldValue::of(r.origin.source); }},
    {"line", "its 1-based line in that list",
     [](const Record& r) { return FieldValue::of(static_cast<long long>(r.origin.line)); }},
    {"url", "the URL as fetched (normalised, password redacted), or the raw line for bad input",
     [](const Record& r) { return FieldValue::of(r.url); }},
    {"status", "final HTTP status; none without a response",
     [](const Record& r) { return r.status ? FieldValue::of(*r.status) : FieldValue::none(); },
     TextRole::status},
    {"title", "the page title; none when the page has none",
     [](const Record& r) { return optional_text(r.title); }, TextRole::message},
    {"title_cut", "whether the title was longer than --max-title and is cut",
     [](const Record& r) { return r.title ? FieldValue::flag(r.title_cut) : FieldValue::none(); }},
    {"xpath", "the --xpath value; none for an empty node-set",
     [](const Record& r) { return optional_text(r.xpath_value); }, TextRole::message},
    {"charset", "the encoding the page was read in (utf-8, shift_jis, windows-1251...)",
     [](const Record& r) { return text_or_null(r.charset); }},
    {"charset_source", "how it was decided: bom, header, meta, detected or default",
     [](const Record& r) { return text_or_null(r.charset_source); }},
    {"final_url", "the URL after redirects", [](const Record& r) { return text_or_null(r.final_url); }},
    {"content_type", "Content-Type of the final response, as sent",
     [](const Record& r) { return text_or_null(r.content_type); }},
    {"content_length", "Content-Length of the final response, as sent",
     [](const Record& r) {
         return r.content_length >= 0 ? FieldValue::of(r.content_length) : FieldValue::none();
     }},
    {"bytes", "decoded body bytes received",
     [](const Record& r) { return FieldValue::of(static_cast<long long>(r.body_bytes)); }},
    {"elapsed_ms", "wall time of the URL, redirects and retries included",
     [](const Record& r) { return FieldValue::of(r.elapsed_ms); }},
    {"ip", "address of the server that answered", [](const Record& r) { return text_or_null(r.ip); }},
    {"http_version", "HTTP version of the final response (1.1, 2)",
     [](const Record& r) { return text_or_null(r.http_version); }},
    {"redirects", "redirects followed", [](const Record& r) { return FieldValue::of(r.redirects); }},
    {"attempts", "requests made for the URL (more than 1 with --retries; 0 for bad input)",
     [](const Record& r) { return FieldValue::of(r.attempts); }},
    {"error_kind", "none, or why there is no response (an error kind)",
     [](const Record& r) {
         return r.ok() ? FieldValue::none() : FieldValue::of(std::string(error_kind_name(r.error_kind)));
     }},
    {"error", "none, or what went wrong",
     [](const Record& r) { return r.ok() ? FieldValue::none() : FieldValue::of(r.error); }},
};

const Field* find_field(std::string_view name) {
    for (const Field& field : fields) {
        if (field.name == name) return &field;
    }
    return nullptr;
}

FieldSelection named(std::initializer_list<std::string_view> names) {
    FieldSelection result;
    for (std::string_view name : names)
        result.push_back(find_field(name));
    return result;
}

std::string known_fields() {
    std::string known;
    for (const Field& field : fields)
        known.append(known.empty() ? "" : ",").append(field.name);
    return known;
}

}  // namespace

std::string FieldValue::to_string() const {
    switch (type) {
        case Type::null:
            return {};
        case Type::number:
            return std::to_string(number);
        case Type::text:
            return text;
        case Type::boolean:
            return number ? "true" : "false";
    }
    return {};
}

Span<Field> all_fields() {
    return fields;
}

Result<FieldSelection> parse_fields(std::string_view list) {
    FieldSelection result;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string name = ascii::lower(ascii::trim(list.substr(0, comma)));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        const Field* field = find_field(name);
        if (!field) return fail("unknown field \"" + name + "\" (known: " + known_fields() + ")");
        result.push_back(field);
    }
    if (result.empty()) return fail("needs at least one field");
    return result;
}

FieldSelection default_fields(Format format, bool xpath) {
    const std::string_view title = xpath ? "xpath" : "title";
    switch (format) {
        case Format::text:
            return named({"status", "url", title});
        case Format::jsonl:
            return xpath ? named({"index", "source", "line", "url", "status", "title", "xpath", "final_url",
                                  "elapsed_ms", "bytes", "attempts", "error_kind", "error"})
                         : named({"index", "source", "line", "url", "status", "title", "final_url",
                                  "elapsed_ms", "bytes", "attempts", "error_kind", "error"});
        default:
            return named({"status", "url", title, "final_url", "elapsed_ms", "bytes", "attempts",
                          "error_kind", "error"});
    }
}

}  // namespace fetch
