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
#include "fetch/input/options.hpp"

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

// `fetch https://example.com/` is the first thing a curl or wget user types: a LIST that is
// no file but an http(s) URL moves to `input.urls` (fetched as -u would), and `notes` gets the
// line -v says about it. One that is no file and looks like a bare host is refused, with a
// hint naming -u. Any other missing list stays, for the reader to report.
Result<void> take_urls_named_as_lists(InputOptions& input, std::vector<std::string>& notes);

// curl's -u USER:PASSWORD given to fetch's -u, which takes a URL: refused, with a hint to
// put the credentials in the URL. The password is not repeated.
Result<void> refuse_credentials_as_urls(const InputOptions& input);

// Whether `word` reads as a host, with perhaps a port and a path (example.com, 10.0.0.1:8080,
// localhost/x), rather than a file name (urls.txt): a name whose last label is alphabetic and
// no common file extension, an IPv4 address or localhost.
bool looks_like_host(std::string_view word);

}  // namespace fetch
