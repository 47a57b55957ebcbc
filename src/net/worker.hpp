// One event-loop thread: an epoll set, a libcurl multi handle driven by
// curl_multi_socket_action, a c-ares resolver on the same epoll set, and the URLs routed to it
// (all URLs of a host go to one worker). Which of them starts when is the Scheduler's business
// (scheduler.hpp); the loop sleeps until libcurl's timer, the resolver's, the scheduler's next
// timer, a socket or the eventfd says otherwise.
//
// A URL's requests, in order: resolve its host (resolver.hpp), check the addresses
// (address_rules.hpp), request with those addresses pinned; then, for a redirect, the same for
// its target; for a scheme-less line that got no https answer, the same over http; and for a
// retryable failure, the same again after a backoff. One record comes of it all.
//
// Only the inbox (submit/close/cancel) is touched by other threads; it wakes the loop through
// an eventfd, as does a slot freed by another worker.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"
#include "fetch/html/options.hpp"
#include "fetch/net/options.hpp"
#include "curl_handles.hpp"
#include "epoll_set.hpp"
#include "icon_cache.hpp"
#include "limits.hpp"
#include "record_batch.hpp"
#include "request.hpp"
#include "resolver.hpp"
#include "robots_gate.hpp"
#include "routes.hpp"
#include "scheduler.hpp"
#include "transfer.hpp"
#include "url_parts.hpp"

namespace fetch {

// What every worker of a run shares, owned by the pool: the options and the limits that span
// workers.
struct WorkerContext {
    TransferSettings transfer;
    const ScheduleOptions& schedule;
    const ResolveOptions& resolve;
    const std::vector<std::string>& static_hosts;  // --resolve
    bool resolve_names;                            // false: libcurl resolves (a proxy does)
    HostCache& hosts;
    TransferSlots& slots;
    RateLimiter& rate;
    IconCache& icons;  // favicon_mmh3: each icon URL fetched once per run, by one worker
};

class Worker final : private TransferHost, private IconListener {
public:
    // Receives finished records in batches (RecordBatch: when the loop is about to sleep, after
    // a quarter of -j, or 5 ms), and leaves them empty.
    using Deliver = std::function<void(std::vector<Record>&)>;

    // Throws std::runtime_error when the event loop cannot be set up.
    Worker(const WorkerContext& context, Deliver deliver);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void submit(Job job);  // any thread
    void close();          // no more jobs: finish what was submitted, then stop
    void cancel();         // abandon everything now; unfinished URLs deliver nothing
    void join();

private:
    using Clock = std::chrono::steady_clock;

    void run();
    void take_inbox();
    // --robots: a URL passes its origin's robots.txt (or waits for it) before it is scheduled.
    void admit(Job job);
    void ask_robots(const std::string& origin, std::uint64_t index, const std::string& host);
    void robots_answered(const std::string& origin, const Record& record, std::string body, bool cut);
    void pass_robots(Job job, const RobotsGate::Answer& answer);
    void refuse(Job job, ErrorKind kind, std::string error);
    // A URL's next request: resolve, check, then launch.
    void begin(Job job);
    void resolved(Job job, const Answer& answer, Clock::time_point asked);
    void on_resolved(const std::string& name, const Answer& answer);
    void launch(Job job, const std::vector<IpAddress>& addresses);
    void wait_and_dispatch();
    void dispatch(const epoll_event& event);
    void reap_finished();
    void deliver_finished();
    // A request ended: follow its redirect, fall back to http, retry, or deliver its record.
    void conclude(std::unique_ptr<Transfer> transfer, CURLcode result);
    void follow(Job job, Record record, const std::string& target);
    void settle(Job job, Record record, std::optional<std::chrono::seconds> retry_after);
    void fail_before_request(Job job, ErrorKind kind, std::string error);
    // A URL's record is done: to the writer, once its icon is known when one is asked for.
    void deliver(Record record);
    // Icons (worker_icons.cpp): fetched as a document of this worker by the first page that
    // names one; answers, this worker's or another's, are told by icon_answered and taken by the loop.
    void fetch_icon(const Record& page, const IconKey& key);
    void icon_answered(const IconKey& key, const IconAnswer& answer) override;  // any thread
    void take_icon_answers();
    void abandon_icon_waits(std::vector<Record>& left);
    void started(Phase phase, CURL* easy, std::uint64_t serial) override;
    curl_socket_t open_socket(const curl_sockaddr& address) override;
    bool wants_connection(const Job& job, const Destination& destination) override;
    void expire_phases(Clock::time_point now);
    Transfer* active(CURL* easy, std::uint64_t serial);
    void cut(CURL* easy);
    bool finished();
    int epoll_timeout_ms() const;
    void wake();
    void abandon_all();
    EasyHandle take_handle();

    static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data) noexcept;
    static int on_close_socket(void* self, curl_socket_t socket) noexcept;
    static int on_timer(CURLM* multi, long timeout_ms, void* self) noexcept;

    const WorkerContext& context_;
    Deliver deliver_;
    RecordBatch finished_;   // until deliver_
    EpollSet epoll_;         // before multi_: closing the multi handle closes sockets through it
    FileDescriptor wakeup_;  // eventfd
    MultiHandle multi_;
    ShareHandle share_;  // TLS sessions shared by this worker's transfers

    std::mutex inbox_mutex_;
    std::deque<Job> inbox_;
    bool closed_ = false;
    bool stopped_ = false;  // the loop has ended: submit() answers at once
    std::atomic<bool> cancelled_{false};

    Scheduler scheduler_;
    std::optional<Resolver> resolver_;  // unless libcurl resolves
    Routes routes_;                     // where requests connect, when the resolver is ours
    std::optional<RobotsGate> robots_;  // --robots
    std::string robots_token_;          // the User-Agent's product token robots.txt names
    // URLs waiting for their host's answer, by name, and since when.
    struct Waiting {
        Job job;
        Clock::time_point asked;
    };
    std::unordered_map<std::string, std::vector<Waiting>> waiting_;
    std::optional<Clock::time_point> curl_deadline_;
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> active_;
    // Heads waited for and remainders drained, oldest first: one budget per phase, so each
    // deque stays sorted. An entry whose transfer has moved on is dropped when it comes due.
    struct Deadline {
        Clock::time_point due;
        CURL* easy;
        std::uint64_t serial;
    };
    std::deque<Deadline> heads_;
    std::deque<Deadline> drains_;
    std::uint64_t next_serial_ = 0;
    std::vector<EasyHandle> idle_handles_;  // reused: keeps their buffers warm
    // Records waiting for their icon, by the icon's key; and answers told, not yet taken.
    std::unordered_map<IconKey, std::vector<Record>, IconKeyHash> icon_waiting_;
    std::mutex icon_answers_mutex_;
    std::vector<std::pair<IconKey, IconAnswer>> icon_answers_;
    std::minstd_rand jitter_{std::random_device{}()};
    std::thread thread_;
};

}  // namespace fetch
