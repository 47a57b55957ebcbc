// The resume journal's commits, read back as a later run reads them, and the output checked
// against them before a run resumes.
#include "fetch/input/resume.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

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
        ASSERT_TRUE(second->begin(99));  // each run commits the size it begins at
    }
    auto third = open_state(journal.path());
    EXPECT_EQ(third->committed_size().value_or(-1), 99);
}

TEST(Resume, CommittedRecordsAreDoneAndTheLastSizeWins) {
    test::TempFile journal("");
    {
        auto first = open_state(journal.path());
        ASSERT_TRUE(first->begin(0));
        ASSERT_TRUE(first->append({{3, true}, {4, false}}, 120, std::string(120, 'a')));
        ASSERT_TRUE(first->append({{7, true}}, 180, std::string(60, 'b')));
    }
    auto second = open_state(journal.path());
    EXPECT_TRUE(second->has_output());
    EXPECT_EQ(second->done_count(), 3u);
    EXPECT_EQ(second->unmet_count(), 1u);
    EXPECT_TRUE(second->done(4));
    EXPECT_FALSE(second->done(5));
    EXPECT_EQ(second->committed_size().value_or(-1), 180);
}

Result<std::int64_t> check(ResumeState& state, const std::string& output) {
    const int fd = ::open(output.c_str(), O_RDWR | O_APPEND);
    Result<std::int64_t> size = state.check_output(fd, output);
    ::close(fd);
    return size;
}

// A journal of three batches (records 0-1, 2, 3) over `output`, as a run writes them.
void write_job(const std::string& journal, const std::string& output) {
    auto state = open_state(journal);
    ASSERT_EQ(check(*state, output).value(), 0);  // names the output
    ASSERT_TRUE(state->begin(0));
    const std::string batches[] = {"{\"index\":0}\n{\"index\":1}\n", "{\"index\":2}\n", "{\"index\":3}\n"};
    std::string written;
    std::vector<std::vector<WrittenRecord>> records = {{{0, true}, {1, true}}, {{2, true}}, {{3, true}}};
    for (int i = 0; i < 3; ++i) {
        written += batches[i];
        ASSERT_TRUE(state->append(records[static_cast<std::size_t>(i)],
                                  static_cast<std::int64_t>(written.size()), batches[i]));
    }
    std::ofstream(output, std::ios::trunc) << written;
}

// `head -c 30 out > x && mv x out`: the batches it lost are fetched again, and the output is cut
// back to its last whole batch, so that they are written once.
TEST(Resume, AnOutputCutShortLosesItsLastBatchesAndNothingElse) {
    test::TempFile journal(""), output("");
    write_job(journal.path(), output.path());
    const std::string whole = output.read();
    std::ofstream(output.path(), std::ios::trunc) << whole.substr(0, 30);  // inside record 2
    {
        auto state = open_state(journal.path());
        const Result<std::int64_t> size = check(*state, output.path());
        ASSERT_TRUE(size) << size.error();
        EXPECT_EQ(*size, 24);  // records 0 and 1
        EXPECT_EQ(output.read(), "{\"index\":0}\n{\"index\":1}\n");
        EXPECT_TRUE(state->done(1));
        EXPECT_FALSE(state->done(2));
        EXPECT_FALSE(state->done(3));
    }
    auto again = open_state(journal.path());  // the cut is journalled: a later run agrees
    EXPECT_EQ(again->done_count(), 2u);
    EXPECT_EQ(again->committed_size().value_or(-1), 24);
    EXPECT_EQ(check(*again, output.path()).value(), 24);
}

TEST(Resume, AnOutputWhoseCommittedBytesChangedIsRefused) {
    test::TempFile journal(""), output("");
    write_job(journal.path(), output.path());
    std::string content = output.read();
    content[14] = '7';  // {"index":1} becomes {"index":7}
    std::ofstream(output.path(), std::ios::trunc) << content;
    auto state = open_state(journal.path());
    const Result<std::int64_t> size = check(*state, output.path());
    ASSERT_FALSE(size);
    EXPECT_NE(size.error().find(output.path() + ": bytes 0 to 24 differ from what"), std::string::npos)
        << size.error();
}

TEST(Resume, BytesPastTheLastCommitAreCut) {
    test::TempFile journal(""), output("");
    write_job(journal.path(), output.path());
    std::ofstream(output.path(), std::ios::app) << "{\"index\":4";  // a batch torn by kill -9
    auto state = open_state(journal.path());
    EXPECT_EQ(check(*state, output.path()).value(), 48);
    EXPECT_EQ(state->done_count(), 4u);
}

// The fingerprint covers every byte: a URL changed in the middle of a large list is another job.
// `fetch --resume st urls > part-2`: another file than the last run's is neither checked nor cut.
TEST(Resume, AnotherOutputFileIsNotTakenForALostOne) {
    test::TempFile journal(""), output(""), other("");
    write_job(journal.path(), output.path());
    auto state = open_state(journal.path());
    EXPECT_EQ(check(*state, other.path()).value(), 0);
    EXPECT_EQ(state->done_count(), 4u);
}

TEST(Resume, TheListFingerprintCoversTheMiddleOfALargeList) {
    std::string list;
    for (int i = 0; i < 20000; ++i)
        list += "http://example.test/page/" + std::to_string(i) + "\n";
    test::TempFile file(list);
    InputOptions input;
    input.lists = {file.path()};
    const std::string before = fingerprint_lists(input);
    list[list.size() / 2 - 1] = '~';
    std::ofstream(file.path(), std::ios::trunc) << list;
    EXPECT_NE(fingerprint_lists(input), before);
}

TEST(Resume, SitemapsMustGiveTheEntriesTheJobBeganWith) {
    test::TempFile journal("");
    {
        auto first = open_state(journal.path());
        ASSERT_TRUE(first->check_sitemaps("aaaa"));
    }
    auto second = open_state(journal.path());
    EXPECT_TRUE(second->check_sitemaps("aaaa"));
    const Result<void> other = second->check_sitemaps("bbbb");
    ASSERT_FALSE(other);
    EXPECT_NE(other.error().find("the sitemaps give other entries"), std::string::npos) << other.error();
}

}  // namespace
}  // namespace fetch
