// What the command line decides for the input stage: where URLs come from and which of them
// this run fetches.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fetch/base/named.hpp"

namespace fetch {

#define FETCH_INPUT_FORMATS(X)                                                        \
    X(lines, "lines", "one URL per line, optionally with expectations after a tab")     \
    X(jsonl, "jsonl", "one JSON object per line; the URL is the --input-field key")      \
    X(csv, "csv", "CSV with a header row; the URL is the column --input-field names")    \
    X(tsv, "tsv", "TSV with a header row (fetch's --header-row); likewise")
FETCH_NAMED_ENUM(InputFormat, FETCH_INPUT_FORMATS);

// --shard K/N: only the input positions whose index modulo N is K.
struct Shard {
    std::uint64_t index = 0;
    std::uint64_t count = 1;

    bool includes(std::uint64_t position) const { return position % count == index; }
};

struct InputOptions {
    std::vector<std::string> lists;  // list files; "-" is stdin
    std::vector<std::string> urls;   // -u, fetched before the lists
    std::vector<std::string> sitemaps;  // --sitemap: paths or URLs, read after -u
    bool read_stdin{};               // no list and no -u named, and stdin is not a terminal
    Shard shard;
    std::string resume_file;  // --resume FILE
    bool resume_force{};      // resume a journal written for another job
    bool unique{};            // skip URLs seen before in this run
    bool allow_empty{};       // no URLs read is a success, not a usage error
    bool fallback = true;     // a flag's default: --no-fallback not given
    InputFormat format{};     // --input-format
    std::string field;        // --input-field: the key or column holding the URL
};

}  // namespace fetch
