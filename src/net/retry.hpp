// --retries: which outcomes are worth another attempt, and how long to wait before it.
#pragma once

#include <chrono>
#include <optional>

#include "fetch/base/record.hpp"

namespace fetch {

// Connection failures, timeouts, transfers cut off mid-way, and the statuses that mean
// "try again later" (429, 502, 503, 504). Bad input, DNS, TLS and redirect errors are final.
bool is_retryable(const Record& record);

// Exponential backoff with jitter: base * 2^(attempt-1), scaled by a factor in [0.5, 1) from
// `jitter` (uniform in [0, 1)), so that many URLs failing together do not retry together. A
// server's Retry-After wins when it asks for longer. Everything is capped at `cap`.
std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base,
                                      std::chrono::milliseconds cap,
                                      std::optional<std::chrono::seconds> retry_after, double jitter);

}  // namespace fetch
