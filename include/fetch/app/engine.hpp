// The pipeline: reader (this thread) -> admission gate -> workers -> writer.
#pragma once

#include "fetch/app/options.hpp"

namespace fetch {

// Exit statuses; stable across versions (README, --help).
namespace exit_status {
inline constexpr int success = 0;        // every URL: a final response with status 200-399
inline constexpr int some_failed = 1;    // any URL failed, had bad input, or ended 4xx/5xx
inline constexpr int usage = 2;          // bad options, or a list/output file unusable
inline constexpr int output_failed = 3;  // records could not be written (disk full, ...)
inline constexpr int broken_pipe = 141;  // the reader of stdout went away (as SIGPIPE would)
}  // namespace exit_status

// Runs the whole job described by `options` and returns the process exit status. libcurl and
// libxml2 must have been initialised (main does it, before any thread exists).
int run(const Options& options);

}  // namespace fetch
