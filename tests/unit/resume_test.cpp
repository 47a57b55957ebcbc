// The resume journal's commits, read back as a later run reads them.
#include "fetch/input/resume.hpp"

#include <gtest/gtest.h>

#include "run_fetch.hpp"

namespace fetch {
namespace {

const JobIdentity job{"0123456789abcdef", "0/1", "jsonl", "index,url"};

std::unique_ptr<ResumeState> open_state(const std::string& path) {
    auto state = ResumeState::open(path, job, false);
    EXPECT_TRUE(state) << state.error();
    return state ? std::move(state).value() : nullptr;
}

// A run killed after writing records but before its first commit: the next run must cut them
// (the output's size when the job began), not keep them and fetch their URLs again.
TEST(Resume, AJobKilledBeforeItsFirstCommitHasItsOutputCut) {
    test::TempFile journal("");
    {
        auto first = open_state(journal.path());
        ASSERT_TRUE(first);
        ASSERT_TRUE(first->begin(42));  // the output held 42 bytes of something else
    }
    {
        auto second = open_state(journal.path());
        ASSERT_TRUE(second);
        ASSERT_TRUE(second->committed_size());
        EXPECT_EQ(*second->committed_size(), 42);
        EXPECT_FALSE(second->has_output()) << "no record was committed: a CSV header is still to come";
        EXPECT_EQ(second->done_count(), 0u);
        ASSERT_TRUE(second->begin(99));  // not begun here: no new commit
    }
    auto third = open_state(journal.path());
    EXPECT_EQ(third->committed_size().value_or(-1), 42);
}

TEST(Resume, CommittedRecordsAreDoneAndTheLastSizeWins) {
    test::TempFile journal("");
    {
        auto first = open_state(journal.path());
        ASSERT_TRUE(first->begin(0));
        ASSERT_TRUE(first->append({{3, true}, {4, false}}, 120));
        ASSERT_TRUE(first->append({{7, true}}, 180));
    }
    auto second = open_state(journal.path());
    EXPECT_TRUE(second->has_output());
    EXPECT_EQ(second->done_count(), 3u);
    EXPECT_EQ(second->unmet_count(), 1u);
    EXPECT_TRUE(second->done(4));
    EXPECT_FALSE(second->done(5));
    EXPECT_EQ(second->committed_size().value_or(-1), 180);
}

}  // namespace
}  // namespace fetch
