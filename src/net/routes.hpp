// Where a worker's requests connect, named so that libcurl's caches stay as small as the work
// in flight.
//
// libcurl 7.88 keeps every name it has resolved in its DNS cache and walks that whole cache
// after every transfer (Curl_hostcache_prune, from multi_done); it keeps every connection
// until its connection cache is full, and then walks all of them for the oldest after every
// transfer (Curl_conncache_extract_oldest). On a list of distinct hosts both grow with the
// hosts seen, and CPU per URL grew with them: 0.28 ms at 2,500 hosts, 1.9 ms at 20,000.
//
// So libcurl is never given a host name to resolve. Each request is told, with
// CURLOPT_CONNECT_TO, to connect to a route: a name of ours, `r<N>.fetch.invalid`, that
// CURLOPT_RESOLVE pins to the checked addresses. The DNS cache never expires entries (no
// walk), and holds only live routes: a route dies when no transfer uses it and no connection
// to it is kept, and its pin is removed ("-name:port") with the next request the worker makes.
// A route's name is never used again, so a removal cannot reach a later pin, and a kept
// connection, which libcurl files under the route's name, can only be reused by requests to
// the same host and port. Names under .invalid are never answered by DNS (RFC 6761): were a
// pin ever missing, libcurl's own lookup would fail instead of reaching a real address.
//
// Connections are kept only for hosts with work waiting (the worker decides, per response,
// with CURLOPT_FORBID_REUSE), so libcurl's connection cache holds what is in flight plus what
// will be reused soon. Idle routes, each with a kept connection, are capped: past the cap the
// least recently used goes, and libcurl closes its connection when its own age limit comes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

namespace fetch {

class Routes {
public:
    // At most `idle_cap` routes without a transfer are remembered for their kept connection.
    explicit Routes(std::size_t idle_cap) : idle_cap_(idle_cap) {}

    // The route for a request to host:port (an IPv6 literal without brackets), now in use by
    // one more transfer: its name, the same for every request while the route lives.
    const std::string& use(const std::string& host, long port);
    // A transfer on host:port ended; `connection_kept`: libcurl keeps its connection for reuse.
    void release(const std::string& host, long port, bool connection_kept);
    // CURLOPT_RESOLVE removal lines ("-name:port") for the routes that died since the last
    // call; the next request's list carries them, ahead of its own pin.
    std::vector<std::string> take_removals();

    std::size_t live() const { return routes_.size(); }
    // Transfers using the route to host:port now.
    std::size_t transfers(const std::string& host, long port) const;

private:
    struct Route {
        std::string name;
        long port = 0;
        std::size_t transfers = 0;
        bool is_idle = false;                   // in idle_: no transfer, a connection kept
        std::list<std::string>::iterator idle;  // where, when is_idle
    };
    void forget(std::unordered_map<std::string, Route>::iterator route);

    std::size_t idle_cap_;
    std::uint64_t next_id_ = 0;
    std::unordered_map<std::string, Route> routes_;  // by "host:port"
    std::list<std::string> idle_;                    // keys of idle routes, least recently used first
    std::vector<std::string> removals_;
};

}  // namespace fetch
