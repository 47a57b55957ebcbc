#include "fetch/output/verdict.hpp"

#include "fetch/output/progress.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace fetch {
namespace {

TEST(LatencyHistogram, ExactBelow256Milliseconds) {
    LatencyHistogram histogram;
    for (std::int64_t ms = 1; ms <= 200; ++ms)
        histogram.add(ms);
    EXPECT_EQ(histogram.percentile(0.50), 100);
    EXPECT_EQ(histogram.percentile(0.95), 190);
    EXPECT_EQ(histogram.percentile(0.99), 198);
    EXPECT_EQ(histogram.percentile(1.0), 200);
}

TEST(LatencyHistogram, WithinOnePercentAbove) {
    for (std::int64_t ms = 256; ms <= 600'000; ms = ms * 11 / 10 + 7) {
        LatencyHistogram histogram;
        histogram.add(ms);
        const std::int64_t reported = histogram.percentile(0.5);
        EXPECT_GE(reported, ms);
        EXPECT_LE(reported, ms + ms / 100) << ms;
    }
}

TEST(LatencyHistogram, PercentilesOfAMixture) {
    LatencyHistogram histogram;
    for (int i = 0; i < 90; ++i)
        histogram.add(20);
    for (int i = 0; i < 10; ++i)
        histogram.add(5'000);
    EXPECT_EQ(histogram.percentile(0.50), 20);
    EXPECT_EQ(histogram.percentile(0.90), 20);
    const std::int64_t p95 = histogram.percentile(0.95);
    EXPECT_GE(p95, 5'000);
    EXPECT_LE(p95, 5'050);
}

TEST(LatencyHistogram, ClampsNegativeAndHugeLatencies) {
    LatencyHistogram histogram;
    histogram.add(-5);
    EXPECT_EQ(histogram.percentile(1.0), 0);
    histogram.add(100'000'000);
    const std::int64_t longest = histogram.percentile(1.0);
    EXPECT_GE(longest, 600'000);
    EXPECT_LE(longest, 606'000);
    EXPECT_EQ(histogram.count(), 2u);
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
        end = std::min(text.find('\n', at), text.size());
        lines.push_back(text.substr(at, end - at));
    }
    return lines;
}

// The progress line sheds the transfers in flight, then the rate, then "fetch: "; the count,
// the percentage and the ETA stay down to a 40-column terminal (39 usable), for a million URLs.
TEST(Progress, NarrowTerminalsKeepCountPercentageAndEta) {
    EXPECT_EQ(Progress::describe(500, 1000, 16, 10, 200),
              "fetch: 500/1000 (50%), 50/s, 16 in flight, ETA 10s");
    EXPECT_EQ(Progress::describe(500, 1000, 16, 10, 40), "fetch: 500/1000 (50%), 50/s, ETA 10s");
    EXPECT_EQ(Progress::describe(500, 1000, 16, 10, 30), "fetch: 500/1000 (50%), ETA 10s");
    EXPECT_EQ(Progress::describe(100'000, 1'000'000, 64, 10'000, 39),
              "fetch: 100000/1000000 (10%), ETA 25h00m");
    EXPECT_EQ(Progress::describe(5'000'000, 10'000'000, 64, 36'000, 39),
              "5000000/10000000 (50%), ETA 10h00m");
    EXPECT_EQ(Progress::describe(12, -1, 3, 1, 200), "fetch: 12 done, 12/s, 3 in flight");
    EXPECT_EQ(Progress::describe(12, -1, 3, 1, 19), "fetch: 12 done");
}

// On a narrow terminal the summary breaks between items, never inside one: unbroken again,
// it is the same text.
TEST(RunStats, TheSummaryWrapsBetweenItems) {
    RunStats stats;
    Record ok;
    ok.status = 200;
    Record refused;
    refused.error_kind = ErrorKind::connect;
    Record unresolved;
    unresolved.error_kind = ErrorKind::dns;
    for (int i = 0; i < 12345; ++i)
        stats.add(ok, true);
    stats.add(refused, false);
    stats.add(unresolved, false);
    const auto wall = std::chrono::milliseconds(123'456);
    const std::string whole = stats.summary(wall);
    for (const std::size_t columns : {std::size_t{40}, std::size_t{50}, std::size_t{60}}) {
        const std::string wrapped = stats.summary(wall, columns);
        EXPECT_GT(lines_of(wrapped).size(), 2u) << wrapped;
        std::string joined;
        for (const std::string& line : lines_of(wrapped)) {
            EXPECT_LE(line.size(), columns) << line;
            joined +=
                line.rfind("fetch: ", 0) == 0 ? (joined.empty() ? "" : "\n") + line : " " + line.substr(7);
        }
        EXPECT_EQ(joined + "\n", whole) << wrapped;
    }
    EXPECT_EQ(lines_of(whole).size(), 2u);
}

}  // namespace
}  // namespace fetch
