#include "fetch/output/verdict.hpp"

#include <algorithm>
#include <cstdio>

#include "fetch/base/escape.hpp"
#include "fetch/base/plural.hpp"

namespace fetch {

namespace {

// Log-linear buckets, as HdrHistogram counts: one per millisecond below 256 ms, then 128 per
// doubling, so every percentile is within 1% of the true latency. Up to 10 minutes that is
// 1,683 buckets: 13 KB, all touched when zeroed, where 1 ms steps to 10 s and 100 ms steps
// beyond took 127 KB of every run's memory.
constexpr int sub_bucket_bits = 7;
constexpr std::int64_t sub_buckets = std::int64_t{1} << sub_bucket_bits;  // per doubling
constexpr std::int64_t exact_below_ms = 2 * sub_buckets;
constexpr std::int64_t longest_ms = 600'000;

int log2_floor(std::int64_t value) {
    return 63 - __builtin_clzll(static_cast<unsigned long long>(value));
}

std::size_t bucket_of(std::int64_t ms) {
    ms = std::clamp<std::int64_t>(ms, 0, longest_ms);
    if (ms < exact_below_ms) return static_cast<std::size_t>(ms);
    const int magnitude = log2_floor(ms);  // >= sub_bucket_bits + 1
    const std::int64_t doublings = magnitude - (sub_bucket_bits + 1);
    const std::int64_t sub_bucket = (ms >> (magnitude - sub_bucket_bits)) - sub_buckets;
    return static_cast<std::size_t>(exact_below_ms + doublings * sub_buckets + sub_bucket);
}

// The largest latency counted in `bucket`.
std::int64_t upper_bound_of(std::size_t bucket) {
    const auto b = static_cast<std::int64_t>(bucket);
    if (b < exact_below_ms) return b;
    const std::int64_t doublings = (b - exact_below_ms) / sub_buckets;
    const std::int64_t sub_bucket = (b - exact_below_ms) % sub_buckets + sub_buckets;
    const std::int64_t width = std::int64_t{1} << (doublings + 1);
    return sub_bucket * width + width - 1;
}

}  // namespace

namespace {

bool missed_its_status(const Record& record) {
    return record.expect_failed && record.expect_failed->first == "status" && record.status;
}

// What kind of failure a record that missed is, for the failure summary's counts: its error
// kind, its status class ("4xx"), or the part of the response that missed ("title", "body").
std::string failure_kind(const Record& record) {
    if (!record.ok()) return std::string(error_kind_name(record.error_kind));
    if (missed_its_status(record)) return std::to_string(*record.status / 100) + "xx";
    return record.expect_failed ? record.expect_failed->first : "status";
}

}  // namespace

std::string describe_failure(const Record& record) {
    std::string reason = std::string(error_kind_name(record.error_kind)) +
                         (record.error.empty() ? "" : ": " + record.error);
    if (missed_its_status(record)) {
        reason = "HTTP " + std::to_string(*record.status);
    } else if (record.expect_failed) {
        reason = record.expect_failed->first + ": " + record.expect_failed->second;
    }
    std::string line;  // made safe for a terminal, as text records are
    append_text_field(line, record.url + " (" + reason + ")");
    return line;
}

LatencyHistogram::LatencyHistogram() : buckets_(bucket_of(longest_ms) + 1) {}

void LatencyHistogram::add(std::int64_t ms) {
    ++buckets_[bucket_of(ms)];
    ++count_;
}

std::int64_t LatencyHistogram::percentile(double fraction) const {
    if (count_ == 0) return 0;
    const auto wanted = static_cast<std::uint64_t>(fraction * static_cast<double>(count_) + 0.999999);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= std::max<std::uint64_t>(wanted, 1)) return upper_bound_of(i);
    }
    return upper_bound_of(buckets_.size() - 1);
}

void RunStats::add(const Record& record, bool met) {
    if (record.ok() && record.status) {
        ++by_class_[static_cast<std::size_t>(std::clamp<long>(*record.status / 100, 1, 5))];
        latency_.add(record.elapsed_ms);
    } else {
        ++by_error_[static_cast<std::size_t>(record.error_kind)];
    }
    if (!met) {
        ++unmet_;
        ++failure_kinds_[failure_kind(record)];
        if (first_failures_.size() < failures_named) first_failures_.push_back(describe_failure(record));
    }
    ++done_;
}

// "fetch: " and a line of items ("40 2xx,", "3 errors (dns 2,", "connect 1);"), broken between
// items to fit `columns`, each continuation indented under the first item; an item longer than
// a line keeps its line. Numbers and their units are inside items, so none is ever split.
std::string wrap_items(const std::string& line, std::size_t columns) {
    static constexpr std::string_view prefix = "fetch: ";
    if (columns == 0 || line.size() <= columns || line.rfind(prefix, 0) != 0) return line;
    std::string out(prefix), rest = line.substr(prefix.size());
    std::size_t column = prefix.size();
    bool first = true;
    while (!rest.empty()) {
        std::size_t end = rest.size();  // the item ends after a ", ", "; " or ": " separator
        for (const char* separator : {", ", "; ", ": "})
            if (const auto at = rest.find(separator); at != std::string::npos) end = std::min(end, at + 1);
        const std::string item = rest.substr(0, end);
        rest = end < rest.size() ? rest.substr(end + 1) : std::string();
        if (!first && column + 1 + item.size() > columns) {
            out.append("\n").append(prefix.size(), ' ');
            column = prefix.size();
        } else if (!first) {
            out.push_back(' ');
            ++column;
        }
        out += item;
        column += item.size();
        first = false;
    }
    return out;
}

std::string RunStats::summary(std::chrono::steady_clock::duration wall, std::size_t columns) const {
    const double seconds = std::chrono::duration<double>(wall).count();
    char line[256];
    std::snprintf(line, sizeof line,
                  " in %.2f s (%.0f/s):", seconds, seconds > 0 ? static_cast<double>(done_) / seconds : 0.0);
    std::string out = "fetch: " + counted(done_, "URL", "URLs") + line;
    for (std::size_t c = 1; c <= 5; ++c) {
        if (by_class_[c]) out += " " + std::to_string(by_class_[c]) + " " + std::to_string(c) + "xx,";
    }
    std::uint64_t errors = 0;
    std::string kinds;
    for (std::size_t k = 1; k < by_error_.size(); ++k) {
        if (!by_error_[k]) continue;
        errors += by_error_[k];
        kinds += (kinds.empty() ? "" : ", ") + std::string(error_kind_name(static_cast<ErrorKind>(k))) + " " +
                 std::to_string(by_error_[k]);
    }
    out += " " + counted(errors, "error", "errors") + (kinds.empty() ? "" : " (" + kinds + ")");
    out += "; " + std::to_string(unmet_) + " not as expected";
    if (skipped_) out += "; " + std::to_string(skipped_.load()) + " skipped";
    if (not_fetched_) out += "; " + std::to_string(not_fetched_.load()) + " not fetched (the run stopped first)";
    if (!unread_.empty()) out += "; " + unread_ + " never read";
    std::snprintf(line, sizeof line, "fetch: latency p50 %lld ms, p95 %lld ms, p99 %lld ms",
                  static_cast<long long>(latency_.percentile(0.50)),
                  static_cast<long long>(latency_.percentile(0.95)),
                  static_cast<long long>(latency_.percentile(0.99)));
    return wrap_items(out, columns) + "\n" + wrap_items(line, columns) + "\n";
}

std::string RunStats::failures() const {
    if (unmet_ == 0) return {};
    std::string kinds;
    for (const auto& [kind, count] : failure_kinds_)
        kinds += (kinds.empty() ? "" : ", ") + std::to_string(count) + " " + kind;
    std::string out = "fetch: " + counted(unmet_, "URL", "URLs") + " of " + std::to_string(done_.load()) +
                      " failed" + (kinds.empty() ? "" : " (" + kinds + ")") +
                      (unmet_ > first_failures_.size()
                           ? "; the first " + std::to_string(first_failures_.size()) + ":\n"
                           : ":\n");
    for (const std::string& failure : first_failures_)
        out += "fetch:   " + failure + "\n";
    return out;
}

}  // namespace fetch
