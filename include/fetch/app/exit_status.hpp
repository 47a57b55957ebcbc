// fetch's exit statuses, written once: the code uses the names, --help and the README list the
// table. They are stable across versions; CI jobs and scripts depend on them.
#pragma once

#include "fetch/base/span.hpp"

namespace fetch {

struct ExitStatus {
    int code;
    const char* meaning;
};

#define FETCH_EXIT_STATUSES(X)                                                                   \
    X(success, 0, "every URL met --expect (by default: a final response with status 200-399)")   \
    X(some_failed, 1, "some URL did not: it failed, was unusable, or ended with another status") \
    X(usage, 2, "usage error, or a list or output file could not be opened or read")             \
    X(output_failed, 3, "records could not be written (for example, disk full)")                 \
    X(setup_failed, 4, "fetch could not set itself up (no event loop, no temporary file)")       \
    X(hung_up, 129, "SIGHUP: stopped as for SIGTERM")                                            \
    X(interrupted, 130, "interrupted by SIGINT (Ctrl-C): completed records were written")        \
    X(broken_pipe, 141, "the reader of the output went away (fetch ... | head -1)")              \
    X(terminated, 143, "terminated by SIGTERM: completed records were written")

namespace exit_status {
#define FETCH_EXIT_CONSTANT(name, code, meaning) inline constexpr int name = code;
FETCH_EXIT_STATUSES(FETCH_EXIT_CONSTANT)
#undef FETCH_EXIT_CONSTANT
}  // namespace exit_status

inline Span<ExitStatus> exit_statuses() {
#define FETCH_EXIT_ROW(name, code, meaning) {code, meaning},
    static constexpr ExitStatus table[] = {FETCH_EXIT_STATUSES(FETCH_EXIT_ROW)};
#undef FETCH_EXIT_ROW
    return table;
}

}  // namespace fetch
