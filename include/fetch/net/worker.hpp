// One event-loop thread: an epoll set, a libcurl multi handle driven by
// curl_multi_socket_action, and the URLs routed to it (all URLs of a host go to one worker).
//
// A URL handed to a worker waits in its host's queue until it may start: its host has fewer
// than --per-host transfers running, a -j slot is free (TransferSlots, shared by all workers)
// and --rate allows a request now. Hosts that can start something wait in a FIFO, so a busy
// host never holds up the others, and a URL holds no slot and no libcurl handle while it
// waits, so waiting does not count against its timeout. Backoffs before a retry and starts
// delayed by --rate wait on a timer heap that the event loop sleeps on with libcurl's timer.
//
// Only the inbox (submit/close/cancel) is touched by other threads; it wakes the loop through
// an eventfd, as does a slot freed by another worker.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <queue>
#include <random>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fetch/net/curl_handles.hpp"
#include "fetch/net/epoll_set.hpp"
#include "fetch/base/file_descriptor.hpp"
#include "fetch/net/limits.hpp"
#include "fetch/base/record.hpp"
#include "fetch/net/record_batch.hpp"
#include "fetch/net/request.hpp"
#include "fetch/net/transfer.hpp"

namespace fetch {

class Worker {
public:
    // Receives finished records in batches (RecordBatch: when the loop is about to sleep, after
    // a quarter of -j, or 5 ms), and leaves them empty.
    using Deliver = std::function<void(std::vector<Record>&)>;

    // Throws std::runtime_error when the event loop cannot be set up.
    Worker(const RequestTemplate& request, TransferSlots& slots, RateLimiter& rate, Deliver deliver);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void submit(Job job);  // any thread
    void close();          // no more jobs: finish what was submitted, then stop
    void cancel();         // abandon everything now; unfinished URLs deliver nothing
    void join();

private:
    using Clock = std::chrono::steady_clock;

    struct Host {
        std::deque<Job> waiting;
        std::size_t running = 0;  // transfers in flight, and starts held for --rate
        bool runnable = false;    // in runnable_hosts_
    };

    // A job waiting for a moment: the end of a backoff (back to its host's queue), or a start
    // time reserved with --rate (it holds its slot meanwhile).
    struct Timer {
        Clock::time_point due;
        std::uint64_t sequence;  // FIFO among equal times
        bool holds_slot;
        Job job;
        bool operator>(const Timer& other) const {
            return std::tie(due, sequence) > std::tie(other.due, other.sequence);
        }
    };

    void run();
    void take_inbox();
    void enqueue(Job job);
    void mark_runnable(const std::string& host);
    void start_runnable();
    void fire_timers();
    void start_transfer(Job job);
    void wait_and_dispatch();
    void reap_finished();
    void deliver_finished();
    void conclude(std::unique_ptr<Transfer> transfer, CURLcode result);
    void release(const std::string& host);
    bool finished();
    int epoll_timeout_ms() const;
    void wake();
    void abandon_all();
    EasyHandle take_handle();

    static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data) noexcept;
    static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address) noexcept;
    static int on_close_socket(void* self, curl_socket_t socket) noexcept;
    static int on_timer(CURLM* multi, long timeout_ms, void* self) noexcept;

    const RequestTemplate& request_;
    const Options& options_;
    TransferSlots& slots_;
    RateLimiter& rate_;
    Deliver deliver_;
    RecordBatch finished_;  // until deliver_
    TransferSlots::Wake wake_callback_;
    EpollSet epoll_;         // before multi_: closing the multi handle closes sockets through it
    FileDescriptor wakeup_;  // eventfd
    MultiHandle multi_;
    ShareHandle share_;  // TLS sessions shared by this worker's transfers

    std::mutex inbox_mutex_;
    std::deque<Job> inbox_;
    bool closed_ = false;
    std::atomic<bool> cancelled_{false};

    std::unordered_map<std::string, Host> hosts_;
    std::deque<std::string> runnable_hosts_;  // hosts with a waiting job and room to start it
    std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
    std::uint64_t timer_sequence_ = 0;
    std::optional<Clock::time_point> curl_deadline_;
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> active_;
    std::vector<EasyHandle> idle_handles_;  // reused: keeps their buffers warm
    std::minstd_rand jitter_{std::random_device{}()};
    std::thread thread_;
};

}  // namespace fetch
