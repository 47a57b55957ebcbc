// --resume FILE: which input positions an earlier, interrupted run already wrote.
//
// The state file is a list of record indexes, one per line, appended only after the record
// itself has been flushed to the output. A run stopped anywhere and started again with the
// same lists and state file therefore fetches each URL once and loses none (a crash between
// the two writes can repeat a record, never drop one). Records go to the same output, so -o
// is opened for appending.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "fetch/base/handle.hpp"

namespace fetch {

class ResumeState {
public:
    // Reads what `path` holds (a missing file is an empty state) and opens it for appending.
    // Throws std::runtime_error naming the file when it cannot be used.
    explicit ResumeState(const std::string& path);

    bool done(std::uint64_t index) const { return index < done_.size() && done_[index]; }
    std::uint64_t done_count() const { return count_; }

    // Writer thread, once these records are out; false on a write error.
    bool append(const std::vector<std::uint64_t>& indices);

private:
    std::vector<bool> done_;
    std::uint64_t count_ = 0;
    CPtr<std::FILE, std::fclose> file_;
};

}  // namespace fetch
