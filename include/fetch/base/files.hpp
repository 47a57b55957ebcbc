// Small file helpers every stage may need: an unnamed temporary file, and a write that goes
// on until every byte is out.
#pragma once

#include <string>
#include <string_view>

#include "fetch/base/handle.hpp"
#include "fetch/base/result.hpp"

namespace fetch {

// $TMPDIR when set and not empty, else /tmp.
std::string temporary_directory();

// A new file in temporary_directory(), already unlinked: it disappears with its descriptor.
Result<FileDescriptor> unnamed_temporary_file();

// Writes all of `bytes` to `fd` (a file: no wait for room), retrying short writes and EINTR.
// False with errno set when a write fails.
bool write_all(int fd, std::string_view bytes);

}  // namespace fetch
