// The option reference outside --help, generated from the same tables (option_table.hpp, the
// formats, fields, error kinds and exit statuses): the man page and the shell completions.
// The build writes them with fetch-reference (src/app/reference_tool.cpp), so none of them can drift from the
// code.
#pragma once

#include <string>

#include "fetch/base/named.hpp"

namespace fetch {

#define FETCH_SHELLS(X)                \
    X(bash, "bash", "bash completion") \
    X(zsh, "zsh", "zsh completion")    \
    X(fish, "fish", "fish completion")
FETCH_NAMED_ENUM(Shell, FETCH_SHELLS);

// fetch.1, in roff (man(7) macros).
std::string man_page();

// The completion script for `shell`: options, their aliases, and the values of the options
// that take words (--format, --order, --fields, --expect, ...).
std::string completion(Shell shell);

}  // namespace fetch
