// Which URL a worker starts next, and when. Pure bookkeeping, without libcurl, so that it can
// be unit-tested with a clock of its own.
//
// A URL handed to a worker waits in its host's queue until it may start: its host has fewer
// than --per-host transfers running, a -j slot is free (TransferSlots, shared by all workers)
// and --rate allows a request now. Hosts that can start something wait in a FIFO, so a busy
// host never holds up the others, and a URL holds no slot and no libcurl handle while it
// waits, so waiting does not count against its timeout. Backoffs before a retry, and starts
// that --rate puts off, wait in a timer heap that the event loop sleeps on.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <queue>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "fetch/base/record.hpp"
#include "limits.hpp"

namespace fetch {

class Scheduler {
public:
    using Clock = std::chrono::steady_clock;

    // `wake` is called (from any thread) when a slot frees up after start() found none.
    Scheduler(std::size_t per_host, TransferSlots& slots, RateLimiter& rate, TransferSlots::Wake wake);

    void add(Job job);                               // to the back of its host's line
    void retry_at(Job job, Clock::time_point when);  // after a backoff: first in line
    // Calls `start(job)` for every job that may start at `now`, each holding a slot.
    template <typename Start>
    void start_due(Clock::time_point now, Start&& start);
    void finished(const std::string& host);               // an attempt ended: slot and turn back
    std::optional<Clock::time_point> next_timer() const;  // when start_due has work again
    bool idle() const { return hosts_.empty() && timers_.empty(); }
    // Whether a URL of `host` waits in its line (a backoff's timer aside).
    bool has_waiting(const std::string& host) const;
    // The run stops: hands every job not started yet to `take`, and forgets them.
    template <typename Take>
    void drain(Take&& take);

private:
    struct Host {
        std::deque<Job> waiting;
        std::size_t running = 0;  // transfers in flight, and starts held for --rate
        bool runnable = false;    // in runnable_
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

    void mark_runnable(const std::string& host);
    std::optional<Job> fire_timer(Clock::time_point now);
    std::optional<Job> next_runnable(Clock::time_point now);

    std::size_t per_host_;
    TransferSlots& slots_;
    RateLimiter& rate_;
    TransferSlots::Wake wake_;
    std::unordered_map<std::string, Host> hosts_;
    std::deque<std::string> runnable_;  // hosts with a waiting job and room to start it
    std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
    std::uint64_t timer_sequence_ = 0;
};

template <typename Take>
void Scheduler::drain(Take&& take) {
    for (auto& [host, line] : hosts_)
        for (Job& job : line.waiting)
            take(std::move(job));
    hosts_.clear();
    runnable_.clear();
    for (; !timers_.empty(); timers_.pop())  // top() is const; the element is popped right after
        take(std::move(const_cast<Timer&>(timers_.top()).job));
}

template <typename Start>
void Scheduler::start_due(Clock::time_point now, Start&& start) {
    while (std::optional<Job> job = fire_timer(now))
        start(std::move(*job));
    while (std::optional<Job> job = next_runnable(now))
        start(std::move(*job));
}

}  // namespace fetch
