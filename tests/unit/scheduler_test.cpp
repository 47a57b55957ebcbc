// The scheduler alone, with a clock of the test's own: fairness between hosts, --per-host,
// -j slots, --rate and backoffs.
#include "net/scheduler.hpp"

#include <gtest/gtest.h>

namespace fetch {
namespace {

using Clock = Scheduler::Clock;

Job job(const std::string& host, std::uint64_t index) {
    Job j;
    j.host = host;
    j.index = index;
    return j;
}

std::vector<std::uint64_t> started(Scheduler& scheduler, Clock::time_point now) {
    std::vector<std::uint64_t> indices;
    scheduler.start_due(now, [&](Job j) { indices.push_back(j.index); });
    return indices;
}

struct Fixture {
    explicit Fixture(std::size_t slots_limit, std::size_t per_host = 0, double rate = 0)
        : slots(slots_limit), limiter(rate), scheduler(per_host, slots, limiter, [this] { ++woken; }) {}
    TransferSlots slots;
    RateLimiter limiter;
    int woken = 0;
    Scheduler scheduler;
};

TEST(Scheduler, HostsTakeTurns) {
    Fixture f(10);
    for (std::uint64_t i = 0; i < 3; ++i)
        f.scheduler.add(job("a", i));
    for (std::uint64_t i = 3; i < 5; ++i)
        f.scheduler.add(job("b", i));
    EXPECT_EQ(started(f.scheduler, Clock::now()), (std::vector<std::uint64_t>{0, 3, 1, 4, 2}));
}

TEST(Scheduler, SlotsBoundTheStartsAndAReleaseWakes) {
    Fixture f(2);
    for (std::uint64_t i = 0; i < 4; ++i)
        f.scheduler.add(job("h" + std::to_string(i), i));
    EXPECT_EQ(started(f.scheduler, Clock::now()).size(), 2u);
    EXPECT_EQ(f.woken, 0);
    f.scheduler.finished("h0");
    EXPECT_EQ(f.woken, 1);
    EXPECT_EQ(started(f.scheduler, Clock::now()), (std::vector<std::uint64_t>{2}));
}

TEST(Scheduler, PerHostLimitHoldsOnlyThatHost) {
    Fixture f(10, 1);
    f.scheduler.add(job("busy", 0));
    f.scheduler.add(job("busy", 1));
    f.scheduler.add(job("other", 2));
    EXPECT_EQ(started(f.scheduler, Clock::now()), (std::vector<std::uint64_t>{0, 2}));
    f.scheduler.finished("busy");
    EXPECT_EQ(started(f.scheduler, Clock::now()), (std::vector<std::uint64_t>{1}));
    f.scheduler.finished("busy");
    f.scheduler.finished("other");
    EXPECT_TRUE(f.scheduler.idle());
}

TEST(Scheduler, RateSpacesStartsOnTheTimerHeap) {
    Fixture f(10, 0, 10);  // one start per 100 ms
    const Clock::time_point t0 = Clock::now();
    for (std::uint64_t i = 0; i < 3; ++i)
        f.scheduler.add(job("h", i));
    EXPECT_EQ(started(f.scheduler, t0), (std::vector<std::uint64_t>{0}));
    ASSERT_TRUE(f.scheduler.next_timer());
    EXPECT_EQ(*f.scheduler.next_timer() - t0, std::chrono::milliseconds(100));
    EXPECT_TRUE(started(f.scheduler, t0 + std::chrono::milliseconds(99)).empty());
    EXPECT_EQ(started(f.scheduler, t0 + std::chrono::milliseconds(100)), (std::vector<std::uint64_t>{1}));
    EXPECT_EQ(started(f.scheduler, t0 + std::chrono::milliseconds(200)), (std::vector<std::uint64_t>{2}));
}

TEST(Scheduler, ABackoffPutsTheJobFirstInItsHostsLine) {
    Fixture f(1);
    const Clock::time_point t0 = Clock::now();
    f.scheduler.add(job("h", 0));
    EXPECT_EQ(started(f.scheduler, t0), (std::vector<std::uint64_t>{0}));
    f.scheduler.add(job("h", 1));
    f.scheduler.finished("h");
    f.scheduler.retry_at(job("h", 0), t0 + std::chrono::milliseconds(50));
    // Nothing jumps the queue before the backoff ends: job 1 starts now, job 0 after it.
    EXPECT_EQ(started(f.scheduler, t0), (std::vector<std::uint64_t>{1}));
    f.scheduler.finished("h");
    EXPECT_EQ(started(f.scheduler, t0 + std::chrono::milliseconds(50)), (std::vector<std::uint64_t>{0}));
}

}  // namespace
}  // namespace fetch
