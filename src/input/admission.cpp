#include "fetch/input/intake.hpp"

#include <algorithm>

namespace fetch {

Admission::Admission(std::size_t limit, std::size_t window_bytes)
    : limit_(limit), window_bytes_(window_bytes), refill_(std::max<std::size_t>(1, limit / 4)) {}

bool Admission::may_enter(bool needs_slot, std::size_t free_slots_needed) const {
    const bool slot_free = !needs_slot || in_flight_ + free_slots_needed <= limit_;
    const bool in_window = window_bytes_ == 0 || held_bytes_ < window_bytes_;
    return slot_free && in_window;
}

bool Admission::admit(bool needs_slot) {
    std::unique_lock lock(mutex_);
    if (!may_enter(needs_slot, 1)) {
        waiting_ = true;
        changed_.wait(lock, [&] { return cancelled_ || may_enter(needs_slot, refill_); });
        waiting_ = false;
    }
    if (cancelled_) return false;
    if (needs_slot) peak_ = std::max(peak_, ++in_flight_);
    return true;
}

void Admission::release_slots(std::size_t count) {
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        in_flight_ -= count;
        wake = waiting_ && in_flight_ + refill_ <= limit_;
    }
    if (wake) changed_.notify_all();
}

void Admission::holding(std::size_t bytes) {
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        held_bytes_ = bytes;
        wake = waiting_ && held_bytes_ < window_bytes_;
    }
    if (wake) changed_.notify_all();
}

bool Admission::cancelled() const {
    std::lock_guard lock(mutex_);
    return cancelled_;
}

void Admission::cancel() {
    {
        std::lock_guard lock(mutex_);
        cancelled_ = true;
    }
    changed_.notify_all();
}

std::size_t Admission::peak_in_flight() const {
    std::lock_guard lock(mutex_);
    return peak_;
}

}  // namespace fetch
