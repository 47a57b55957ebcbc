// Facts about the process's terminal and environment that decide what it prints: read once,
// at start, and passed on, so that the command line and the engine can be tested without one.
#pragma once

#include "fetch/output/options.hpp"

namespace fetch {

struct ConsoleFacts {
    bool stdin_is_terminal = false;
    bool stderr_is_terminal = false;
    bool no_color = false;   // NO_COLOR is set and not empty (no-color.org)
    bool dumb_term = false;  // TERM=dumb

    static ConsoleFacts of_this_process();
};

bool is_terminal(int fd);

// Whether text output to a descriptor that is (or is not) a terminal may use colour.
bool use_colour(Color color, bool output_is_terminal, const ConsoleFacts& facts);

}  // namespace fetch
