#include "fetch/input/admission.hpp"

#include <gtest/gtest.h>

#include <future>

namespace fetch {
namespace {

TEST(Admission, AdmitsUpToJobsThenWaitsForASlot) {
    Admission admission(2, 0);
    ASSERT_TRUE(admission.admit(0, true));
    ASSERT_TRUE(admission.admit(1, true));
    // The third blocks until a slot is released: cancelling is the only way it returns false.
    auto third = std::async(std::launch::async, [&] { return admission.admit(2, true); });
    admission.cancel();
    EXPECT_FALSE(third.get());
    EXPECT_EQ(admission.peak_in_flight(), 2u);
}

TEST(Admission, ReleasedSlotAdmitsTheNext) {
    Admission admission(1, 0);
    ASSERT_TRUE(admission.admit(0, true));
    admission.release_slots(1);
    EXPECT_TRUE(admission.admit(1, true));
    EXPECT_EQ(admission.peak_in_flight(), 1u);
}

// A full gate reopens in bursts: the blocked reader resumes once a quarter of the limit is
// free again, and is then admitted without waiting until the gate is full again.
TEST(Admission, AFullGateReopensOnceAQuarterIsFree) {
    Admission admission(8, 0);
    for (std::uint64_t i = 0; i < 8; ++i)
        ASSERT_TRUE(admission.admit(i, true));
    auto ninth = std::async(std::launch::async, [&] { return admission.admit(8, true); });
    admission.release_slots(1);
    admission.release_slots(1);  // 6 of 8 in flight: a quarter is free
    EXPECT_TRUE(ninth.get());
    EXPECT_TRUE(admission.admit(9, true));  // 8 of 8 again, admitted at once
    EXPECT_EQ(admission.peak_in_flight(), 8u);
}

TEST(Admission, BadInputTakesNoSlot) {
    Admission admission(1, 0);
    ASSERT_TRUE(admission.admit(0, true));
    EXPECT_TRUE(admission.admit(1, false));
}

TEST(Admission, WindowHoldsBackRecordsFarAheadOfThePrinter) {
    Admission admission(100, 2);
    ASSERT_TRUE(admission.admit(0, true));
    ASSERT_TRUE(admission.admit(1, false));
    auto third = std::async(std::launch::async, [&] { return admission.admit(2, false); });
    admission.printed_up_to(1);  // record 0 printed: index 2 is inside the window now
    EXPECT_TRUE(third.get());
}

}  // namespace
}  // namespace fetch
