// Input order. Records finish in any order; each one is printed only once every record before
// it has been. The admission gate never lets a record in more than `window` places ahead of
// the next one to print, so a ring of `window` slots, indexed by index % window, holds every
// record that is waiting, in O(1) per record and in memory fixed at the start.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "fetch/base/record.hpp"

namespace fetch {

class ReorderWindow {
public:
    explicit ReorderWindow(std::size_t window) : ring_(window) {}

    // Takes `record` (whose index is below next_index() + window) and calls `ready` for it and
    // for each record that now follows in order, in index order.
    template <typename Ready>
    void add(Record record, Ready&& ready) {
        ring_[record.index % ring_.size()] = std::move(record);
        for (auto* slot = &at(next_); slot->has_value(); slot = &at(next_)) {
            ready(**slot);
            slot->reset();
            ++next_;
        }
    }

    // A run stopped early can leave gaps: what did arrive is still handed over, in index order.
    template <typename Ready>
    void drain(Ready&& ready) {
        for (std::size_t i = 0; i < ring_.size(); ++i) {
            std::optional<Record>& slot = at(next_ + i);
            if (slot) ready(*slot);
            slot.reset();
        }
    }

    // The index of the next record to print.
    std::uint64_t next_index() const { return next_; }

private:
    std::optional<Record>& at(std::uint64_t index) { return ring_[index % ring_.size()]; }

    std::vector<std::optional<Record>> ring_;
    std::uint64_t next_ = 0;
};

}  // namespace fetch
