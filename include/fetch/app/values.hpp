// Parsers for the values options take. Each returns a Result whose message names the bad
// value and says what would be valid; the option's name is added by the caller.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "fetch/base/result.hpp"
#include "fetch/input/options.hpp"

namespace fetch {

// Seconds, fractions allowed ("10", "2.5"), or with a unit: "500ms", "10s", "2m", "1h".
// Rounded to the millisecond. `allow_zero`: whether 0 is a valid value.
Result<std::chrono::milliseconds> parse_duration(std::string_view text, bool allow_zero);

// A whole number from `min` to `max`.
Result<std::uint64_t> parse_whole(std::string_view text, std::uint64_t min, std::uint64_t max);

// Bytes, with an optional binary suffix (k, M, G; kb, KiB, ... alike), from `min` to `max`.
Result<std::uint64_t> parse_size(std::string_view text, std::uint64_t min, std::uint64_t max);

// A rate, "N" or "N/s", "N/m", "N/h" (curl's and httpx's forms), as events per second.
Result<double> parse_rate(std::string_view text);

// "K/N" with 0 <= K < N.
Result<Shard> parse_shard(std::string_view text);

}  // namespace fetch
