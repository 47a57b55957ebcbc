// What the command line decides for the network stage, in slices: how each request is made,
// how names are resolved and which addresses may be reached, what each response is asked for,
// how far a transfer may go, and how transfers are scheduled. Each class takes only the
// slice it needs. The defaults are written once, in the option table
// (src/app/option_table.cpp), which applies them before parsing: a slice built by hand starts
// from app's default_options(), not from these value-initialised members.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/regex.hpp"
#include "fetch/base/result.hpp"
#include "fetch/base/span.hpp"
#include "fetch/html/options.hpp"

struct sockaddr;

namespace fetch {

// --deny-ip and --allow-ip: which addresses a run may connect to. Checked on the addresses a
// name resolved to, before the connection, on the first request and on every redirect hop;
// the connection then goes to an address that was checked (the resolver pins it), and the
// worker checks again as each socket opens.
//
// The rule: the most specific entry that contains the address decides (the longest prefix;
// deny on a tie). An address no entry contains is allowed, unless --allow-ip was given.
//   --deny-ip private,loopback,link-local        keep off internal networks
//   --allow-ip 203.0.113.0/24                    only these
//   --deny-ip private --allow-ip 10.1.2.3,all    internal networks but one
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are checked as the IPv4 address they carry.

// An IPv4 or IPv6 address; IPv4 is kept as IPv4-mapped IPv6, so one prefix match serves both.
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};
    bool v4 = false;

    static std::optional<IpAddress> parse(std::string_view text);  // "10.0.0.1", "::1", "[::1]"
    static std::optional<IpAddress> of(const sockaddr* address);
    std::string to_string() const;
};

// The keywords a list may use, each a set of ranges (the table is in address_rules.cpp).
struct AddressKeyword {
    std::string_view name;
    std::string_view ranges;  // comma-separated CIDRs
    std::string_view description;
};
Span<AddressKeyword> address_keywords();

class AddressRules {
public:
    // Adds a comma-separated list of CIDRs, addresses and keywords to the deny or allow side.
    // The error names the entry that is none of them.
    Result<void> deny(std::string_view list);
    Result<void> allow(std::string_view list);

    bool empty() const { return ranges_.empty(); }
    bool allows(const IpAddress& address) const;
    // Why an address is refused, for its record: "--deny-ip loopback", or "--allow-ip (no
    // entry holds it)".
    std::string refusal(const IpAddress& address) const;

private:
    struct Range {
        IpAddress base;
        int prefix = 0;  // bits of the 128, IPv4 ranges counted as mapped
        bool allow = false;
        std::string entry;  // as the user wrote it: "loopback", "10.0.0.0/8"
    };
    Result<void> add(std::string_view list, bool allow, std::string_view keyword = {});
    const Range* deciding(const IpAddress& address) const;  // null: no entry holds it
    bool default_allow_ = true;  // no --allow-ip
    std::vector<Range> ranges_;
};

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
// A --dns-servers value: "IP[:port],..." as c-ares takes it; the error names the bad entry.
Result<void> check_dns_servers(const std::string& list);

// Every slice of the network stage's options: what WorkerPool is given.
struct NetOptions {
    RequestOptions request;
    ResolveOptions resolve;
    CaptureOptions capture;
    TransferLimits limits;
    ScheduleOptions schedule;
    ExtractOptions extract;
};

}  // namespace fetch
