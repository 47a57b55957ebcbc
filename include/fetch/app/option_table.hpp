// Every command-line option, written once, as a row: its names, its value, its default, its
// place in --help and what it does to Options. parse_command_line (cli.hpp) drives CLI11 from
// this table, --help is printed from it, and the README's option table is checked against it.
// Adding an option is one row in src/app/option_table.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fetch/app/options.hpp"
#include "fetch/base/named.hpp"
#include "fetch/base/result.hpp"
#include "fetch/base/span.hpp"

namespace fetch {

#define FETCH_OPTION_GROUPS(X)                                                   \
    X(input, "Input", "where URLs come from")                                    \
    X(output, "Output", "what is printed, and where")                            \
    X(success, "Success", "what the exit status says")                           \
    X(http, "HTTP", "how requests are made")                                     \
    X(names, "Names", "how hosts are resolved, and which addresses may be reached") \
    X(limits, "Limits", "how far a transfer may go")                             \
    X(schedule, "Scheduling", "how transfers share the machine and the servers") \
    X(console, "Diagnostics", "what stderr shows")
FETCH_NAMED_ENUM(OptionGroup, FETCH_OPTION_GROUPS);

struct OptionSpec {
    std::string_view names;          // CLI11's spelling: "-j,--jobs"
    std::string_view value_name;     // "N"; empty for a flag
    std::string_view default_value;  // applied before parsing, shown by --help; "" for none
    OptionGroup group;
    bool common;  // shown by plain --help, not only by --help all
    std::string_view help;
    // Stores `value` (empty for a flag) in `options`; each occurrence is applied in order.
    Result<void> (*apply)(Options& options, std::string_view value);
    // Other spellings, for the habits of curl's and httpx's users: "-s,--silent".
    std::string_view aliases{};
    // The words a value can be, for the shell completions; null when it is free text.
    std::vector<std::string> (*values)() = nullptr;
    // The man page's paragraph after `help`, where one line does not say enough.
    std::string_view details{};
};

Span<OptionSpec> option_table();

// The list files, the one row without a dash: its value_name is what --help shows.
inline bool is_positional(const OptionSpec& option) {
    return option.names.front() != '-';
}

// A row's names or aliases as --help and the man page show them: "-j,--jobs" -> "-j, --jobs".
std::string comma_spaced(std::string_view names);

// The long name of a row ("--jobs"), or its short one when it has no long one.
std::string_view long_name(const OptionSpec& option);

// Options with every default of the table applied: what a run without options uses.
Options default_options();

}  // namespace fetch
