// A temporary file that holds what a report can only write at its end (JUnit's counts come
// before its test cases): in $TMPDIR (else /tmp), unlinked at once so nothing is left behind,
// written through a buffer with every write(2) checked, and read back in pieces.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "fetch/base/handle.hpp"

namespace fetch {

class Spool {
public:
    Spool();  // throws std::runtime_error when no temporary file can be made (a setup failure)

    void append(std::string_view bytes);
    // Hands the whole content to `emit`, 64 KiB at a time. False when it could not be read.
    bool replay(const std::function<void(std::string_view)>& emit);

    // errno of the first failure (ENOSPC: the temporary directory is full), or 0.
    int error() const { return error_; }
    const std::string& directory() const { return directory_; }

private:
    bool write_out();

    std::string directory_;
    FileDescriptor fd_;
    std::string buffer_;
    int error_ = 0;
};

}  // namespace fetch
