// One event-loop thread: an epoll set, a libcurl multi handle driven by
// curl_multi_socket_action, and the transfers it runs. Nothing in here is touched by another
// thread except the inbox (submit/close/cancel), which wakes the loop through an eventfd.
//
// Workers never decide how many transfers run: the admission gate does, before submit().
// A worker only starts what it is given, and reports each finished transfer through
// `deliver` exactly once.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fetch/curl_handles.hpp"
#include "fetch/options.hpp"
#include "fetch/record.hpp"
#include "fetch/transfer.hpp"

namespace fetch {

class FileDescriptor {
public:
    explicit FileDescriptor(int fd = -1) : fd_(fd) {}
    ~FileDescriptor();
    FileDescriptor(FileDescriptor&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    FileDescriptor& operator=(FileDescriptor&&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

class Worker {
public:
    using Deliver = std::function<void(Record&&)>;

    // Throws std::runtime_error when the event loop cannot be set up.
    Worker(const Options& options, Deliver deliver);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void submit(Job job);  // any thread
    void close();          // no more jobs: finish what was submitted, then stop
    void cancel();         // abandon everything now; unfinished transfers deliver nothing
    void join();

private:
    void run();
    void wait_and_dispatch();
    void start_submitted();
    void start(Job job);
    void reap_finished();
    void abandon_all();
    bool finished();
    int epoll_timeout_ms() const;
    void wake();

    static int on_socket(CURL* easy, curl_socket_t socket, int what, void* self, void* socket_data) noexcept;
    static int on_timer(CURLM* multi, long timeout_ms, void* self) noexcept;

    const Options& options_;
    Deliver deliver_;
    FileDescriptor epoll_;
    FileDescriptor wakeup_;  // eventfd: submit/close/cancel from other threads
    MultiHandle multi_;
    ShareHandle share_;  // TLS sessions shared by this worker's transfers

    std::mutex inbox_mutex_;
    std::deque<Job> inbox_;
    bool closed_ = false;
    std::atomic<bool> cancelled_{false};

    std::optional<std::chrono::steady_clock::time_point> timer_deadline_;
    std::unordered_map<CURL*, std::unique_ptr<Transfer>> active_;
    std::vector<EasyHandle> idle_handles_;  // reused: keeps their buffers warm
    std::thread thread_;
};

}  // namespace fetch
