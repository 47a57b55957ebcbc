// What the command line decides for the network stage, in slices: how each request is made,
// how names are resolved and which addresses may be reached, what each response is asked for,
// how far a transfer may go, and how transfers are scheduled. Each class takes only the
// slice it needs. The defaults are written once, in the option table
// (src/app/option_table.cpp), which applies them before parsing: a slice built by hand starts
// from app's default_options(), not from these value-initialised members.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fetch/base/regex.hpp"
#include "fetch/base/result.hpp"
#include "fetch/net/address_rules.hpp"

namespace fetch {

struct RequestOptions {
    bool follow_redirects = true;  // a flag's default: --no-follow not given
    long max_redirects{};
    std::vector<std::string> headers;  // -H "Name: value", sent with every request
    std::string user_agent;            // empty: "fetch/<version>"
    std::string proxy;                 // empty: libcurl's http_proxy/https_proxy/no_proxy
    std::vector<std::string> resolve;  // --resolve host:port:addr[,addr]
    bool head{};                       // -I: status only, no body
    bool http1_1{};                    // no HTTP/2 even where ALPN offers it
    bool insecure{};                   // -k: no certificate verification
    std::string cacert;                // trust these CAs instead of the system's
    int verbosity{};                   // -v: each request described on stderr; -vv: with headers
};

struct ResolveOptions {
    std::string dns_servers;  // --dns-servers "IP[:port],..."; empty: /etc/resolv.conf's
    AddressRules rules;       // --deny-ip, --allow-ip
};

// What a response is read for beyond status and title, collected only when a field asks.
struct CaptureOptions {
    std::vector<std::string> headers;  // lower-case names of response headers to keep
    bool tls_version = false;
    bool certificate = false;  // expiry, subject, issuer
    bool body_sha256 = false;
    bool head = false;  // the head fields: parsing goes on to the end of <head>
    std::shared_ptr<const Regex> body_pattern;  // --expect-body
    bool counts = false;   // words and lines
    bool favicon = false;  // favicon_url, favicon_mmh3: the page's icon is fetched once the page is
    std::string store;     // --store DIR: each response's body is kept there; empty: none is
    // These read the body to its end (up to --max-body) instead of stopping at the title.
    bool whole_body() const { return body_sha256 || body_pattern || counts || !store.empty(); }
};

struct TransferLimits {
    std::chrono::milliseconds timeout{};          // the whole transfer
    std::chrono::milliseconds connect_timeout{};  // connection set-up
    std::uint64_t max_body_bytes{};               // decoded body bytes parsed, at most
    long speed_limit{};                           // abort below this many bytes/s ...
    std::chrono::milliseconds speed_time{};       // ... sustained this long
    std::uint64_t max_header_bytes{};             // per response, all header lines
};

struct ScheduleOptions {
    std::size_t jobs{};                          // transfers in flight, at most
    std::size_t workers{};                       // event loops; 0: one per core but one
    int retries{};                               // extra attempts after a retryable failure
    std::chrono::milliseconds retry_delay{};     // first backoff; doubles each attempt
    std::chrono::milliseconds retry_max_wait{};  // cap on any wait, Retry-After included
    double rate{};                               // request starts per second; 0: no limit
    std::size_t per_host{};                      // transfers in flight per host; 0: none
    bool robots{};                               // --robots: each origin's robots.txt first
};

// A -H value: "Name: value", or "Name;" for an empty value.
Result<void> check_header(const std::string& header);
// A --resolve value as curl 7.88 documents it: [+]HOST:PORT:ADDRESS[,ADDRESS]..., HOST "*"
// for every host, IPv6 addresses in brackets ("+" asks curl to let the entry expire, which an
// entry of fetch's resolver never needs). curl's "-HOST:PORT", which removes an entry from a
// cache fetch does not keep between runs, is refused.
struct ResolveEntry {
    std::string host;  // lower-case; "*" for every host
    long port = 0;
    std::vector<IpAddress> addresses;
};
Result<ResolveEntry> parse_resolve(std::string_view entry);
Result<void> check_resolve(const std::string& entry);

}  // namespace fetch
