// The hands users bring from curl, httpx and wget, met before CLI11 reads the command line.
// CLI11 would read httpx's -json as -j son and curl's `-o -u URL` as a file named -u; here
// each word is looked at as the user meant it: another tool's spelling gets a one-line answer
// naming fetch's, and an option's value is never a word that is itself an option.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fetch/app/option_table.hpp"
#include "fetch/base/result.hpp"
#include "fetch/base/span.hpp"

namespace fetch {

// Another tool's option, and what fetch spells instead.
struct ForeignOption {
    std::string_view word;    // as typed: "-json", "--threads"
    std::string_view tool;    // "httpx", "curl", "wget"
    std::string_view answer;  // after "fetch ": "spells this --format jsonl"
};

Span<ForeignOption> foreign_options();

// The row of the option table spelt `name` ("-j", "--jobs", "--parallel-max"); null if none.
const OptionSpec* option_spelt(std::string_view name);

// The arguments as CLI11 should read them (--help=all becomes --help all), or why they cannot
// be read: a foreign option's answer, or an option whose value would be another option.
// Words after "--" are list files, whatever they look like.
Result<std::vector<std::string>> prepare_arguments(const std::vector<std::string>& args);

}  // namespace fetch
