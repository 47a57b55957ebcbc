// --unique: the URLs seen so far, exactly. Each URL is kept as its SipHash-2-4-128 under a key
// drawn at random for the run, so no list can be written to make two different URLs meet (a
// chance of n^2 / 2^129 for n URLs: 10^-21 at a billion), in an open-addressing table of
// 16-byte slots, at most three quarters full: 21 to 43 bytes per URL (33.6 at 1,000,000 URLs),
// and half as much again for the moment the table doubles. A URL itself would cost its length
// plus a node, about 100 bytes for a typical one.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "siphash.hpp"

namespace fetch {

class UrlSet {
public:
    explicit UrlSet(Hash128 key = SipHash128::random_key()) : key_(key) {}

    // False when `url` was inserted before.
    bool insert(std::string_view url);
    std::size_t size() const { return size_; }
    std::size_t capacity_bytes() const { return slots_.size() * sizeof(Hash128); }

private:
    bool place(const Hash128& hash);  // into slots_, which has room
    void grow();

    Hash128 key_;
    std::vector<Hash128> slots_;  // {0, 0}: empty; a power of two in size
    std::size_t size_ = 0;
};

}  // namespace fetch
