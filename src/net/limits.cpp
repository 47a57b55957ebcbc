#include "limits.hpp"

#include <algorithm>

namespace fetch {

bool TransferSlots::acquire_or_notify(const Wake* wake) {
    std::lock_guard lock(mutex_);
    if (in_use_ < limit_) {
        peak_ = std::max(peak_, ++in_use_);
        return true;
    }
    if (std::find(waiting_.begin(), waiting_.end(), wake) == waiting_.end()) waiting_.push_back(wake);
    return false;
}

void TransferSlots::release() {
    std::vector<const Wake*> to_wake;
    {
        std::lock_guard lock(mutex_);
        --in_use_;
        to_wake.swap(waiting_);
    }
    for (const Wake* wake : to_wake)
        (*wake)();
}

std::size_t TransferSlots::in_use() const {
    std::lock_guard lock(mutex_);
    return in_use_;
}

std::size_t TransferSlots::peak() const {
    std::lock_guard lock(mutex_);
    return peak_;
}

RateLimiter::RateLimiter(double per_second) {
    if (per_second > 0) {
        interval_ =
            std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / per_second));
    }
}

RateLimiter::Clock::time_point RateLimiter::reserve(Clock::time_point now) {
    if (!limited()) return now;
    std::lock_guard lock(mutex_);
    const auto start = std::max(now, next_);
    next_ = start + interval_;
    return start;
}

}  // namespace fetch
