// Sitemap entries held in an unnamed temporary file until they may be dispatched: with
// --resume, a sitemap's positions are trusted only once all of its entries are known to be
// those the job began with, and memory must not grow with a sitemap's length meanwhile.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"

namespace fetch {

struct SpooledEntry {
    Origin origin;
    std::string text;  // the URL, or why there is none
    bool usable = true;
};

class EntrySpool {
public:
    EntrySpool();  // throws when no temporary file can be made (a setup failure)

    bool add(const SpooledEntry& entry);  // false: the temporary file could not take it
    void rewind();                        // from now on, next() reads from the first entry
    bool next(SpooledEntry& entry);       // false at the end
    std::uint64_t size() const { return added_; }

private:
    CPtr<FILE, fclose> file_;
    std::uint64_t added_ = 0;
};

}  // namespace fetch
