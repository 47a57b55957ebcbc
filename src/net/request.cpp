#include "request.hpp"

#include <algorithm>
#include <iterator>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

CurlList make_list(const std::vector<std::string>& items) {
    curl_slist* list = nullptr;
    for (const std::string& item : items)
        list = curl_slist_append(list, item.c_str());
    return CurlList(list);
}

// Headers that carry credentials: not sent to another origin than the URL's.
bool is_credential(const std::string& header) {
    const std::string name = ascii::lower(header.substr(0, header.find_first_of(":;")));
    return name == "authorization" || name == "cookie";
}

std::vector<std::string> without_credentials(const std::vector<std::string>& headers) {
    std::vector<std::string> kept;
    std::copy_if(headers.begin(), headers.end(), std::back_inserter(kept),
                 [](const std::string& header) { return !is_credential(header); });
    return kept;
}

// libcurl allocates its receive buffer when a transfer connects and frees it when the transfer
// ends, so each transfer in flight holds one, whether or not anything arrives: 16 KiB (its
// default) up to -j 512, then less, so that together they stay within 8 MiB (4 KiB each at
// -j 2000). On a list of distinct hosts at -j 2000, most transfers wait for a connection or a
// response, and 32 MiB of empty buffers were half of fetch's memory; a title is almost always
// in the first few KiB, after which a connection not kept is closed.
long receive_buffer_for(std::size_t jobs) {
    constexpr std::size_t budget = 8 << 20, largest = 16 << 10, smallest = 4 << 10;
    return static_cast<long>(std::clamp(budget / std::max<std::size_t>(jobs, 1), smallest, largest));
}

long milliseconds_of(std::chrono::milliseconds duration) {
    return static_cast<long>(duration.count());
}

}  // namespace

RequestTemplate::RequestTemplate(const RequestOptions& request, const TransferLimits& limits, std::size_t jobs,
                                 bool libcurl_resolves, bool direct_only)
    : request_(request),
      limits_(limits),
      receive_buffer_(receive_buffer_for(jobs)),
      libcurl_resolves_(libcurl_resolves),
      direct_only_(direct_only),
      user_agent_(request.user_agent.empty() ? std::string("fetch/") + FETCH_VERSION : request.user_agent),
      headers_(make_list(request.headers)),
      foreign_headers_(make_list(without_credentials(request.headers))),
      resolve_(make_list(request.resolve)) {}

void RequestTemplate::apply(CURL* e) const {
    const RequestOptions& o = request_;
    const TransferLimits& limits = limits_;
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM-based DNS timeouts
    // CURLOPT_BUFFERSIZE is at most libcurl's 16 KiB. Measured (bench/, S1 and S3): 100 KiB,
    // curl's tool's choice, saves a recv() per 30 KB page but no time, costs ~1 MB of RSS at
    // -j 64 on pages, and slows early stop by ~10%: each larger read opens the TCP window
    // wider, and the server pushes more of a body that is about to be cut.
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, receive_buffer_);
    curl_easy_setopt(e, CURLOPT_USERAGENT, user_agent_.c_str());
    if (libcurl_resolves_) {
        curl_easy_setopt(e, CURLOPT_RESOLVE, resolve_.get());
    } else {
        // Only routes' pins are in the cache, removed when the route dies (routes.hpp): an
        // entry that never expires is one libcurl never walks the cache to prune.
        curl_easy_setopt(e, CURLOPT_DNS_CACHE_TIMEOUT, -1L);
    }
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
    // Safety: http and https only, for the first request and for every redirect.
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    // Redirects are followed by the worker, hop by hop, so that each target is resolved and
    // checked like the first URL (worker.cpp).
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, milliseconds_of(limits.timeout));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, milliseconds_of(limits.connect_timeout));
    // A server that drips bytes cannot hold a slot for the whole --timeout.
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, limits.speed_limit);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>((limits.speed_time.count() + 500) / 1000));
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, o.http1_1 ? CURL_HTTP_VERSION_1_1 : CURL_HTTP_VERSION_2TLS);
    if (o.head) {
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
        // A server that sends a body after a HEAD response would leave it in the connection,
        // to be read as the next URL's response: a HEAD connection is never reused.
        curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
    }
    if (!o.proxy.empty()) {
        curl_easy_setopt(e, CURLOPT_PROXY, o.proxy.c_str());
    } else if (direct_only_) {
        curl_easy_setopt(e, CURLOPT_PROXY, "");  // "" overrides http_proxy and the like
    }
    // Debian's libcurl also sets a CA path, and with one 7.88 re-reads the whole CA bundle for
    // every new TLS connection (~20 ms CPU each; curl issue #12873). The bundle alone suffices.
    curl_easy_setopt(e, CURLOPT_CAPATH, nullptr);
    if (!o.cacert.empty()) curl_easy_setopt(e, CURLOPT_CAINFO, o.cacert.c_str());
    if (o.insecure) {
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
}

Result<void> check_header(const std::string& header) {
    const auto separator = header.find_first_of(":;");
    if (separator == 0 || separator == std::string::npos) {
        return fail("\"" + header + "\" is not \"Name: value\"");
    }
    const auto bad =
        std::find_if(header.begin(), header.end(), [](unsigned char c) { return c < 0x20 && c != '\t'; });
    if (bad != header.end()) return fail("\"" + header + "\" contains a control character");
    return {};
}

Result<ResolveEntry> parse_resolve(std::string_view entry) {
    const std::string quoted = "\"" + std::string(entry) + "\"";
    if (!entry.empty() && entry.front() == '-') {
        return fail(quoted + ": removing an entry (-HOST:PORT) has nothing to remove in fetch; give HOST:PORT:ADDRESS");
    }
    if (!entry.empty() && entry.front() == '+') entry.remove_prefix(1);
    const auto first = entry.find(':');
    const auto second = first == std::string_view::npos ? first : entry.find(':', first + 1);
    if (first == 0 || second == std::string_view::npos) return fail(quoted + " is not HOST:PORT:ADDRESS[,ADDRESS...]");
    const std::string_view port = entry.substr(first + 1, second - first - 1);
    ResolveEntry parsed{ascii::lower(entry.substr(0, first)), 0, {}};
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ascii::is_digit) ||
        (parsed.port = std::stol(std::string(port))) < 1 || parsed.port > 65535) {
        return fail(quoted + ": the port is not a number from 1 to 65535");
    }
    for (std::string_view rest = entry.substr(second + 1); !rest.empty();) {
        const auto comma = rest.find(',');
        const std::string_view text = ascii::trim(rest.substr(0, comma));
        const std::optional<IpAddress> address = IpAddress::parse(text);
        if (!address) return fail(quoted + ": \"" + std::string(text) + "\" is not an IP address (IPv6 as [addr])");
        parsed.addresses.push_back(*address);
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    if (parsed.addresses.empty()) return fail(quoted + " names no address");
    return parsed;
}

Result<void> check_resolve(const std::string& entry) {
    const Result<ResolveEntry> parsed = parse_resolve(entry);
    if (!parsed) return fail(parsed.error());
    return {};
}

}  // namespace fetch
