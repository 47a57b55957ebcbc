#include "fetch/input/intake.hpp"

#include <gtest/gtest.h>

#include <future>

namespace fetch {
namespace {

TEST(Admission, AdmitsUpToJobsThenWaitsForASlot) {
    Admission admission(2, 0);
    ASSERT_TRUE(admission.admit(true));
    ASSERT_TRUE(admission.admit(true));
    // The third blocks until a slot is released: cancelling is the only way it returns false.
    auto third = std::async(std::launch::async, [&] { return admission.admit(true); });
    admission.cancel();
    EXPECT_FALSE(third.get());
    EXPECT_EQ(admission.peak_in_flight(), 2u);
}

TEST(Admission, ReleasedSlotAdmitsTheNext) {
    Admission admission(1, 0);
    ASSERT_TRUE(admission.admit(true));
    admission.release_slots(1);
    EXPECT_TRUE(admission.admit(true));
    EXPECT_EQ(admission.peak_in_flight(), 1u);
}

// A full gate reopens in bursts: the blocked reader resumes once a quarter of the limit is
// free again, and is then admitted without waiting until the gate is full again.
TEST(Admission, AFullGateReopensOnceAQuarterIsFree) {
    Admission admission(8, 0);
    for (std::uint64_t i = 0; i < 8; ++i)
        ASSERT_TRUE(admission.admit(true));
    auto ninth = std::async(std::launch::async, [&] { return admission.admit(true); });
    admission.release_slots(1);
    admission.release_slots(1);  // 6 of 8 in flight: a quarter is free
    EXPECT_TRUE(ninth.get());
    EXPECT_TRUE(admission.admit(true));  // 8 of 8 again, admitted at once
    EXPECT_EQ(admission.peak_in_flight(), 8u);
}

TEST(Admission, BadInputTakesNoSlot) {
    Admission admission(1, 0);
    ASSERT_TRUE(admission.admit(true));
    EXPECT_TRUE(admission.admit(false));
}

// Input order: the gate closes while the records held back for an earlier one take the whole
// window, and opens as soon as they take less.
TEST(Admission, AFullReorderWindowHoldsTheReaderBack) {
    Admission admission(100, 4096);
    ASSERT_TRUE(admission.admit(true));
    admission.holding(4096);
    auto next = std::async(std::launch::async, [&] { return admission.admit(true); });
    admission.holding(1024);  // the earliest record was printed, and the ones after it
    EXPECT_TRUE(next.get());
}

TEST(Admission, AFullReorderWindowWaitsUntilCancelled) {
    Admission admission(100, 4096);
    admission.holding(8192);
    auto next = std::async(std::launch::async, [&] { return admission.admit(false); });
    admission.cancel();
    EXPECT_FALSE(next.get());
}

}  // namespace
}  // namespace fetch
