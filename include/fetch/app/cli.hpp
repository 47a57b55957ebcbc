// The command line: argv in, Options or an early exit out. Nothing is printed here, so every
// rule is unit-tested (tests/unit/cli_test.cpp) and data-tested (tests/cli/cases.json).
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "fetch/app/console.hpp"
#include "fetch/app/options.hpp"

namespace fetch {

// --help, --version or a usage error: what to print, and the exit status.
struct EarlyExit {
    int status = 0;
    std::string out;  // for stdout
    std::string err;  // for stderr: one line per problem
};

using CommandLine = std::variant<Options, EarlyExit>;

// `args` without the program name.
CommandLine parse_command_line(const std::vector<std::string>& args, const ConsoleFacts& facts);

// fetch's version and those of the libraries that do the work.
std::string version_text();

// --help (`all`: every option, and the tables of formats, fields, error kinds and statuses).
std::string help_text(bool all);

}  // namespace fetch
