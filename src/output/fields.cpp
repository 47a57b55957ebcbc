#include "fetch/output/fields.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "fetch/base/ascii.hpp"
#include "fetch/base/escape.hpp"
#include "fetch/base/spelling.hpp"
#include "fetch/output/options.hpp"
#include "field_habits.hpp"

namespace fetch {

namespace {

FieldValue text_or_null(const std::string& text) {
    return text.empty() ? FieldValue::none() : FieldValue::of(text);
}

FieldValue optional_text(const std::optional<std::string>& text) {
    return text ? FieldValue::of(*text) : FieldValue::none();
}

FieldValue count(std::int64_t n) {
    return n >= 0 ? FieldValue::of(n) : FieldValue::none();
}

FieldValue milliseconds(double ms) {
    return ms >= 0 ? FieldValue::of_real(ms) : FieldValue::none();
}

FieldValue header_value(const Record& r, std::string_view name) {
    for (const auto& [key, value] : r.headers) {
        if (key == name) return FieldValue::of(value);
    }
    return FieldValue::none();
}

// "301 http://a/ -> 200 http://b/" as text; [{"url":...,"status":301},...] in JSON.
FieldValue hops(const Record& r) {
    if (r.redirect_chain.empty()) return FieldValue::none();
    std::string text, json = "[";
    for (const Hop& hop : r.redirect_chain) {
        if (json.size() > 1) {
            text.append(" -> ");
            json.push_back(',');
        }
        text.append(std::to_string(hop.status)).append(" ").append(hop.url);
        json.append("{\"url\":");
        append_json_string(json, hop.url);
        json.append(",\"status\":").append(std::to_string(hop.status)).append("}");
    }
    return FieldValue::structured(std::move(text), json + "]");
}

using T = FieldValue::Type;

// The table. Order here is the order of --help's list and the README's, not of any output.
constexpr Field field_table[] = {
    {"index", T::number, "0-based position of the URL among all input records",
     [](const Record& r, std::string_view) { return FieldValue::of(static_cast<long long>(r.index)); }},
    {"source", T::text, "the list it came from (- for stdin, --url for -u)",
     [](const Record& r, std::string_view) { return FieldValue::of(r.origin.source); }},
    {"line", T::number, "its 1-based line in that list",
     [](const Record& r, std::string_view) { return FieldValue::of(static_cast<long long>(r.origin.line)); }},
    {"url", T::text, "the URL as fetched (normalised, password redacted), or the raw line for bad input",
     [](const Record& r, std::string_view) { return FieldValue::of(r.url); }},
    {"status", T::number, "final HTTP status; none without a response",
     [](const Record& r, std::string_view) { return r.status ? FieldValue::of(*r.status) : FieldValue::none(); },
     TextRole::status},
    {"title", T::text, "the page title; none when the page has none",
     [](const Record& r, std::string_view) { return optional_text(r.title); }, TextRole::message},
    {"title_cut", T::boolean, "whether the title was longer than --max-title and is cut",
     [](const Record& r, std::string_view) { return r.title ? FieldValue::flag(r.title_cut) : FieldValue::none(); }},
    {"xpath", T::text, "the --xpath value; none for an empty node-set",
     [](const Record& r, std::string_view) { return optional_text(r.xpath_value); }, TextRole::message},
    {"extract", T::text, "extract:NAME is --extract NAME=XPATH's value (also added as NAME after the fields)",
     [](const Record& r, std::string_view name) {
         for (const auto& [key, value] : r.extracted)
             if (key == name) return optional_text(value);
         return FieldValue::none();
     },
     TextRole::message, FieldNeed::nothing, {}, true},
#define FETCH_HEAD_FIELD(id, name, description, ...)                                                   \
    {name, T::text, description,                                                                                \
     [](const Record& r, std::string_view) { return optional_text(r.head[HeadFact::id]); }, \
     TextRole::message, FieldNeed::head},
    FETCH_HEAD_FACTS(FETCH_HEAD_FIELD)
#undef FETCH_HEAD_FIELD
    {"charset", T::text, "the encoding the page was read in (utf-8, shift_jis, windows-1251...)",
     [](const Record& r, std::string_view) { return text_or_null(r.charset); }},
    {"charset_source", T::text, "how it was decided: bom, header, meta, detected or default",
     [](const Record& r, std::string_view) { return text_or_null(r.charset_source); }},
    {"final_url", T::text, "the URL after redirects", [](const Record& r, std::string_view) { return text_or_null(r.final_url); }},
    {"content_type", T::text, "Content-Type of the final response, as sent",
     [](const Record& r, std::string_view) { return text_or_null(r.content_type); }},
    {"content_length", T::number, "Content-Length of the final response, as sent",
     [](const Record& r, std::string_view) {
         return r.content_length >= 0 ? FieldValue::of(r.content_length) : FieldValue::none();
     }},
    {"bytes", T::number, "decoded body bytes received",
     [](const Record& r, std::string_view) { return FieldValue::of(static_cast<long long>(r.body_bytes)); }},
    {"elapsed_ms", T::number,
     "wall time of the URL: from its first request's name lookup to the end of its last, connections, TLS, "
     "redirects, the http fallback, retries and their waits included; the wait for a slot before it is not",
     [](const Record& r, std::string_view) { return FieldValue::of(r.elapsed_ms); }},
    {"ip", T::text, "address of the server that answered", [](const Record& r, std::string_view) { return text_or_null(r.ip); }},
    {"http_version", T::text, "HTTP version of the final response (1.1, 2)",
     [](const Record& r, std::string_view) { return text_or_null(r.http_version); }},
    {"redirects", T::number, "redirects followed", [](const Record& r, std::string_view) { return FieldValue::of(r.redirects); }},
    {"redirect_chain", T::structured, "every response's status and URL, the redirects then the final one",
     [](const Record& r, std::string_view) { return hops(r); }},
    {"location", T::text, "the Location header of the final response (with --no-follow, the redirect's)",
     [](const Record& r, std::string_view) { return header_value(r, "location"); }, TextRole::plain,
     FieldNeed::header, "location"},
    {"server", T::text, "the Server header of the final response",
     [](const Record& r, std::string_view) { return header_value(r, "server"); }, TextRole::plain,
     FieldNeed::header, "server"},
    {"header", T::text, "header:NAME is any header of the final response; repeated ones joined by \", \"",
     [](const Record& r, std::string_view name) { return header_value(r, name); }, TextRole::plain,
     FieldNeed::header, "", true},
    {"scheme", T::text, "the scheme that answered: https, or http (a scheme-less line's fallback)",
     [](const Record& r, std::string_view) { return text_or_null(r.scheme); }},
    {"port", T::number, "the port of the final request",
     [](const Record& r, std::string_view) { return r.port > 0 ? FieldValue::of(r.port) : FieldValue::none(); }},
    {"fallback_reason", T::text,
     "why https got no answer when a line without a scheme was then fetched over http (its url is http://)",
     [](const Record& r, std::string_view) { return text_or_null(r.fallback_reason); }},
    {"time_dns", T::real, "ms until the final request's host name was resolved (curl's time_namelookup)",
     [](const Record& r, std::string_view) { return milliseconds(r.time_dns); }},
    {"time_connect", T::real, "ms until it was connected (curl's time_connect)",
     [](const Record& r, std::string_view) { return milliseconds(r.time_connect); }},
    {"time_tls", T::real, "ms until the TLS handshake was done (curl's time_appconnect)",
     [](const Record& r, std::string_view) { return milliseconds(r.time_tls); }},
    {"time_ttfb", T::real, "ms until the first response byte (curl's time_starttransfer)",
     [](const Record& r, std::string_view) { return milliseconds(r.time_ttfb); }},
    {"tls_version", T::text, "the TLS version of the final response's connection (TLSv1.3)",
     [](const Record& r, std::string_view) { return text_or_null(r.tls_version); }, TextRole::plain,
     FieldNeed::tls_version},
    {"cert_expiry", T::text, "the server certificate's expiry (notAfter), ISO 8601 UTC",
     [](const Record& r, std::string_view) { return text_or_null(r.cert_expiry); }, TextRole::plain,
     FieldNeed::certificate},
    {"cert_subject", T::text, "the server certificate's subject (RFC 2253)",
     [](const Record& r, std::string_view) { return text_or_null(r.cert_subject); }, TextRole::plain,
     FieldNeed::certificate},
    {"cert_issuer", T::text, "the server certificate's issuer (RFC 2253)",
     [](const Record& r, std::string_view) { return text_or_null(r.cert_issuer); }, TextRole::plain,
     FieldNeed::certificate},
    {"body_sha256", T::text, "SHA-256 of the decoded body, up to --max-body, in hex (reads whole bodies)",
     [](const Record& r, std::string_view) { return text_or_null(r.body_sha256); }, TextRole::plain,
     FieldNeed::body_sha256},
    {"crawl_delay", T::real, "with --robots, the Crawl-delay (seconds) the URL's robots.txt gives fetch; reported, not obeyed",
     [](const Record& r, std::string_view) {
         return r.crawl_delay >= 0 ? FieldValue::of_real(r.crawl_delay) : FieldValue::none();
     }},
    {"words", T::number,
     "words of the decoded body, up to --max-body, as LC_ALL=C wc -w counts them (reads whole bodies)",
     [](const Record& r, std::string_view) { return count(r.words); }, TextRole::plain, FieldNeed::counts},
    {"lines", T::number, "newlines in the decoded body, up to --max-body, as wc -l counts them (reads whole bodies)",
     [](const Record& r, std::string_view) { return count(r.lines); }, TextRole::plain, FieldNeed::counts},
    {"favicon_url", T::text, "the page's icon: its first <link rel~=icon> (http, https), else /favicon.ico; none without one",
     [](const Record& r, std::string_view) { return text_or_null(r.favicon_url); }, TextRole::plain,
     FieldNeed::favicon},
    {"favicon_mmh3", T::number, "Shodan's hash of the icon: MurmurHash3 of its base64 (httpx -favicon); none without one",
     [](const Record& r, std::string_view) {
         return r.favicon_mmh3 ? FieldValue::of(static_cast<long long>(*r.favicon_mmh3)) : FieldValue::none();
     },
     TextRole::plain, FieldNeed::favicon},
    {"stored", T::text, "the body's file under --store DIR: ab/<sha256> (its headers beside it: ab/<sha256>.headers)",
     [](const Record& r, std::string_view) { return text_or_null(r.stored); }},
    {"expect_failed", T::text, "none, or the part of a response that missed its expectation, and how",
     [](const Record& r, std::string_view) {
         return r.expect_failed ? FieldValue::of(r.expect_failed->first + ": " + r.expect_failed->second)
                                : FieldValue::none();
     }},
    {"attempts", T::number, "requests made for the URL (more than 1 with --retries; 0 for bad input)",
     [](const Record& r, std::string_view) { return FieldValue::of(r.attempts); }},
    {"error_kind", T::text, "none, or why there is no response (an error kind)",
     [](const Record& r, std::string_view) {
         return r.ok() ? FieldValue::none() : FieldValue::of(std::string(error_kind_name(r.error_kind)));
     }},
    {"error", T::text, "none, or what went wrong",
     [](const Record& r, std::string_view) { return r.ok() ? FieldValue::none() : FieldValue::of(r.error); }},
};

FieldSelection named(std::initializer_list<std::string_view> names) {
    FieldSelection result;
    for (std::string_view name : names)
        result.push_back({find_field(name), {}, std::string(name)});
    return result;
}

// Another tool's name gets fetch's spelling; a typo, the nearest name; anything else, where
// the list is (forty-odd names in a message would bury the one that was wrong).
std::string unknown_field(const std::string& name) {
    if (const ForeignField* foreign = find_foreign_field(name)) {
        const bool curl = foreign->tool == "curl -w";
        return "\"" + name + "\" is " + std::string(foreign->tool) + "'s name; fetch spells it " +
               std::string(foreign->fields) + (curl ? " (or -w '%{" + name + "}' for curl's value)" : "");
    }
    std::vector<std::string_view> names;
    for (const Field& field : field_table)
        names.push_back(field.name);
    for (const ForeignField& foreign : foreign_fields())
        if (foreign.alias) names.push_back(foreign.name);
    const std::string nearest = closest(name, names);
    return "unknown field \"" + name + "\"" +
           (nearest.empty() ? " (fetch --help all lists the fields)" : " (did you mean " + nearest + "?)");
}

// "status", "status_code" (httpx's name for it, keyed as given) or "header:x-cache".
Result<SelectedField> select_field(const std::string& name) {
    const auto colon = name.find(':');
    const Field* field = find_field(name.substr(0, colon));
    const ForeignField* foreign = field ? nullptr : find_foreign_field(name);
    if (foreign && foreign->alias) return SelectedField{find_field(foreign->fields), {}, name};
    if (!field || field->takes_argument != (colon != std::string::npos)) {
        if (field && field->takes_argument) return fail("field \"" + name + "\" needs a name: " + name + ":NAME");
        return fail(unknown_field(name));
    }
    if (colon == std::string::npos) return SelectedField{field, {}, name};
    const std::string argument = name.substr(colon + 1);
    const bool token = !argument.empty() && std::all_of(argument.begin(), argument.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    });
    if (!token) return fail("field \"" + name + "\": \"" + argument + "\" is not a header name");
    return SelectedField{field, argument, name};
}

// Whether `fields` has `wanted` already, under its own name or another tool's.
bool has_same_field(const FieldSelection& fields, const SelectedField& wanted) {
    return std::any_of(fields.begin(), fields.end(), [&](const SelectedField& f) {
        return f.key == wanted.key || (f.field == wanted.field && f.argument == wanted.argument);
    });
}

}  // namespace

std::string FieldValue::to_string() const {
    switch (type) {
        case Type::null:
            return {};
        case Type::number:
            return std::to_string(number);
        case Type::real: {
            char buffer[32];
            std::snprintf(buffer, sizeof buffer, "%.3f", real);
            return buffer;
        }
        case Type::text:
        case Type::structured:
            return text;
        case Type::boolean:
            return number ? "true" : "false";
    }
    return {};
}

Span<Field> all_fields() {
    return field_table;
}

const Field* find_field(std::string_view name) {
    for (const Field& field : field_table) {
        if (field.name == name) return &field;
    }
    return nullptr;
}

bool has_field(const FieldSelection& fields, std::string_view key) {
    return std::any_of(fields.begin(), fields.end(), [&](const SelectedField& f) { return f.key == key; });
}

Result<ParsedFields> parse_fields(std::string_view list) {
    ParsedFields result;
    const bool adding = ascii::trim(list).rfind('+', 0) == 0;
    result.adding = adding;
    while (!list.empty()) {
        const auto comma = list.find(',');
        std::string name = ascii::lower(ascii::trim(list.substr(0, comma)));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        if (adding != (name.rfind('+', 0) == 0)) {
            return fail("\"" + name + "\": either every field is added to the defaults (+a,+b) or none is");
        }
        if (adding) name.erase(0, 1);
        if (name == "all") {
            for (const Field& field : field_table) {
                if (!field.takes_argument && !has_field(result.fields, field.name))
                    result.fields.push_back(SelectedField{&field, {}, std::string(field.name)});
            }
            continue;
        }
        Result<SelectedField> field = select_field(name);
        if (!field) return fail(field.error());
        if (has_same_field(result.fields, *field)) return fail("field \"" + name + "\" is listed twice");
        result.fields.push_back(std::move(*field));
    }
    if (result.fields.empty()) return fail("needs at least one field");
    return result;
}

void add_fields(FieldSelection& fields, const FieldSelection& added) {
    for (const SelectedField& field : added) {
        if (!has_field(fields, field.key)) fields.push_back(field);
    }
}

FieldSelection default_fields(Format format, bool xpath) {
    const std::string_view title = xpath ? "xpath" : "title";
    switch (rule_of(format).fields) {
        case DefaultFields::brief:
            return named({"status", "url", title});
        case DefaultFields::keyed:
            // expect_failed always: a list line can bring an expectation no option announced.
            return xpath ? named({"index", "source", "line", "url", "status", "title", "xpath", "final_url",
                                  "elapsed_ms", "bytes", "attempts", "expect_failed", "error_kind", "error"})
                         : named({"index", "source", "line", "url", "status", "title", "final_url",
                                  "elapsed_ms", "bytes", "attempts", "expect_failed", "error_kind", "error"});
        case DefaultFields::row: {
            // The row's idx is the index; the rest as jsonl, for queries.
            FieldSelection fields = default_fields(Format::jsonl, xpath);
            fields.erase(fields.begin());
            return fields;
        }
        case DefaultFields::full:
            break;
    }
    return named({"status", "url", title, "final_url", "elapsed_ms", "bytes", "attempts", "expect_failed",
                  "error_kind", "error"});
}

}  // namespace fetch
