#include "icon_cache.hpp"

#include <algorithm>
#include <string>

#include "sha256.hpp"

namespace fetch {

IconKey IconCache::key_of(std::string_view url) {
    Sha256 digest;
    digest.update(url);
    const std::string hex = digest.hex();
    return {std::stoull(hex.substr(0, 16), nullptr, 16), std::stoull(hex.substr(16, 16), nullptr, 16)};
}

IconCache::Ask IconCache::ask(const IconKey& key, IconListener& listener, IconAnswer& answer) {
    std::lock_guard lock(mutex_);
    auto [entry, created] = entries_.try_emplace(key);
    Entry& found = entry->second;
    if (found.answer) {
        answer = *found.answer;
        recent_.splice(recent_.begin(), recent_, found.recency);
        return Ask::known;
    }
    if (std::find(found.listeners.begin(), found.listeners.end(), &listener) == found.listeners.end())
        found.listeners.push_back(&listener);
    return created ? Ask::fetch : Ask::wait;
}

void IconCache::answer(const IconKey& key, const IconAnswer& answer) {
    std::vector<IconListener*> listeners;
    {
        std::lock_guard lock(mutex_);
        const auto entry = entries_.find(key);
        if (entry == entries_.end() || entry->second.answer) return;
        listeners.swap(entry->second.listeners);
        if (answer.interrupted) {
            entries_.erase(entry);  // the run is stopping: nobody will ask again
        } else {
            entry->second.answer = answer;
            recent_.push_front(key);
            entry->second.recency = recent_.begin();
            make_room();
        }
    }
    for (IconListener* listener : listeners)
        listener->icon_answered(key, answer);
}

void IconCache::make_room() {
    while (recent_.size() > capacity_) {
        entries_.erase(recent_.back());
        recent_.pop_back();
    }
}

std::size_t IconCache::size() {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace fetch
