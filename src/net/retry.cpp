#include "retry.hpp"

#include <algorithm>
#include <cmath>

namespace fetch {

bool is_retryable(const Record& record) {
    if (record.error_kind != ErrorKind::none) return rule_of(record.error_kind).retry == Retry::yes;
    const long status = record.status.value_or(0);
    return status == 429 || status == 502 || status == 503 || status == 504;
}

std::chrono::milliseconds retry_delay(int attempt, std::chrono::milliseconds base,
                                      std::chrono::milliseconds cap,
                                      std::optional<std::chrono::seconds> retry_after, double jitter) {
    const double exponential = static_cast<double>(base.count()) * std::pow(2.0, std::max(0, attempt - 1));
    const double scaled = std::min(exponential, static_cast<double>(cap.count())) * (0.5 + jitter / 2);
    auto delay = std::chrono::milliseconds(static_cast<long long>(scaled));
    if (retry_after) {
        // Clamped before any conversion: a server's seconds near int64's limits overflow as
        // milliseconds (and became a wait of nothing).
        const auto asked = std::min(*retry_after, std::chrono::ceil<std::chrono::seconds>(cap));
        delay = std::max<std::chrono::milliseconds>(delay, asked);
    }
    return std::min(delay, cap);
}

}  // namespace fetch
