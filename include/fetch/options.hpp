// Everything the command line decides, in one value passed by reference (no globals).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace fetch {

enum class Order { completion, input };
enum class Format { text, jsonl };

struct Options {
    std::vector<std::string> list_files;  // "-" means stdin
    std::vector<std::string> urls;        // from -u/--url
    bool read_stdin = false;              // resolved by the CLI: explicit "-" or piped stdin

    std::size_t jobs = 16;    // transfers in flight, at most
    std::size_t workers = 0;  // event-loop threads; 0 = one per core, capped by jobs
    Order order = Order::completion;
    Format format = Format::text;
    std::string output_file;  // empty = stdout

    bool follow_redirects = true;
    long max_redirects = 10;
    std::chrono::milliseconds timeout{10'000};
    std::chrono::milliseconds connect_timeout{5'000};
    std::size_t max_body_bytes = 8u << 20;  // decoded body bytes parsed for a title, at most
    std::string xpath;                      // --xpath: evaluated on each page instead of the title

    int verbosity = 0;  // -v count
    bool quiet = false;
};

}  // namespace fetch
