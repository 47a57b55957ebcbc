#include "net/record_batch.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>

namespace fetch {
namespace {

using namespace std::chrono_literals;
using Clock = RecordBatch::Clock;

Record record(std::uint64_t index) {
    Record r;
    r.index = index;
    return r;
}

const Clock::time_point t0 = Clock::time_point{} + 1h;  // any fixed moment: no real clock

TEST(RecordBatch, AnEmptyBatchIsNeverDue) {
    const RecordBatch batch(1, 5ms);
    EXPECT_FALSE(batch.due(t0));
    EXPECT_FALSE(batch.due(t0 + 1h));
}

TEST(RecordBatch, DueOnceItHoldsItsSize) {
    RecordBatch batch(3, 5ms);
    batch.add(record(0), t0);
    batch.add(record(1), t0);
    EXPECT_FALSE(batch.due(t0));
    batch.add(record(2), t0);
    EXPECT_TRUE(batch.due(t0));
}

TEST(RecordBatch, DueOnceItsOldestRecordHasWaitedTheDelay) {
    RecordBatch batch(100, 5ms);
    batch.add(record(0), t0);
    batch.add(record(1), t0 + 4ms);  // a later record does not restart the wait
    EXPECT_FALSE(batch.due(t0 + 4ms));
    EXPECT_TRUE(batch.due(t0 + 5ms));
}

TEST(RecordBatch, AHandoverStartsTheNextBatchAfresh) {
    RecordBatch batch(2, 5ms);
    batch.add(record(0), t0);
    batch.add(record(1), t0);
    std::vector<Record> handed = std::move(batch.records());
    batch.records().clear();  // as the writer leaves it
    EXPECT_EQ(handed.size(), 2u);
    EXPECT_EQ(handed[1].index, 1u);
    EXPECT_TRUE(batch.empty());

    batch.add(record(2), t0 + 10ms);  // its wait starts now, not at the first batch's start
    EXPECT_FALSE(batch.due(t0 + 14ms));
    EXPECT_TRUE(batch.due(t0 + 15ms));
}

}  // namespace
}  // namespace fetch
