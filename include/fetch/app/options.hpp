// Everything the command line decides: one slice per stage, each handed only to the classes
// of that stage (no globals, no class sees another stage's options).
#pragma once

#include <string>
#include <vector>

#include "fetch/input/options.hpp"
#include "fetch/net/pool.hpp"
#include "fetch/output/options.hpp"

namespace fetch {

// What the program says on stderr, besides records' own errors.
struct ConsoleOptions {
    bool progress = true;  // the live progress line (only ever on a terminal); --no-progress
    bool stats{};          // the summary even when stderr is not a terminal
    int verbosity{};       // -v count
    bool quiet{};          // -q: errors only
    std::vector<std::string> notes;  // what the command line made of a word, said at -v
};

struct Options {
    InputOptions input;
    NetOptions net;  // request, limits, schedule, extract
    OutputOptions output;
    VerdictOptions verdict;
    ConsoleOptions console;
};

}  // namespace fetch
