// Everything the command line decides, in one value passed by reference (no globals).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "fetch/output/expect.hpp"

namespace fetch {

enum class Order { completion, input };
enum class Format { text, tsv, jsonl, csv, junit };
enum class Color { automatic, always, never };

struct Options {
    std::vector<std::string> list_files;  // "-" means stdin
    std::vector<std::string> urls;        // from -u/--url
    bool read_stdin = false;              // resolved by the CLI: explicit "-" or piped stdin

    std::size_t jobs = 16;    // transfers in flight, at most
    std::size_t workers = 0;  // event-loop threads; 0 = one per core, capped by jobs
    Order order = Order::completion;
    Format format = Format::text;
    std::string fields;   // --fields, validated; empty = the format's default
    bool header = false;  // --header: a first row naming the columns (tsv; csv always has one)
    Color color = Color::automatic;
    std::string output_file;  // empty = stdout
    Expectation expect;       // --expect: what counts as success
    bool fail_fast = false;   // --fail-fast: stop at the first URL that does not meet it

    bool follow_redirects = true;
    long max_redirects = 10;
    std::chrono::milliseconds timeout{10'000};
    std::chrono::milliseconds connect_timeout{5'000};
    std::size_t max_body_bytes = 8u << 20;  // decoded body bytes parsed for a title, at most
    std::string xpath;                      // --xpath: evaluated on each page instead of the title

    // HTTP (issue #4).
    std::vector<std::string> headers;           // -H "Name: value", sent with every request
    std::string user_agent;                     // -A; empty = "fetch/<version>"
    std::string proxy;                          // -x; empty = libcurl's http_proxy/https_proxy/no_proxy
    std::vector<std::string> resolve;           // --resolve host:port:addr[,addr]
    bool head = false;                          // -I: status only, no body
    bool http1_1 = false;                       // --http1.1: no HTTP/2 even where ALPN offers it
    bool insecure = false;                      // -k: no certificate verification
    std::string cacert;                         // --cacert FILE: trust these CAs instead of the system's
    long speed_limit = 100;                     // abort below this many bytes/s ...
    std::chrono::seconds speed_time{15};        // ... sustained this long
    std::size_t max_header_bytes = 256u << 10;  // per response, all header lines together

    int retries = 0;                                   // extra attempts after a retryable failure
    std::chrono::milliseconds retry_delay{500};        // first backoff; doubles each attempt
    std::chrono::milliseconds retry_max_wait{30'000};  // cap on any wait, Retry-After included
    double rate = 0;                                   // requests per second, all hosts; 0 = no limit
    std::size_t per_host = 0;                          // transfers in flight per host; 0 = no limit

    std::uint64_t shard_index = 0;  // --shard K/N: only positions with index % N == K
    std::uint64_t shard_count = 1;
    std::string resume_file;  // --resume FILE
    bool unique = false;      // --unique: skip URLs seen before in this run
    bool progress = true;     // --no-progress turns the live line off (it shows only on a terminal)
    bool stats = false;       // --stats: the summary even when stderr is not a terminal
    int verbosity = 0;        // -v count
    bool quiet = false;
};

}  // namespace fetch
