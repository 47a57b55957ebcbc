// --robots, for one worker: what each origin's robots.txt decided, and the URLs waiting for it.
//
// All URLs of a host are routed to one worker, so each worker keeps the origins (scheme, host,
// port) of its own hosts, and nothing is shared between threads. The first URL of an origin
// parks here while the worker fetches the origin's robots.txt like any request (a document
// job: resolver, address rules, --resolve, timeouts, retries, redirects up to 5 hops); the
// URLs that come meanwhile park behind it, holding no -j slot; the answer releases them all.
//
// What an answer means (RFC 9309 2.3.1): 2xx, the rules of its body (the first 512 KiB, as
// Google reads it); 4xx, or more than 5 redirects, "unavailable": allow everything; 5xx,
// disallow everything for the run; no answer (a name that does not resolve, a refused connection, a timeout),
// disallow everything as well, and the URLs say why with the error of robots.txt's request,
// so a host that is down reads as down, not as polite.
//
// The cache is bounded (a run over a million hosts): at most max_origins origins and
// max_bytes of rules per worker, the oldest forgotten first; an origin forgotten and met again
// has its robots.txt fetched again.
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "fetch/base/record.hpp"
#include "robots.hpp"

namespace fetch {

// Where a URL's robots.txt is, and what of the URL its rules are matched against.
struct RobotsTarget {
    std::string origin;  // "https://example.com:443"
    std::string path;    // "/a/b?c=d"
};
RobotsTarget robots_target(const std::string& url);

class RobotsGate {
public:
    static constexpr std::size_t max_body = 512 * 1024;
    static constexpr long max_redirects = 5;

    // What an origin's robots.txt decided.
    struct Answer {
        RobotsRules rules;
        // Set when every URL of the origin is refused: the error kind its records carry
        // (robots for a 5xx, the request's own kind when there was no answer), and why
        // ("robots.txt answered HTTP 503").
        ErrorKind refusal = ErrorKind::none;
        std::string reason;
    };

    RobotsGate(std::size_t max_origins, std::size_t max_bytes) : max_origins_(max_origins), max_bytes_(max_bytes) {}

    const Answer* find(const std::string& origin) const;
    // Parks `job` until its origin's answer; true when it is the first, so robots.txt must be asked for.
    bool park(const std::string& origin, Job job);
    // The origin's answer came: kept (the oldest forgotten past the bounds); returns the URLs that waited.
    std::vector<Job> settle(const std::string& origin, Answer answer);
    bool idle() const { return parked_.empty(); }
    std::size_t origins() const { return answers_.size(); }
    // The run stops: every parked job to `take`.
    template <typename Take>
    void drain(Take&& take) {
        for (auto& [origin, jobs] : parked_)
            for (Job& job : jobs)
                take(job);
        parked_.clear();
    }

private:
    void forget_oldest();

    std::size_t max_origins_;
    std::size_t max_bytes_;
    std::size_t bytes_ = 0;
    std::unordered_map<std::string, Answer> answers_;
    std::deque<std::string> order_;  // origins answered, oldest first
    std::unordered_map<std::string, std::vector<Job>> parked_;
};

// What the response to robots.txt means (above). `record` is the document fetch's; `body` its
// first bytes, `cut` when there were more than max_body of them.
RobotsGate::Answer robots_answer(const Record& record, std::string body, bool cut, const std::string& product_token);

}  // namespace fetch
