// The command line: CLI11 definitions, validation, and the --help/--version texts.
#pragma once

#include <optional>
#include <string>

#include "fetch/app/options.hpp"

namespace fetch {

struct CommandLine {
    Options options;
    std::optional<int> exit_now;  // set for --help, --version and usage errors
};

// Parses argv. `stdin_is_terminal` decides whether stdin is read when no list is named.
CommandLine parse_command_line(int argc, const char* const* argv, bool stdin_is_terminal);

std::string version_text();

}  // namespace fetch
