// Input order. Records finish in any order; each one is printed only once every record before
// it has been. The records that wait for an earlier one are held here, by index, and their
// size is counted: the admission gate stops taking URLs while they hold more than the
// --order-window budget, so a slow URL delays the printing of the records after it but not
// their fetching, and memory stays bounded whatever the distance to the slow one.
#pragma once

#include <algorithm>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "fetch/base/record.hpp"

namespace fetch {

// The bytes `record` occupies, as far as its size varies: the struct and its text.
std::size_t footprint(const Record& record);

class ReorderWindow {
public:
    // Takes `record` and calls `ready` for it and for each record that now follows in order,
    // in index order; a record that must wait is held.
    template <typename Ready>
    void add(Record record, Ready&& ready) {
        if (record.index != next_) {
            const std::size_t bytes = footprint(record);
            held_bytes_ += bytes;
            held_.emplace(record.index, Held{std::move(record), bytes});
            return;
        }
        ready(record);
        for (auto it = held_.find(++next_); it != held_.end(); it = held_.find(++next_)) {
            held_bytes_ -= it->second.bytes;
            ready(it->second.record);
            held_.erase(it);
        }
    }

    // A run stopped early can leave gaps: what did arrive is still handed over, in index order.
    template <typename Ready>
    void drain(Ready&& ready) {
        std::vector<std::uint64_t> indices;
        for (const auto& [index, held] : held_)
            indices.push_back(index);
        std::sort(indices.begin(), indices.end());
        for (const std::uint64_t index : indices)
            ready(held_.at(index).record);
        held_.clear();
        held_bytes_ = 0;
    }

    // The index of the next record to print.
    std::uint64_t next_index() const { return next_; }
    // What the records waiting for an earlier one occupy.
    std::size_t held_bytes() const { return held_bytes_; }
    std::size_t held() const { return held_.size(); }

private:
    struct Held {
        Record record;
        std::size_t bytes;
    };
    std::unordered_map<std::uint64_t, Held> held_;
    std::size_t held_bytes_ = 0;
    std::uint64_t next_ = 0;
};

}  // namespace fetch
