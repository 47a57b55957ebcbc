#include "url_set.hpp"

namespace fetch {

namespace {

constexpr Hash128 empty{0, 0};

}  // namespace

bool UrlSet::insert(std::string_view url) {
    SipHash128 hasher(key_);
    hasher.add(url);
    Hash128 hash = hasher.value();
    if (hash == empty) hash[1] = 1;  // the empty slot's value, a 2^-128 chance, moved next door
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    if (!place(hash)) return false;
    ++size_;
    return true;
}

// Linear probing from the hash's first word: the keyed hash spreads the slots evenly.
bool UrlSet::place(const Hash128& hash) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = static_cast<std::size_t>(hash[0]) & mask;; at = (at + 1) & mask) {
        if (slots_[at] == hash) return false;
        if (slots_[at] == empty) {
            slots_[at] = hash;
            return true;
        }
    }
}

void UrlSet::grow() {
    std::vector<Hash128> old(slots_.empty() ? 1024 : slots_.size() * 2, empty);
    old.swap(slots_);
    for (const Hash128& hash : old)
        if (hash != empty) place(hash);
}

}  // namespace fetch
