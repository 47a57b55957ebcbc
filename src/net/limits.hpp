// Limits shared by all workers: the -j transfer slots and the --rate schedule.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <vector>

namespace fetch {

// Exactly `limit` transfers in flight across all workers. A worker that finds no free slot is
// remembered and woken (through its callback) by the next release, so nobody polls.
class TransferSlots {
public:
    using Wake = std::function<void()>;
    explicit TransferSlots(std::size_t limit) : limit_(limit) {}

    // Takes a slot, or registers `wake` to be called when one frees up and returns false.
    bool acquire_or_notify(const Wake* wake);
    void release();
    std::size_t in_use() const;
    std::size_t peak() const;

private:
    const std::size_t limit_;
    mutable std::mutex mutex_;
    std::size_t in_use_ = 0;
    std::size_t peak_ = 0;
    std::vector<const Wake*> waiting_;
};

// --rate: request start times spaced 1/rate apart, all workers together. 0 = no limit.
class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    explicit RateLimiter(double per_second);

    // The time at which one more request may start (`now`, or later when the rate is reached).
    Clock::time_point reserve(Clock::time_point now);
    bool limited() const { return interval_.count() > 0; }

private:
    std::mutex mutex_;
    Clock::duration interval_{0};
    Clock::time_point next_{};
};

}  // namespace fetch
