#include "fetch/output/stats.hpp"

#include <gtest/gtest.h>

#include <cstdint>

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
