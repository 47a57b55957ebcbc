#include "fetch/app/cli.hpp"

#include <curl/curl.h>
#include <libxml/xmlversion.h>
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <map>

#include "fetch/app/engine.hpp"
#include "fetch/output/fields.hpp"
#include "fetch/net/request.hpp"
#include "fetch/html/title.hpp"

namespace fetch {

namespace {

constexpr const char* exit_status_help = R"(
Input:
  One URL per line; blank lines and lines starting with # are skipped. A URL without a scheme
  gets https://. Only http and https are fetched. With no list and no --url, stdin is read
  when it is not a terminal.

Output:
  text   STATUS<TAB>URL<TAB>TITLE per URL, or ERR<TAB>URL<TAB>KIND: MESSAGE
  tsv    the fields, tab-separated, empty for none (--header-row adds a row of names)
  csv    RFC 4180, with a header row; formula-like cells are prefixed with '
  jsonl  one JSON object per URL, the fields as keys, null for none
  junit  a JUnit XML report: one test case per URL, failing unless it meets --expect
  Fields (--fields): index source line url status title xpath final_url content_type
  content_length bytes elapsed_ms ip http_version redirects attempts error_kind error

Exit status:
  0    every URL met --expect (by default: a final response with status 200-399)
  1    some URL did not: it failed, was unusable, or ended with another status
  2    usage error, or a list or output file could not be opened or read
  3    records could not be written (e.g. disk full)
  130  interrupted (SIGINT); 143: terminated (SIGTERM)
  141  the reader of the output went away (e.g. fetch ... | head -1)
)";

CommandLine& usage_error(CommandLine& result, const std::string& message) {
    std::cerr << "fetch: " << message << "\nRun 'fetch --help' for usage.\n";
    result.exit_now = exit_status::usage;
    return result;
}

std::chrono::milliseconds to_ms(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000.0 + 0.5));
}

}  // namespace

std::string version_text() {
    return std::string("fetch ") + FETCH_VERSION + "\n" + curl_version() + "\nlibxml2 " +
           LIBXML_DOTTED_VERSION + "\n";
}

CommandLine parse_command_line(int argc, const char* const* argv, bool stdin_is_terminal) {
    CommandLine result;
    Options& o = result.options;
    double timeout_s = static_cast<double>(o.timeout.count()) / 1000.0;
    double connect_timeout_s = static_cast<double>(o.connect_timeout.count()) / 1000.0;
    bool no_follow = false;
    bool show_version = false;

    CLI::App app{"fetch: fetch URLs concurrently and print each one's HTTP status and page title."};
    app.name("fetch");
    app.footer(exit_status_help);
    app.add_option("lists", o.list_files, "URL list files, one URL per line ('-' = stdin)");
    app.add_option("-u,--url", o.urls, "Add one URL (repeatable)")->allow_extra_args(false);
    app.add_option("-j,--jobs", o.jobs, "Transfers in flight at most")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}))
        ->capture_default_str();
    const std::map<std::string, Order> orders{{"completion", Order::completion}, {"input", Order::input}};
    app.add_option("--order", o.order, "Print records as fetches complete, or in input order")
        ->transform(CLI::CheckedTransformer(orders, CLI::ignore_case))
        ->default_str("completion");
    const std::map<std::string, Format> formats{{"text", Format::text},
                                                {"tsv", Format::tsv},
                                                {"jsonl", Format::jsonl},
                                                {"csv", Format::csv},
                                                {"junit", Format::junit}};
    app.add_option("--format", o.format, "Record format: text, tsv, jsonl, csv or junit")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
        ->default_str("text");
    app.add_option("--fields", o.fields, "Comma-separated fields for text, tsv, csv and jsonl (see below)");
    app.add_flag("--header-row", o.header, "Start tsv output with a row of field names");
    const std::map<std::string, Color> colours{
        {"auto", Color::automatic}, {"always", Color::always}, {"never", Color::never}};
    app.add_option("--color", o.color,
                   "Colour text output by status: auto (a terminal, unless NO_COLOR), always, never")
        ->transform(CLI::CheckedTransformer(colours, CLI::ignore_case))
        ->default_str("auto");
    std::string expect_spec;
    app.add_option("--expect", expect_spec, "What counts as success: 200, 2xx,301, 200-204, any")
        ->default_str("2xx,3xx");
    app.add_flag("--fail-fast", o.fail_fast, "Stop at the first URL that does not meet --expect");
    app.add_option("-o,--output", o.output_file, "Write records to FILE instead of stdout");
    app.add_flag("--no-follow", no_follow, "Do not follow redirects");
    app.add_option("--max-redirs", o.max_redirects, "Redirects followed at most")
        ->check(CLI::Range(0L, 100L))
        ->capture_default_str();
    app.add_option("--timeout", timeout_s, "Seconds allowed for each URL's whole transfer")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--connect-timeout", connect_timeout_s, "Seconds allowed to connect")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--max-body", o.max_body_bytes,
                   "Decoded body bytes parsed for a title at most (suffixes k, M)")
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 34))
        ->default_str("8M");
    app.add_option("--xpath", o.xpath,
                   "Print this XPath 1.0 expression's string value instead of the title "
                   "(parses whole pages, up to --max-body)");
    double speed_time_s = static_cast<double>(o.speed_time.count());
    double retry_delay_s = static_cast<double>(o.retry_delay.count()) / 1000.0;
    double retry_max_wait_s = static_cast<double>(o.retry_max_wait.count()) / 1000.0;
    app.add_option("-H,--header", o.headers, "Send this header with every request (repeatable)")
        ->allow_extra_args(false);
    app.add_option("-A,--user-agent", o.user_agent, "User-Agent header")->default_str("fetch/<version>");
    app.add_option("-x,--proxy", o.proxy,
                   "Proxy URL (default: the http_proxy/https_proxy/no_proxy variables)");
    app.add_option("--resolve", o.resolve, "host:port:address, as curl's --resolve (repeatable)")
        ->allow_extra_args(false);
    app.add_flag("-I,--head", o.head, "Send HEAD requests: status only, no title");
    app.add_flag("--http1.1", o.http1_1, "Use HTTP/1.1 even where the server offers HTTP/2");
    app.add_flag("-k,--insecure", o.insecure, "Do not verify TLS certificates");
    app.add_option("--cacert", o.cacert, "Verify TLS certificates against the CAs in this PEM file")
        ->check(CLI::ExistingFile);
    app.add_option("--speed-limit", o.speed_limit, "Abort a transfer slower than this many bytes/s ...")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--speed-time", speed_time_s, "... for this many seconds")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    app.add_option("--max-header-bytes", o.max_header_bytes, "Response header bytes allowed, at most (k, M)")
        ->transform(CLI::AsSizeValue(false))
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30))
        ->default_str("256k");
    app.add_option("--retries", o.retries,
                   "Retry connect failures, timeouts, 429, 502, 503, 504 this many times")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    app.add_option("--retry-delay", retry_delay_s, "Seconds before the first retry; doubles, with jitter")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--retry-max-wait", retry_max_wait_s, "Longest wait before a retry, Retry-After included")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--rate", o.rate, "Requests per second at most, all hosts together (0 = no limit)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--per-host", o.per_host,
                   "Transfers in flight per host (host:port) at most (0 = no limit)")
        ->capture_default_str();
    app.add_option("--workers", o.workers, "Event-loop threads (default: one per core but one, at least 1)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{256}));
    std::string shard;
    app.add_option("--shard", shard,
                   "K/N: fetch only the URLs whose input position modulo N is K (0 <= K < N)");
    app.add_option(
        "--resume", o.resume_file,
        "State file: a run stopped and started again with it fetches each URL once and loses none");
    app.add_flag("--unique", o.unique, "Skip URLs already seen in this run");
    app.add_flag("!--no-progress", o.progress,
                 "No live progress line (shown only when stderr is a terminal)");
    app.add_flag("--stats", o.stats, "Print the summary even when stderr is not a terminal");
    app.add_flag("-v,--verbose", o.verbosity, "More diagnostics on stderr (repeatable)");
    app.add_flag("-q,--quiet", o.quiet, "Only errors on stderr");
    app.add_flag("-V,--version", show_version, "Print versions of fetch, libcurl and libxml2");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        result.exit_now = exit_status::success;
        return result;
    } catch (const CLI::ParseError& error) {
        std::cerr << "fetch: " << error.what() << "\nRun 'fetch --help' for usage.\n";
        result.exit_now = exit_status::usage;
        return result;
    }
    if (show_version) {
        std::cout << version_text();
        result.exit_now = exit_status::success;
        return result;
    }

    if (!o.xpath.empty()) {
        if (const std::string problem = check_xpath(o.xpath); !problem.empty()) {
            std::cerr << "fetch: " << problem << "\n";
            result.exit_now = exit_status::usage;
            return result;
        }
    }
    if (!shard.empty()) {
        unsigned long long k = 0, n = 0;
        char extra = 0;
        if (std::sscanf(shard.c_str(), "%llu/%llu%c", &k, &n, &extra) != 2 || n == 0 || k >= n) {
            return usage_error(result, "--shard \"" + shard + "\" is not K/N with 0 <= K < N");
        }
        o.shard_index = k;
        o.shard_count = n;
    }
    if (!expect_spec.empty()) {
        std::string problem;
        const auto expectation = Expectation::parse(expect_spec, problem);
        if (!expectation) return usage_error(result, problem);
        o.expect = *expectation;
    }
    if (!o.fields.empty()) {
        std::string problem;
        parse_fields(o.fields, problem);
        if (!problem.empty()) return usage_error(result, problem);
    }
    for (const std::string& header : o.headers) {
        if (std::string problem = check_header(header); !problem.empty()) return usage_error(result, problem);
    }
    for (const std::string& entry : o.resolve) {
        if (std::string problem = check_resolve(entry); !problem.empty()) return usage_error(result, problem);
    }
    o.speed_time = std::chrono::seconds(static_cast<long long>(speed_time_s + 0.5));
    o.retry_delay = to_ms(retry_delay_s);
    o.retry_max_wait = to_ms(retry_max_wait_s);
    o.follow_redirects = !no_follow;
    o.timeout = to_ms(timeout_s);
    o.connect_timeout = to_ms(connect_timeout_s);
    // "-" among the lists is read in place by ListReader; stdin is implied only when no
    // URL source was named at all.
    o.read_stdin = o.list_files.empty() && o.urls.empty() && !stdin_is_terminal;
    if (o.list_files.empty() && o.urls.empty() && !o.read_stdin) {
        std::cerr << "fetch: no URLs: name a list file, '-' for stdin, or use --url\n"
                     "Run 'fetch --help' for usage.\n";
        result.exit_now = exit_status::usage;
    }
    return result;
}

}  // namespace fetch
