// One input URL and what became of it. Every input line that is not blank or a comment yields
// exactly one Record, whether it was fetched, failed, or could not be used at all.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/base/expectation.hpp"
#include "fetch/base/named.hpp"

namespace fetch {

// Where a URL came from: the list file ("-" for stdin, "--url" for -u) and its line there.
struct Origin {
    std::string source;
    std::uint64_t line = 0;
};

// One response on the way to the final one: a redirect followed.
struct Hop {
    std::string url;  // password redacted
    long status = 0;
};

struct Record;

// A document fetch's own ends: a document fetch asked for by fetch itself (a sitemap) goes
// through the same network path as a page (resolution, address rules, every request option,
// redirects, retries, limits), but its body goes to `write` (false: it cannot be kept, stop),
// up to `max_bytes` decoded, and its record to `done`, once, on a worker's thread. Nothing of
// it reaches the output.
struct DocumentRequest {
    std::uint64_t max_bytes = 0;
    std::function<bool(std::string_view bytes)> write;
    std::function<void(const Record& record)> done;
    long max_redirects = -1;  // -1: --max-redirs, as for a page; else followed even under --no-follow
};

// The parts of a URL the network stage decides on: where to resolve and connect, and whether
// a redirect leaves the origin. Parsed once per request (url_parts, src/net/url_parts.hpp).
struct UrlParts {
    std::string scheme;  // lower-case; empty when the URL does not parse
    std::string host;    // lower-case ASCII; an IPv6 literal without its brackets
    long port = 0;       // the scheme's default when the URL names none

    bool same_origin(const UrlParts& other) const {
        return scheme == other.scheme && host == other.host && port == other.port;
    }
};

// A URL admitted for fetching. `index` is its 0-based position among all input records; it
// drives input-order output.
struct Job {
    std::uint64_t index = 0;
    Origin origin;
    std::string url;          // of the next request: the line's URL, then each redirect's target
    std::string display_url;  // the line's URL as fetched, any password redacted: what records show
    std::string host;         // for routing: one host's transfers share one worker's connection cache
    UrlParts target;          // `url`, parsed as its request begins; every later step reads it
    bool fallback = false;    // a line without a scheme: http:// is tried if https:// gets no answer
    int attempt = 1;          // 1 for the first try; --retries adds more
    int replays = 0;          // requests sent again because the server closed without answering
    std::chrono::steady_clock::time_point first_started{};  // set when its first request begins
    // What happened so far, for the record.
    std::vector<Hop> hops;          // redirects followed
    bool foreign = false;           // a redirect left the line's origin: no -H Authorization or Cookie
    std::string https_error;        // why https:// got no answer, once fallen back to http://
    double lookup_ms = -1;          // name resolution of the current request; -1: none was made
    std::shared_ptr<const UrlExpectation> expectation;  // the list line's own; null: the options'
    std::shared_ptr<DocumentRequest> document;          // set for a document, not a page
    double crawl_delay = -1;  // --robots: the Crawl-delay its origin's robots.txt gives fetch; -1: none
};

// Why a record has no HTTP response. The names are stable: scripts match on them. Each row's
// further columns are its rule (ErrorKindRule): whether another attempt may succeed (--retry
// tries again), whether, for a line without a scheme, the failure means https:// got no answer
// so http:// is fetched instead, and the exit code curl gives the same failure (-w's
// %{exitcode}). A new kind is its row here, the code that produces it, and its README row.
enum class Retry : bool { no, yes };
enum class Fallback : bool { no, yes };
struct ErrorKindRule {
    Retry retry;
    Fallback fallback;
    int curl_exit;
};
#define FETCH_ERROR_KINDS(X)                                                                         \
    X(none, "none", "no error", Retry::no, Fallback::no, 0)                                          \
    X(bad_input, "bad_input", "the list line is not a usable URL", Retry::no, Fallback::no,          \
      3 /* CURLE_URL_MALFORMAT */)                                                                   \
    X(dns, "dns", "the host name could not be resolved", Retry::no, Fallback::no,                    \
      6 /* CURLE_COULDNT_RESOLVE_HOST */)                                                            \
    X(connect, "connect", "the connection was refused or the host is unreachable", Retry::yes,       \
      Fallback::yes, 7 /* CURLE_COULDNT_CONNECT */)                                                  \
    X(timeout, "timeout", "connecting or the whole transfer took too long", Retry::yes,              \
      Fallback::yes, 28 /* CURLE_OPERATION_TIMEDOUT */)                                              \
    X(tls, "tls", "the TLS handshake or certificate verification failed", Retry::no, Fallback::yes,  \
      35 /* CURLE_SSL_CONNECT_ERROR */)                                                              \
    X(redirects, "redirects", "too many redirects, or one to a target that is not an http(s) URL",   \
      Retry::no, Fallback::no, 47 /* CURLE_TOO_MANY_REDIRECTS */)                                    \
    X(protocol, "protocol", "the server spoke broken HTTP", Retry::no, Fallback::no,                 \
      8 /* CURLE_WEIRD_SERVER_REPLY */)                                                              \
    X(network, "network", "sending or receiving failed mid-transfer", Retry::yes, Fallback::yes,     \
      56 /* CURLE_RECV_ERROR */)                                                                     \
    X(blocked, "blocked", "the host's addresses are refused by --deny-ip or --allow-ip", Retry::no,  \
      Fallback::no, 7 /* CURLE_COULDNT_CONNECT */)                                                   \
    X(budget, "budget", "extracting from the page went past its budget of memory or operations",     \
      Retry::no, Fallback::no, 23 /* CURLE_WRITE_ERROR: the body was not taken whole */)             \
    X(robots, "robots", "--robots: the site's robots.txt disallows the URL for fetch, which did not request it", \
      Retry::no, Fallback::no, 9 /* CURLE_REMOTE_ACCESS_DENIED: the site said no, so nothing was asked */) \
    X(other, "other", "anything else libcurl reports", Retry::no, Fallback::no, 1)
FETCH_NAMED_ENUM_WITH_RULES(ErrorKind, FETCH_ERROR_KINDS, ErrorKindRule);

// What a site audit reads in a page's head, each a field of the same name. Read only when one
// of them is asked for: parsing then goes on to the end of <head>, past the title. Each row
// says where its fact comes from (HeadFactRule): the element, the attribute and value that
// pick it out (<meta name=description>: "name", "description"; <link rel=canonical>: a token of
// "rel"), the attribute holding the value, and whether the value is a URL, resolved against the
// final URL (a refresh's is the part after "url=").
enum class HeadSource { html, meta, link };
enum class HeadUrl { none, href, refresh };
struct HeadFactRule {
    HeadSource element;
    std::string_view key_attribute;  // "" for <html>: every one has the fact
    std::string_view key;            // lower-case; a token of a link's rel
    std::string_view value_attribute;
    HeadUrl url;
};
#define FETCH_HEAD_FACTS(X)                                                                                \
    X(description, "description", "the head's <meta name=description> content", HeadSource::meta, "name", \
      "description", "content", HeadUrl::none)                                                             \
    X(canonical, "canonical", "<link rel=canonical>'s href, resolved against the final URL",               \
      HeadSource::link, "rel", "canonical", "href", HeadUrl::href)                                         \
    X(lang, "lang", "the <html lang> attribute", HeadSource::html, "", "", "lang", HeadUrl::none)          \
    X(og_title, "og_title", "the head's <meta property=og:title> content", HeadSource::meta, "property",   \
      "og:title", "content", HeadUrl::none)                                                                \
    X(generator, "generator", "the head's <meta name=generator> content", HeadSource::meta, "name",        \
      "generator", "content", HeadUrl::none)                                                               \
    X(robots, "robots", "the head's <meta name=robots> content", HeadSource::meta, "name", "robots",       \
      "content", HeadUrl::none)                                                                            \
    X(meta_refresh, "meta_refresh", "the <meta http-equiv=refresh> target, resolved against the final URL", \
      HeadSource::meta, "http-equiv", "refresh", "content", HeadUrl::refresh)
FETCH_NAMED_ENUM_WITH_RULES(HeadFact, FETCH_HEAD_FACTS, HeadFactRule);
// One value per HeadFact, absent where the page said nothing.
struct HeadFacts {
    std::array<std::optional<std::string>, named_count<HeadFact>()> values;

    std::optional<std::string>& operator[](HeadFact fact) { return values[static_cast<std::size_t>(fact)]; }
    const std::optional<std::string>& operator[](HeadFact fact) const {
        return values[static_cast<std::size_t>(fact)];
    }
    auto begin() const { return values.begin(); }
    auto end() const { return values.end(); }
    bool operator==(const HeadFacts& other) const { return values == other.values; }
    bool operator!=(const HeadFacts& other) const { return values != other.values; }
};

inline std::string_view error_kind_name(ErrorKind kind) {
    return name_of(kind);
}

// --expect-body, checked as the body is read.
enum class BodyCheck { not_asked, matched, missed, gave_up };

struct Record {
    std::uint64_t index = 0;
    Origin origin;
    std::string url;                         // normalised URL, or the raw line for bad input
    std::string fallback_reason;             // why https:// got no answer, when http:// was then fetched
    std::optional<long> status;              // final HTTP status; absent on transport failure
    std::optional<std::string> title;        // absent when the body is not HTML or has no title
    bool title_cut = false;                  // the title was longer than --max-title
    std::string charset;                     // the encoding the page was read in (WHATWG name)
    std::string charset_source;              // bom, header, meta, detected or default
    std::optional<std::string> xpath_value;  // --xpath result; absent for an empty node-set
    HeadFacts head;  // absent where the page says nothing, or none was asked for
    // --extract NAME=XPATH results, in the order given (each absent for an empty node-set).
    std::vector<std::pair<std::string, std::optional<std::string>>> extracted;
    std::string final_url;                   // after redirects
    std::int64_t elapsed_ms = 0;
    std::uint64_t body_bytes = 0;      // decoded body bytes received
    int attempts = 0;                  // requests made for this URL (0: never fetched)
    std::string content_type;          // of the final response, as sent
    std::int64_t content_length = -1;  // announced by the final response; -1 when unknown
    std::string ip;                    // address of the server that answered
    std::string http_version;          // "1.1", "2", ...; empty without a response
    long redirects = 0;                // redirects followed
    std::vector<Hop> redirect_chain;   // every response: the redirects, then the final one
    std::string scheme;                // of the request that answered last (http, https)
    long port = 0;                     // its port
    // Response headers of the final response that the fields ask for: lower-case name, value.
    std::vector<std::pair<std::string, std::string>> headers;
    // Milliseconds from the start of the final request, as curl's -w reports them; -1: the
    // phase was not reached (or, for tls, is not part of plain http).
    double time_dns = -1, time_connect = -1, time_tls = -1, time_ttfb = -1;
    std::string tls_version;  // "TLSv1.3"; empty for plain http
    std::string cert_expiry;  // the server certificate's notAfter, ISO 8601 UTC
    std::string cert_subject;
    std::string cert_issuer;
    std::string body_sha256;  // of the decoded body, up to --max-body (field body_sha256)
    // Of the decoded body, up to --max-body, as LC_ALL=C wc -w and wc -l count them; -1: not
    // counted (not asked for, or no whole response).
    std::int64_t words = -1;
    std::int64_t lines = -1;
    // The page's icon (its first <link rel~=icon>, else /favicon.ico) and Shodan's hash of its
    // bytes: both empty when not asked for, or when there is no icon.
    std::string favicon_url;
    std::optional<std::int32_t> favicon_mmh3;
    // --store: where the body was kept, relative to the directory ("ab/ab12..."); or, when it
    // could not be, the path that failed and why: the run then stops with exit 3, as when a write
    // of the output fails.
    std::string stored;
    std::string store_failed_path;
    std::string store_failure;
    BodyCheck body_check = BodyCheck::not_asked;  // --expect-body
    double crawl_delay = -1;  // --robots: seconds robots.txt asks between requests (reported, not obeyed); -1: none
    ErrorKind error_kind = ErrorKind::none;
    std::string error;  // human-readable; empty when error_kind == none
    // Judged by the output stage (Verdict): the expectations that applied, whether they were
    // met, and when a response missed them, which part and how ("status", "HTTP 404, expected 200").
    std::shared_ptr<const UrlExpectation> expectation;
    bool met = true;
    std::optional<std::pair<std::string, std::string>> expect_failed;
    // Skipped on purpose (--shard, --resume, --unique): holds its place in input order and
    // is neither printed nor counted.
    bool omitted = false;
    // Not fetched: the run stopped (a signal, --fail-fast) while it waited or was in flight.
    // Neither printed nor journaled, so a resumed run fetches it; JUnit lists it as skipped.
    bool interrupted = false;
    // --robots kept it from being requested (robots.txt disallows it, or could not be had): it
    // was admitted all the same, and made no request.
    bool refused_by_robots = false;

    bool ok() const { return error_kind == ErrorKind::none; }
};

// The record of `job`'s URL, before anything is known of how its fetch went.
inline Record record_of(const Job& job) {
    Record record;
    record.index = job.index;
    record.origin = job.origin;
    record.url = job.display_url;
    record.fallback_reason = job.https_error;
    record.crawl_delay = job.crawl_delay;
    return record;
}

// Requests made for `job`'s URL: its attempts, the ones sent again, and the https one an http
// fallback followed.
inline int requests_made(const Job& job) {
    return job.attempt + job.replays + (job.https_error.empty() ? 0 : 1);
}

// What the output stage says of a record once its bytes are out: the resume journal keeps
// `index` and `met`, the admission gate gets its slot back when `held_slot`.
struct WrittenRecord {
    std::uint64_t index = 0;
    bool met = true;         // it met --expect
    bool held_slot = false;  // it was fetched, so it held an admission slot until now
};

}  // namespace fetch
