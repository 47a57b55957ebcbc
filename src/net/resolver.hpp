// Name resolution as a stage of its own, ahead of each request.
//
// libcurl 7.88's threaded resolver starts one thread per lookup: over a list of distinct
// hosts at -j 1000 that was hundreds of threads. Here each worker has a c-ares channel whose
// sockets sit in the worker's own epoll set, so lookups cost no thread at all; answers are
// cached across workers (HostCache), and the worker hands libcurl the checked addresses
// (CURLOPT_RESOLVE), so libcurl never resolves a name itself and cannot be rebound to another
// address by a second lookup.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fetch/net/options.hpp"

struct ares_addrinfo;

namespace fetch {

struct Answer {
    std::vector<IpAddress> addresses;  // empty when the lookup failed
    std::string error;                 // why it failed
};

// Answers shared by all workers, for as long as their TTL says (at most five minutes), and
// "no such name" for thirty seconds. Bounded: the oldest entries go first.
class HostCache {
public:
    explicit HostCache(std::size_t capacity = 8192) : capacity_(capacity) {}

    std::optional<Answer> find(const std::string& name, std::chrono::steady_clock::time_point now);
    void store(const std::string& name, const Answer& answer, std::chrono::seconds ttl,
               std::chrono::steady_clock::time_point now);

private:
    struct Entry {
        Answer answer;
        std::chrono::steady_clock::time_point expires;
    };
    std::mutex mutex_;
    std::size_t capacity_;
    std::unordered_map<std::string, Entry> entries_;
    std::deque<std::string> order_;  // names in the order stored, for eviction
};

// One worker's resolver. Single-threaded: only the worker's loop calls it.
class Resolver {
public:
    // The worker's epoll set: a c-ares socket and what to wait for (neither: stop watching).
    using Watch = std::function<void(int fd, bool readable, bool writable)>;
    // An answer that did not come at once; called from process() and process_timeouts().
    using Done = std::function<void(const std::string& name, const Answer& answer)>;

    // `static_entries` are --resolve's host:port:address[,address] lines. Throws
    // std::runtime_error when c-ares cannot be set up (or --dns-servers is unusable).
    Resolver(const ResolveOptions& options, const std::vector<std::string>& static_entries,
             std::chrono::milliseconds timeout, HostCache& cache, Watch watch, Done done);
    ~Resolver();
    Resolver(const Resolver&) = delete;
    Resolver& operator=(const Resolver&) = delete;

    // The answer for `name` (an IP literal, --resolve, or the cache) when it is known now;
    // otherwise nullopt, and the answer comes later through Done (one lookup per name,
    // however many ask).
    std::optional<Answer> resolve(const std::string& name, long port);

    void process(int fd, bool readable, bool writable);
    std::optional<std::chrono::steady_clock::time_point> next_timeout() const;
    void process_timeouts();
    bool idle() const { return pending_ == 0 && queued_.empty(); }

private:
    struct Channel;
    std::optional<Answer> ask(const std::string& name);
    static void on_answer(void* self, int status, int timeouts, ::ares_addrinfo* result);
    void answered(const std::string& name, int status, ::ares_addrinfo* result);
    Answer answer_of(const std::string& name, int status, ::ares_addrinfo* result);
    void deliver(const std::string& name, const Answer& answer);

    HostCache& cache_;
    Watch watch_;
    Done done_;
    std::map<std::string, std::vector<IpAddress>> static_;  // "host:port" from --resolve
    std::unique_ptr<Channel> channel_;
    std::size_t max_lookups_out_;     // what the socket's receive buffer holds answers for
    std::size_t pending_ = 0;         // lookups out
    std::deque<std::string> queued_;  // lookups waiting for room
    std::optional<Answer>* answer_at_once_ = nullptr;  // during ares_getaddrinfo
    bool destroying_ = false;
};

}  // namespace fetch
