// The icons of a run (favicon_mmh3), shared by every worker: each icon URL is fetched once,
// by the first worker whose page names it, while the pages of every worker that name it too
// wait for the answer, and the pages that come later find it here.
//
// Memory is bounded whatever the list's length: an icon URL is kept as 128 bits of its
// SHA-256 (a URL can be kilobytes long; two URLs meet with probability 2^-64 at a million
// icons), and at most `capacity` answers are kept, the least recently asked for going first.
// A run with more distinct icons than that, in an order that comes back to an icon after
// `capacity` others, fetches it again. Answers on their way are kept too (they are bounded by
// the transfers in flight), so no icon is fetched twice at once.
#pragma once

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fetch {

struct IconKey {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    bool operator==(const IconKey& other) const { return high == other.high && low == other.low; }
};

struct IconKeyHash {
    std::size_t operator()(const IconKey& key) const { return static_cast<std::size_t>(key.low); }
};

// What the icon URL gave: Shodan's hash of its bytes, or none (no icon there, or no response).
struct IconAnswer {
    std::optional<std::int32_t> hash;
    bool interrupted = false;  // the run stopped before it came: not an answer to keep
};

// A worker waiting for icons another worker (or itself) fetches.
class IconListener {
public:
    // Any thread, outside the cache's lock: the answer for `key` came. Must not block.
    virtual void icon_answered(const IconKey& key, const IconAnswer& answer) = 0;

protected:
    ~IconListener() = default;
};

class IconCache {
public:
    static constexpr std::size_t default_capacity = 32 * 1024;

    explicit IconCache(std::size_t capacity = default_capacity) : capacity_(capacity) {}

    static IconKey key_of(std::string_view url);

    enum class Ask {
        known,  // `answer` holds it
        wait,   // on its way: `listener` will be told
        fetch,  // nobody asked before: the caller fetches it, and is told like the others
    };
    Ask ask(const IconKey& key, IconListener& listener, IconAnswer& answer);

    // The answer for `key`: kept (unless interrupted), and every listener told.
    void answer(const IconKey& key, const IconAnswer& answer);

    std::size_t size();  // answers kept, and on their way

private:
    struct Entry {
        std::optional<IconAnswer> answer;          // none while on its way
        std::vector<IconListener*> listeners;      // while on its way
        std::list<IconKey>::iterator recency;      // once known: its place in recent_
    };
    void make_room();

    const std::size_t capacity_;
    std::mutex mutex_;
    std::unordered_map<IconKey, Entry, IconKeyHash> entries_;
    std::list<IconKey> recent_;  // known answers, the most recently asked for first
};

}  // namespace fetch
