// The gate between the reader and the workers: what keeps memory O(jobs + window) whatever
// the list length.
//
// A URL is admitted only while fewer than `limit` admitted URLs are unfinished (the workers
// enforce -j among them, see limits.hpp); in input order also only while the records held
// back for an earlier one occupy less than `window_bytes` (ReorderWindow). A slot is given
// back when the writer has the record: once it is written in completion order, once it is
// held or written in input order, so a slow URL stops the printing of the records after it
// but not their fetching, while a stalled reader of the output still stops admission.
// Bad-input records take no slot but do wait for the window.
//
// Once full, the gate reopens only when a quarter of `limit` is free, not at every released
// slot: the reader then admits URLs in bursts. Each wakeup of a thread is a context switch,
// which costs more than a whole transfer's bookkeeping; the workers still have half of their
// admitted URLs queued when a burst starts, so they never wait for one.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>

namespace fetch {

class Admission {
public:
    // window_bytes == 0: no window (completion order).
    Admission(std::size_t limit, std::size_t window_bytes);

    // Blocks until the next record may proceed; takes a transfer slot when `needs_slot`.
    // Returns false when the run was cancelled.
    bool admit(bool needs_slot);

    void release_slots(std::size_t count);
    // Input order: the records held back for an earlier one now occupy `bytes`.
    void holding(std::size_t bytes);
    void cancel();
    bool cancelled() const;

    std::size_t peak_in_flight() const;

private:
    bool may_enter(bool needs_slot, std::size_t free_slots_needed) const;

    const std::size_t limit_;
    const std::size_t window_bytes_;
    const std::size_t refill_;  // free slots that reopen a full gate
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t in_flight_ = 0;
    std::size_t peak_ = 0;
    std::size_t held_bytes_ = 0;
    bool cancelled_ = false;
    bool waiting_ = false;  // the reader is blocked in admit()
};

}  // namespace fetch
