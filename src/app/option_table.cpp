// The option table. Each row's `apply` stores one value into its slice of Options, through
// the value parsers of values.hpp; their messages name the bad value and what would be valid,
// and the parser adds the option's name. Rows are listed in --help's order, group by group.
#include "fetch/app/option_table.hpp"

#include <sys/stat.h>

#include <cctype>
#include <fstream>
#include <sstream>

#include "fetch/app/values.hpp"
#include "fetch/base/ascii.hpp"
#include "fetch/base/regex.hpp"
#include "fetch/html/title.hpp"
#include "fetch/net/options.hpp"

namespace fetch {

namespace {

using G = OptionGroup;
using V = std::string_view;

Result<void> store_whole(std::size_t& field, V value, std::uint64_t min, std::uint64_t max) {
    const Result<std::uint64_t> parsed = parse_whole(value, min, max);
    if (!parsed) return fail(parsed.error());
    field = static_cast<std::size_t>(*parsed);
    return {};
}

template <typename Integer>
Result<void> store_number(Integer& field, V value, std::uint64_t min, std::uint64_t max) {
    std::size_t wide = 0;
    Result<void> stored = store_whole(wide, value, min, max);
    field = static_cast<Integer>(wide);
    return stored;
}

Result<void> store_duration(std::chrono::milliseconds& field, V value, bool allow_zero) {
    const auto parsed = parse_duration(value, allow_zero);
    if (!parsed) return fail(parsed.error());
    field = *parsed;
    return {};
}

Result<void> store_size(std::uint64_t& field, V value, std::uint64_t min, std::uint64_t max) {
    const Result<std::uint64_t> parsed = parse_size(value, min, max);
    if (!parsed) return fail(parsed.error());
    field = *parsed;
    return {};
}

// One of an enum's names from its table, in any case.
template <typename E>
Result<void> store_named(E& field, V value) {
    const std::optional<E> found = named_value<E>(ascii::lower(ascii::trim(value)));
    if (!found) return fail("\"" + std::string(value) + "\" is not one of " + named_list<E>(", "));
    field = *found;
    return {};
}

Result<void> store_text(std::string& field, V value) {
    field = std::string(value);
    return {};
}

Result<void> add_text(std::vector<std::string>& field, V value) {
    field.emplace_back(value);
    return {};
}

Result<void> store_existing_file(std::string& field, V value) {
    struct stat info {};
    if (::stat(std::string(value).c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
        return fail("\"" + std::string(value) + "\" is not a file that exists");
    }
    return store_text(field, value);
}

// -w TEMPLATE, or -w @FILE as curl reads one; checked once every option is known (finish()).
Result<void> store_template(std::string& field, V value) {
    if (value.empty() || value[0] != '@') return store_text(field, value);
    std::ifstream file{std::string(value.substr(1))};
    std::stringstream text;
    text << file.rdbuf();
    if (!file) return fail("cannot read \"" + std::string(value.substr(1)) + "\"");
    field = text.str();
    return {};
}

// "price=string(//span[@class='price'])": a name of its own, and a valid expression.
Result<void> add_extraction(std::vector<Extraction>& extractions, V value) {
    const auto equals = value.find('=');
    const std::string name(ascii::trim(value.substr(0, equals)));
    if (equals == V::npos || name.empty() || name.size() > 64 || !std::islower(static_cast<unsigned char>(name[0])) ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
        return fail("\"" + std::string(value) + "\" is not NAME=XPATH with a NAME of a-z, 0-9 and _");
    }
    if (find_field(name)) return fail("\"" + name + "\" is a built-in field; choose another name");
    for (const Extraction& extraction : extractions)
        if (extraction.name == name) return fail("\"" + name + "\" is given twice");
    const std::string expression(ascii::trim(value.substr(equals + 1)));
    if (const Result<void> valid = check_xpath(expression); !valid) return valid;
    extractions.push_back({name, expression});
    return {};
}

Result<void> store_regex(std::shared_ptr<const Regex>& field, V value) {
    Result<std::shared_ptr<const Regex>> compiled = Regex::compile(value);
    if (!compiled) return fail(compiled.error());
    field = std::move(compiled).value();
    return {};
}

template <typename Check>
Result<void> add_checked(std::vector<std::string>& field, V value, Check check) {
    if (const Result<void> checked = check(std::string(value)); !checked) return checked;
    return add_text(field, value);
}

template <typename E>
std::vector<std::string> names_of() {
    std::vector<std::string> names;
    for (const auto& entry : named_values<E>())
        names.emplace_back(entry.name);
    return names;
}

std::vector<std::string> field_words() {
    std::vector<std::string> words{"all"};
    for (const Field& field : all_fields())
        words.push_back(field.takes_argument ? std::string(field.name) + ":" : std::string(field.name));
    return words;
}

std::vector<std::string> expect_words() {
    return {"2xx,3xx", "2xx", "3xx", "200", "200-299", "any"};
}

constexpr std::uint64_t gib = std::uint64_t{1} << 30;

// A help line written at compile time from a table, so that it names every row.
struct HelpLine {
    char text[160]{};
    std::size_t size = 0;
    constexpr void add(std::string_view part) {
        for (const char c : part)
            text[size++] = c;
    }
    constexpr std::string_view view() const { return {text, size}; }
};

// "Record format: text, tsv, jsonl (or json), csv, junit or sqlite (-o FILE)", from FETCH_FORMATS.
constexpr HelpLine format_help() {
    HelpLine line;
    line.add("Record format: ");
    const auto& formats = named_values<Format>();
    for (std::size_t i = 0; i < formats.size(); ++i) {
        if (i > 0) line.add(i + 1 == formats.size() ? " or " : ", ");
        line.add(formats[i].name);
        const std::string_view alias = rule_of(formats[i].id).alias;
        if (!alias.empty()) line.add(" (or "), line.add(alias), line.add(")");
        const std::string_view note = rule_of(formats[i].id).note;
        if (!note.empty()) line.add(" ("), line.add(note), line.add(")");
    }
    return line;
}
constexpr HelpLine format_help_line = format_help();

// --format's value, another name of a format (json) taken as the format's own.
std::string_view format_name(V value) {
    const std::string folded = ascii::lower(ascii::trim(value));
    for (const auto& format : named_values<Format>()) {
        if (!rule_of(format.id).alias.empty() && folded == rule_of(format.id).alias) return format.name;
    }
    return value;
}

constexpr OptionSpec table[] = {
    // ---- input
    {"lists", "LIST...", "", G::input, true, "URL list files, one URL per line ('-' is stdin)",
     [](Options& o, V v) { return add_text(o.input.lists, v); }, "", nullptr,
     "A LIST that is not a file but an http:// or https:// URL is fetched as -u URL would be, as curl and "
     "wget take it (-v says so). One that is not a file and looks like a bare host (example.com, "
     "10.0.0.1:8080) is a usage error whose hint names -u. Words after -- are lists, whatever they look "
     "like."},
    {"-u,--url", "URL", "", G::input, true, "Add one URL (repeatable); fetched before the lists",
     [](Options& o, V v) { return add_text(o.input.urls, v); }},
    {"--sitemap", "URL|FILE", "", G::input, false,
     "Read a sitemap's URLs (urlset, or a sitemapindex to depth 2; plain or gzip; repeatable)",
     [](Options& o, V v) { return add_text(o.input.sitemaps, v); }, "", nullptr,
     "Each <loc> becomes an input record, after -u and before the lists, whose source is the sitemap and whose "
     "line is the entry's position in it. A sitemap is fetched (http, https) or read from a file, parsed as it "
     "streams (libxml2's reader; no DTD, no entities, no network), and bounded: 64 MiB decoded, a <loc> of 64 "
     "KiB. A sitemap that cannot be read, and each entry that cannot be used, is a bad_input record; the run "
     "goes on. An index naming itself, or a sitemap already read, is such an entry."},
    {"--shard", "K/N", "", G::input, false, "Fetch only the URLs whose input position modulo N is K",
     [](Options& o, V v) {
         const Result<Shard> shard = parse_shard(v);
         if (!shard) return Result<void>(fail(shard.error()));
         o.input.shard = *shard;
         return Result<void>();
     },
     "", nullptr,
     "N runs with --shard 0/N to --shard N-1/N (N pods of a Kubernetes indexed Job, say) fetch every URL once "
     "between them, without splitting the list; index, source and line still name the URL's place in the whole "
     "input."},
    {"--resume", "FILE", "", G::input, false,
     "State file: a run stopped and started again with it fetches each URL once and loses none",
     [](Options& o, V v) { return store_text(o.input.resume_file, v); },
     "", nullptr,
     "FILE records the job (every byte of the lists, the sitemaps' entries, shard, format, fields) and each "
     "batch of records written, with the output's size and a hash of the batch. Started again with the same "
     "FILE, fetch checks the output against it (a cut output has its lost records fetched again, a rewritten "
     "one is refused), skips every URL whose record was written, failed or not, fetches the rest, and appends "
     "to -o. A job in which some URL failed exits 1 at every resumption; to fetch the failures again, give "
     "them to a new job. Two runs cannot share FILE: the second exits 2. With --format sqlite the -o database "
     "is the journal, and FILE must name it: its rows are the URLs done, and its meta table the job."},
    {"--resume-force", "", "", G::input, false,
     "Resume a state file written for another job (other lists, format or fields)",
     [](Options& o, V) { return o.input.resume_force = true, Result<void>(); }},
    {"--input-format", "FORMAT", "lines", G::input, false,
     "How lists are read: lines; or jsonl, csv, tsv rows whose --input-field holds the URL",
     [](Options& o, V v) { return store_named(o.input.format, v); }, "", names_of<InputFormat>,
     "Another tool's output, fetch's own included, becomes a list: fetch --format jsonl a.txt | jq -c "
     "'select(.status == 200)' | fetch --input-format jsonl --input-field final_url. CSV is read as RFC 4180 "
     "defines it (libcsv: quoted cells may span lines), JSON by nlohmann::json (of duplicate keys the last "
     "wins, as in jq). CSV and TSV lists start with a header row naming the columns (not an input record), "
     "unless --input-field is a column number. A header without the column is a usage error naming the columns "
     "it has; a row without the field is a bad_input record naming its list and line; -u URLs are URLs "
     "whatever the format."},
    {"--input-field", "NAME", "url", G::input, false,
     "The key (jsonl) or column (csv, tsv) holding the URL; a number (from 1): the column of tables without a "
     "header row",
     [](Options& o, V v) { return store_text(o.input.field, v); }},
    {"--allow-empty", "", "", G::input, false, "Exit 0, not 2, when the lists hold no URL",
     [](Options& o, V) { return o.input.allow_empty = true, Result<void>(); }},
    {"--unique", "", "", G::input, false, "Fetch each URL once in the job: skip those seen at an earlier position",
     [](Options& o, V) { return o.input.unique = true, Result<void>(); }, "", nullptr,
     "Exact: each URL is remembered by a 128-bit SipHash under a key drawn for the run, so no list can make two "
     "URLs meet; about 34 bytes per distinct URL (48 while the table doubles). Across shards and resumed runs: "
     "every run reads the whole list and remembers every URL, so a URL is fetched once, by the shard that owns "
     "its first position."},
    // ---- output
    {"--format", "FORMAT", "text", G::output, true, format_help_line.view(),
     [](Options& o, V v) { return store_named(o.output.format, format_name(v)); },
     "", names_of<Format>,
     "Names are taken in any case. Numbers are not formats. Server text is escaped in every format: no control "
     "character reaches a terminal, and no title breaks a JSON, CSV, TSV or XML record."},
    {"--fields", "LIST", "", G::output, true,
     "Comma-separated fields for text, tsv, csv and jsonl; all; or +a,+b: the defaults and these",
     [](Options& o, V v) {
         Result<ParsedFields> parsed = parse_fields(v);
         if (!parsed) return Result<void>(fail(parsed.error()));
         (parsed->adding ? o.output.added_fields : o.output.fields) = std::move(parsed->fields);
         return Result<void>();
     },
     "", field_words,
     "A field named twice is refused; header:NAME may be given once per header. See FIELDS below."},
    {"--order", "ORDER", "completion", G::output, true,
     "Print records as fetches complete, or in input order",
     [](Options& o, V v) { return store_named(o.output.order, v); },
     "", names_of<Order>,
     "Input order holds back records that finish before an earlier one, and fetches on while they take less "
     "than --order-window: a slow URL delays the printing of the records after it, not their fetching."},
    {"--order-window", "SIZE", "32M", G::output, false,
     "Input order: memory records may take while they wait for an earlier one",
     [](Options& o, V v) { return store_size(o.output.order_window_bytes, v, 64 * 1024, 16 * gib); },
     "", {},
     "Once the records held back take this much, no URL is admitted until the earliest one is printed. "
     "Each record takes about 1 KiB, so the default holds some 30,000 of them."},
    {"-o,--output", "FILE", "", G::output, true, "Write records to FILE instead of stdout (- is stdout)",
     [](Options& o, V v) { return store_text(o.output.file, v == "-" ? V() : v); }, "", nullptr,
     "FILE's old content is replaced when the first record is written, not before: a run that ends before it "
     "(a usage error, an empty list, a refusal, a signal) leaves FILE as it was. With --resume, records are "
     "appended. FILE may not be a list, a sitemap file or the state file. With --format sqlite, FILE is a "
     "database (never a terminal or a pipe), its records table replaced by the first batch, and with --resume "
     "it is its own journal (--resume FILE names it too)."},
    {"--store", "DIR", "", G::output, false,
     "Keep each response's decoded body (up to --max-body) in DIR, named by its SHA-256 (field stored)",
     [](Options& o, V v) { return store_text(o.net.capture.store, v); }, "", nullptr,
     "A body is DIR/ab/ab12... (its SHA-256 in hex, in a folder named by the first two digits), its "
     "response's status line and headers DIR/ab/ab12....headers; identical bodies are kept once. Each is "
     "written to a temporary file of DIR and renamed once whole, so no name holds half a body. A DIR that "
     "cannot be made or written, or a disk that fills up, is exit 3 naming the path. Reads whole bodies."},
    {"-w,--write-out", "TEMPLATE", "", G::output, true,
     "Print this template per URL instead of a record: curl's %{http_code}, %{time_total}..., a field's "
     "%{title}",
     [](Options& o, V v) { return store_template(o.output.write_out, v); }, "", nullptr,
     "curl's variables are mapped onto fetch's fields where they mean the same, written as curl writes them "
     "(times in seconds, 000 for no response); an unsupported one is a usage error naming it. Any field is "
     "%{NAME}, a response header %header{NAME}, an --extract NAME %{NAME}. \\n, \\t, \\r and \\\\ are "
     "escapes, %% is %. @FILE reads the template from FILE. Not with --format or --fields."},
    {"--header-row", "", "", G::output, false, "Start tsv output with a row of field names (csv has one)",
     [](Options& o, V) { return o.output.header_row = true, Result<void>(); }},
    {"--color", "WHEN", "auto", G::output, false,
     "Colour the text status: auto (a terminal, unless NO_COLOR), always, never",
     [](Options& o, V v) { return store_named(o.output.color, v); }, "", names_of<Color>},
    {"--xpath", "EXPR", "", G::output, false,
     "Print this XPath 1.0 expression's string value instead of the title (parses whole pages)",
     [](Options& o, V v) {
         if (const Result<void> valid = check_xpath(std::string(v)); !valid) return valid;
         return store_text(o.net.extract.xpath, v);
     }},
    {"--extract", "NAME=XPATH", "", G::output, false,
     "Add the field NAME: this XPath 1.0 expression's string value (repeatable; parses whole pages)",
     [](Options& o, V v) { return add_extraction(o.net.extract.extractions, v); }, "", nullptr,
     "Every expression is evaluated once per page, on one libxml2 tree, with --xpath's. NAME is lower-case "
     "letters, digits and _, and may not be a built-in field's name; the field comes after the others "
     "unless --fields places it as extract:NAME. An empty node-set gives none (null in jsonl)."},
    // ---- success
    {"--expect", "SPEC", "2xx,3xx", G::success, true, "What counts as success: 200, 2xx,301, 200-204, any",
     [](Options& o, V v) {
         Result<Expectation> expect = Expectation::parse(v);
         if (!expect) return Result<void>(fail(expect.error()));
         o.verdict.expect = std::move(expect).value();
         return Result<void>();
     },
     "", expect_words,
     "A comma-separated list of statuses (100-599), classes (2xx), ranges (200-204) or any. A URL meets it "
     "with a final response whose status is in the list; a URL with no response never does. The exit status "
     "is 0 only when every URL meets it."},
    {"--expect-title", "REGEX", "", G::success, false,
     "A response must also have a title this PCRE2 pattern matches (a list line's own wins)",
     [](Options& o, V v) { return store_regex(o.verdict.expect_title, v); }, "", nullptr,
     "Searched, not anchored: ^Home$ for the whole title. A page without a title is matched as an empty "
     "one. Each match is bounded (PCRE2's match and depth limits): a pattern that would backtrack without "
     "end fails the expectation instead of hanging."},
    {"--expect-body", "REGEX", "", G::success, false,
     "A response's decoded body (up to --max-body) must match this PCRE2 pattern; reads whole bodies",
     [](Options& o, V v) { return store_regex(o.net.capture.body_pattern, v); }},
    {"--fail-fast", "", "", G::success, false, "Stop at the first URL that does not meet --expect",
     [](Options& o, V) { return o.verdict.fail_fast = true, Result<void>(); }},
    // ---- HTTP
    {"--no-follow", "", "", G::http, false, "Report redirects instead of following them",
     [](Options& o, V) { return o.net.request.follow_redirects = false, Result<void>(); }},
    {"-L,--location", "", "", G::http, false, "Follow redirects: the default, for curl's habit",
     [](Options& o, V) { return o.net.request.follow_redirects = true, Result<void>(); }},
    {"--max-redirs", "N", "10", G::http, false, "Redirects followed at most",
     [](Options& o, V v) { return store_number(o.net.request.max_redirects, v, 0, 100); }},
    {"-H,--header", "LINE", "", G::http, true, "Send this header with every request (repeatable)",
     [](Options& o, V v) { return add_checked(o.net.request.headers, v, check_header); }},
    {"-A,--user-agent", "UA", "", G::http, false, "User-Agent header (default: fetch/<version>)",
     [](Options& o, V v) { return store_text(o.net.request.user_agent, v); }},
    {"-x,--proxy", "URL", "", G::http, false,
     "Proxy URL (default: the http_proxy, https_proxy, no_proxy variables)",
     [](Options& o, V v) { return store_text(o.net.request.proxy, v); }},
    {"--no-fallback", "", "", G::http, false,
     "Lines without a scheme are https only: no http:// when https gets no answer",
     [](Options& o, V) { return o.input.fallback = false, Result<void>(); }},
    {"-I,--head", "", "", G::http, false, "Send HEAD requests: status only, no title",
     [](Options& o, V) { return o.net.request.head = true, Result<void>(); }},
    {"--http1.1", "", "", G::http, false, "Use HTTP/1.1 even where the server offers HTTP/2",
     [](Options& o, V) { return o.net.request.http1_1 = true, Result<void>(); }},
    {"-k,--insecure", "", "", G::http, false, "Do not verify TLS certificates",
     [](Options& o, V) { return o.net.request.insecure = true, Result<void>(); }},
    {"--cacert", "FILE", "", G::http, false, "Verify TLS certificates against the CAs in this PEM file",
     [](Options& o, V v) { return store_existing_file(o.net.request.cacert, v); }},
    // ---- names
    {"--resolve", "HOST:PORT:ADDR", "", G::names, false,
     "Use this address for HOST:PORT, as curl does (repeatable)",
     [](Options& o, V v) { return add_checked(o.net.request.resolve, v, check_resolve); }},
    {"--dns-servers", "LIST", "", G::names, false,
     "Resolve names with these servers: IP[:port],... (default: /etc/resolv.conf's)",
     [](Options& o, V v) {
         if (const Result<void> valid = check_dns_servers(std::string(v)); !valid) return valid;
         return store_text(o.net.resolve.dns_servers, v);
     }},
    {"--deny-ip", "LIST", "", G::names, false,
     "Never connect to these: CIDRs, addresses, private, loopback, link-local, multicast",
     [](Options& o, V v) { return o.net.resolve.rules.deny(v); },
     "", nullptr,
     "Rules are checked on every answer of every lookup, on the first request and at each redirect hop, and "
     "again as the socket opens, so a second lookup cannot rebind a name. The connection goes to the address "
     "that was checked. A refused URL gets error kind blocked, naming the address."},
    {"--allow-ip", "LIST", "", G::names, false,
     "Connect only to these (the most specific rule wins; 'all' is every address)",
     [](Options& o, V v) { return o.net.resolve.rules.allow(v); }},
    // ---- limits
    {"--timeout", "SECONDS", "10", G::limits, true, "Time allowed for each URL's whole transfer",
     [](Options& o, V v) { return store_duration(o.net.limits.timeout, v, false); }, "-m,--max-time"},
    {"--connect-timeout", "SECONDS", "5", G::limits, false, "Time allowed to connect",
     [](Options& o, V v) { return store_duration(o.net.limits.connect_timeout, v, false); }},
    {"--max-body", "SIZE", "8M", G::limits, false, "Decoded body bytes parsed for a title, at most",
     [](Options& o, V v) { return store_size(o.net.limits.max_body_bytes, v, 1024, 16 * gib); }},
    {"--max-title", "SIZE", "4k", G::limits, false, "Titles longer than this (UTF-8 bytes) are cut",
     [](Options& o, V v) {
         std::uint64_t bytes = 0;
         Result<void> stored = store_size(bytes, v, 16, 1 << 20);
         o.net.extract.max_title = static_cast<std::size_t>(bytes);
         return stored;
     }},
    {"--speed-limit", "BYTES", "100", G::limits, false, "Abort a transfer slower than this many bytes/s ...",
     [](Options& o, V v) { return store_number(o.net.limits.speed_limit, v, 0, INT32_MAX); }},
    {"--speed-time", "SECONDS", "15", G::limits, false, "... for this long",
     [](Options& o, V v) { return store_duration(o.net.limits.speed_time, v, false); }},
    {"--max-header-bytes", "SIZE", "256k", G::limits, false, "Response header bytes allowed, at most",
     [](Options& o, V v) { return store_size(o.net.limits.max_header_bytes, v, 1024, gib); }},
    // ---- scheduling
    {"-j,--jobs", "N", "16", G::schedule, true, "Transfers in flight, at most",
     [](Options& o, V v) { return store_whole(o.net.schedule.jobs, v, 1, 100'000); }, "--parallel-max"},
    {"--retries", "N", "0", G::schedule, false,
     "Retry connect failures, timeouts, 429, 502, 503, 504 this many times",
     [](Options& o, V v) { return store_number(o.net.schedule.retries, v, 0, 100); }, "--retry"},
    {"--retry-delay", "SECONDS", "0.5", G::schedule, false,
     "Wait before the first retry; doubles, with jitter",
     [](Options& o, V v) { return store_duration(o.net.schedule.retry_delay, v, true); }},
    {"--retry-max-wait", "SECONDS", "30", G::schedule, false,
     "Longest wait before a retry, Retry-After included",
     [](Options& o, V v) { return store_duration(o.net.schedule.retry_max_wait, v, true); }},
    {"--rate", "N[/s|/m|/h]", "0", G::schedule, false,
     "Requests per second (or minute, or hour) at most, all hosts together (0: no limit)",
     [](Options& o, V v) {
         const Result<double> rate = parse_rate(v);
         if (!rate) return Result<void>(fail(rate.error()));
         o.net.schedule.rate = *rate;
         return Result<void>();
     }},
    {"--per-host", "N", "0", G::schedule, false,
     "Transfers in flight per host (host:port) at most (0: no limit)",
     [](Options& o, V v) { return store_whole(o.net.schedule.per_host, v, 0, 100'000); }},
    {"--robots", "", "", G::schedule, false,
     "Obey robots.txt: URLs it disallows for fetch are not requested (error kind robots)",
     [](Options& o, V) { return o.net.schedule.robots = true, Result<void>(); }, "", nullptr,
     "Before the first request to an origin (scheme, host and port), its /robots.txt is fetched once, through the "
     "same network path as every request, and read as RFC 9309 says for the product token of the User-Agent "
     "(fetch) or *: the longest matching rule decides, Allow wins a tie; 4xx allows everything, 5xx disallows "
     "everything for the run, and no answer disallows everything with the request's own error. A Crawl-delay "
     "is reported in the crawl_delay field, not obeyed (--per-host and --rate do that). Records of robots are "
     "met under the default --expect, and failures when --expect or a list line's expectation is given."},
    {"--workers", "N", "", G::schedule, false, "Event-loop threads (default: one per core but one)",
     [](Options& o, V v) { return store_whole(o.net.schedule.workers, v, 1, 256); }},
    // ---- diagnostics
    {"--no-progress", "", "", G::console, false,
     "No live progress line (shown only when stderr is a terminal)",
     [](Options& o, V) { return o.console.progress = false, Result<void>(); }},
    {"--stats", "", "", G::console, false, "Print the summary even when stderr is not a terminal",
     [](Options& o, V) { return o.console.stats = true, Result<void>(); }},
    {"-v,--verbose", "", "", G::console, false,
     "Each request on stderr: address, request and status lines, timings; -vv: with headers",
     [](Options& o, V) { return ++o.console.verbosity, Result<void>(); }},
    {"-q,--quiet", "", "", G::console, true, "Only errors on stderr",
     [](Options& o, V) { return o.console.quiet = true, Result<void>(); }, "-s,--silent"},
    {"-S,--show-error", "", "", G::console, false,
     "Accepted for curl's -sS: errors are always shown, even with -q",
     [](Options&, V) { return Result<void>(); }},
    {"-V,--version", "", "", G::console, true, "Print the versions of fetch, libcurl and libxml2", nullptr},
    {"-h,--help", "", "", G::console, true, "Print this help; --help all: every option", nullptr},
};

}  // namespace

Span<OptionSpec> option_table() {
    return table;
}

std::string comma_spaced(std::string_view names) {
    std::string spaced(names);
    for (auto comma = spaced.find(','); comma != std::string::npos; comma = spaced.find(',', comma + 2))
        spaced.replace(comma, 1, ", ");
    return spaced;
}

std::string_view long_name(const OptionSpec& option) {
    const auto comma = option.names.find(',');
    return comma == std::string_view::npos ? option.names : option.names.substr(comma + 1);
}

Options default_options() {
    Options options;
    for (const OptionSpec& option : table) {
        if (!option.default_value.empty()) (void)option.apply(options, option.default_value);
    }
    return options;
}

}  // namespace fetch
