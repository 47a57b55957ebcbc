// fetch's diagnostics on stderr: "fetch: LEVEL: message", one line each. Every message is
// escaped as a text record is (output/escape.hpp), since warnings quote what lists and servers
// said (a host, a line, an error text): no control sequence, bidi override or line break of
// theirs reaches the terminal. The level label is coloured only where colour is wanted:
// --color, NO_COLOR and a stderr that is not a terminal decide, as for records.
#pragma once

#include "fetch/app/console.hpp"
#include "fetch/app/options.hpp"

namespace fetch {

// Installs the logger every stage writes through (spdlog's default), at the level -q and -v ask.
void setup_logging(const ConsoleOptions& console, bool colour);

}  // namespace fetch
