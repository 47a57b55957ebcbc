#include "scheduler.hpp"

namespace fetch {

Scheduler::Scheduler(std::size_t per_host, TransferSlots& slots, RateLimiter& rate, TransferSlots::Wake wake)
    : per_host_(per_host), slots_(slots), rate_(rate), wake_(std::move(wake)) {}

void Scheduler::add(Job job) {
    const std::string host = job.host;
    hosts_[host].waiting.push_back(std::move(job));
    mark_runnable(host);
}

void Scheduler::retry_at(Job job, Clock::time_point when) {
    timers_.push({when, timer_sequence_++, false, std::move(job)});
}

void Scheduler::mark_runnable(const std::string& host) {
    Host& h = hosts_[host];
    const bool has_room = per_host_ == 0 || h.running < per_host_;
    if (h.runnable || h.waiting.empty() || !has_room) return;
    h.runnable = true;
    runnable_.push_back(host);
}

// A due timer: a start --rate put off (it holds its slot) is returned to start; a backoff that
// ended puts its job first in its host's line.
std::optional<Job> Scheduler::fire_timer(Clock::time_point now) {
    while (!timers_.empty() && timers_.top().due <= now) {
        Timer timer = std::move(const_cast<Timer&>(timers_.top()));  // popped right away
        timers_.pop();
        if (timer.holds_slot) return std::move(timer.job);
        const std::string host = timer.job.host;
        hosts_[host].waiting.push_front(std::move(timer.job));
        mark_runnable(host);
    }
    return std::nullopt;
}

// The next host in line gives up its first job, if a slot is free; the host goes to the back
// of the line, so hosts take turns. A start --rate puts off waits in the timer heap instead.
std::optional<Job> Scheduler::next_runnable(Clock::time_point now) {
    while (!runnable_.empty()) {
        if (!slots_.acquire_or_notify(&wake_)) return std::nullopt;  // a release will wake us
        const std::string host = std::move(runnable_.front());
        runnable_.pop_front();
        Host& h = hosts_[host];
        h.runnable = false;
        Job job = std::move(h.waiting.front());
        h.waiting.pop_front();
        ++h.running;
        mark_runnable(host);
        const Clock::time_point start = rate_.reserve(now);
        if (start <= now) return job;
        timers_.push({start, timer_sequence_++, true, std::move(job)});
    }
    return std::nullopt;
}

void Scheduler::finished(const std::string& host) {
    slots_.release();
    const auto it = hosts_.find(host);
    if (it == hosts_.end()) return;
    --it->second.running;
    mark_runnable(host);
    if (it->second.running == 0 && it->second.waiting.empty()) hosts_.erase(it);
}

bool Scheduler::has_waiting(const std::string& host) const {
    const auto it = hosts_.find(host);
    return it != hosts_.end() && !it->second.waiting.empty();
}

std::optional<Scheduler::Clock::time_point> Scheduler::next_timer() const {
    if (timers_.empty()) return std::nullopt;
    return timers_.top().due;
}

}  // namespace fetch
