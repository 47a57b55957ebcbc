#include "fetch/output/fields.hpp"

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

FieldValue text_or_null(const std::string& text) {
    return text.empty() ? FieldValue::none() : FieldValue::of(text);
}

FieldValue optional_text(const std::optional<std::string>& text) {
    return text ? FieldValue::of(*text) : FieldValue::none();
}

// The table. Order here is the order of --help's list, not of any output.
const std::vector<Field> fields = {
    {"index", "0-based position of the URL among all input records",
     [](const Record& r) { return FieldValue::of(static_cast<long long>(r.index)); }},
    {"source", "the list the URL came from (- for stdin, --url for -u)",
     [](const Record& r) { return FieldValue::of(r.origin.source); }},
    {"line", "1-based line number in its source",
     [](const Record& r) { return FieldValue::of(static_cast<long long>(r.origin.line)); }},
    {"url", "the URL as fetched (passwords redacted), or the raw bad line",
     [](const Record& r) { return FieldValue::of(r.url); }},
    {"status", "final HTTP status",
     [](const Record& r) { return r.status ? FieldValue::of(*r.status) : FieldValue::none(); }},
    {"title", "the page title", [](const Record& r) { return optional_text(r.title); }},
    {"xpath", "the --xpath value", [](const Record& r) { return optional_text(r.xpath_value); }},
    {"final_url", "the URL after redirects", [](const Record& r) { return text_or_null(r.final_url); }},
    {"content_type", "Content-Type of the final response",
     [](const Record& r) { return text_or_null(r.content_type); }},
    {"content_length", "Content-Length of the final response",
     [](const Record& r) {
         return r.content_length >= 0 ? FieldValue::of(r.content_length) : FieldValue::none();
     }},
    {"bytes", "decoded body bytes received",
     [](const Record& r) { return FieldValue::of(static_cast<long long>(r.body_bytes)); }},
    {"elapsed_ms", "wall time, redirects and retries included",
     [](const Record& r) { return FieldValue::of(r.elapsed_ms); }},
    {"ip", "address of the server that answered", [](const Record& r) { return text_or_null(r.ip); }},
    {"http_version", "HTTP version of the final response (1.1, 2)",
     [](const Record& r) { return text_or_null(r.http_version); }},
    {"redirects", "redirects followed", [](const Record& r) { return FieldValue::of(r.redirects); }},
    {"attempts", "requests made (more than 1 with --retries)",
     [](const Record& r) { return FieldValue::of(r.attempts); }},
    {"error_kind", "bad_input dns connect timeout tls redirects protocol network other",
     [](const Record& r) {
         return r.ok() ? FieldValue::none() : FieldValue::of(std::string(error_kind_name(r.error_kind)));
     }},
    {"error", "what went wrong",
     [](const Record& r) { return r.ok() ? FieldValue::none() : FieldValue::of(r.error); }},
};

const Field* find_field(std::string_view name) {
    for (const Field& field : fields) {
        if (field.name == name) return &field;
    }
    return nullptr;
}

std::vector<const Field*> named(std::initializer_list<std::string_view> names) {
    std::vector<const Field*> result;
    for (std::string_view name : names)
        result.push_back(find_field(name));
    return result;
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
    }
    return {};
}

const std::vector<Field>& all_fields() {
    return fields;
}

std::vector<const Field*> parse_fields(std::string_view list, std::string& error) {
    std::vector<const Field*> result;
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string name = ascii::lower(ascii::trim(list.substr(0, comma)));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        const Field* field = find_field(name);
        if (!field) {
            std::string known;
            for (const Field& f : fields)
                known += (known.empty() ? "" : ",") + std::string(f.name);
            error = "--fields: unknown field \"" + name + "\" (known: " + known + ")";
            return {};
        }
        result.push_back(field);
    }
    if (result.empty()) error = "--fields needs at least one field";
    return result;
}

std::vector<const Field*> default_fields(const Options& options) {
    const bool xpath = !options.xpath.empty();
    switch (options.format) {
        case Format::text:
            return named({"status", "url", xpath ? "xpath" : "title"});
        case Format::jsonl:
            return xpath ? named({"index", "source", "line", "url", "status", "title", "xpath", "final_url",
                                  "elapsed_ms", "bytes", "attempts", "error_kind", "error"})
                         : named({"index", "source", "line", "url", "status", "title", "final_url",
                                  "elapsed_ms", "bytes", "attempts", "error_kind", "error"});
        default:
            return named({"status", "url", xpath ? "xpath" : "title", "final_url", "elapsed_ms", "bytes",
                          "attempts", "error_kind", "error"});
    }
}

}  // namespace fetch
