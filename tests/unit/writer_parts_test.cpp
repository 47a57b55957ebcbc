// The writer's parts, each alone: the reorder window, the verdict and the sink.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fcntl.h>
#include <cerrno>

#include "fetch/app/option_table.hpp"
#include "fetch/output/sink.hpp"
#include "fetch/output/verdict.hpp"
#include "output/reorder.hpp"
#include "run_fetch.hpp"

namespace fetch {
namespace {

Record numbered(std::uint64_t index, long status = 200) {
    Record record;
    record.index = index;
    record.status = status;
    return record;
}

TEST(ReorderWindow, ReleasesRecordsInIndexOrder) {
    ReorderWindow window;
    std::vector<std::uint64_t> out;
    const auto ready = [&](const Record& r) { out.push_back(r.index); };
    for (const std::uint64_t index : {2u, 1u, 3u, 0u, 5u, 6u, 4u, 7u})
        window.add(numbered(index), ready);
    EXPECT_EQ(out, (std::vector<std::uint64_t>{0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(window.next_index(), 8u);
}

TEST(ReorderWindow, NothingLeavesBeforeItsPredecessors) {
    ReorderWindow window;
    std::vector<std::uint64_t> out;
    window.add(numbered(3), [&](const Record& r) { out.push_back(r.index); });
    window.add(numbered(1), [&](const Record& r) { out.push_back(r.index); });
    EXPECT_TRUE(out.empty());
    EXPECT_EQ(window.next_index(), 0u);
    EXPECT_EQ(window.held(), 2u);
    EXPECT_GE(window.held_bytes(), 2 * sizeof(Record));
    window.drain([&](const Record& r) { out.push_back(r.index); });  // a stopped run: gaps skipped
    EXPECT_EQ(out, (std::vector<std::uint64_t>{1, 3}));
}

// However far ahead of a slow record the others finish, they are held (no fixed ring to
// overrun), and what they occupy is counted until they leave.
TEST(ReorderWindow, HoldsAnyDistanceAndCountsItsBytes) {
    ReorderWindow window;
    std::vector<std::uint64_t> out;
    const auto ready = [&](const Record& r) { out.push_back(r.index); };
    for (std::uint64_t index = 1; index <= 100000; ++index)
        window.add(numbered(index), ready);
    EXPECT_TRUE(out.empty());
    EXPECT_GE(window.held_bytes(), 100000 * sizeof(Record));
    window.add(numbered(0), ready);
    EXPECT_EQ(out.size(), 100001u);
    EXPECT_EQ(window.held_bytes(), 0u);
    EXPECT_EQ(window.held(), 0u);
}

TEST(Verdict, CountsJudgesAndStopsOnceWithFailFast) {
    VerdictOptions options = default_options().verdict;
    options.fail_fast = true;
    RunStats stats;
    Verdict verdict(options, stats);
    Record records[] = {numbered(0, 200), numbered(1), numbered(2, 404), numbered(3, 500)};
    records[1].omitted = true;
    EXPECT_TRUE(verdict.judge(records[0]).met);
    EXPECT_TRUE(verdict.judge(records[1]).met);
    const Verdict::Judgement first = verdict.judge(records[2]);
    EXPECT_FALSE(first.met);
    EXPECT_TRUE(first.stop);
    EXPECT_FALSE(verdict.judge(records[3]).stop);  // stops the run once
    EXPECT_FALSE(verdict.all_met());
    EXPECT_EQ(stats.done(), 3u);  // the omitted record is not counted as done
}

struct Pipe {
    Pipe() { EXPECT_EQ(::pipe(fds), 0); }
    ~Pipe() {
        ::close(fds[0]);
        if (fds[1] >= 0) ::close(fds[1]);
    }
    std::string drain() {
        ::close(fds[1]);
        fds[1] = -1;
        std::string out;
        char buffer[4096];
        for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
            out.append(buffer, static_cast<std::size_t>(n));
        return out;
    }
    int fds[2] = {-1, -1};
};

TEST(Sink, JournalsRecordsOnlyOnceTheyAreWritten) {
    Pipe pipe;
    std::vector<std::uint64_t> journalled;
    std::int64_t size = 0;
    std::string bytes;
    Sink sink(pipe.fds[1], "pipe", [&](const std::vector<WrittenRecord>& records, std::int64_t at, std::string_view out) {
        for (const WrittenRecord& record : records)
            journalled.push_back(record.index);
        size = at;
        bytes = out;
        return Result<void>();
    });
    sink.append("header\n");
    sink.append_record({7, true, true}, "seven\n");
    sink.append_record({3, false, true}, "three\n");
    EXPECT_TRUE(journalled.empty());  // still in the buffer
    ASSERT_TRUE(sink.flush());
    EXPECT_EQ(journalled, (std::vector<std::uint64_t>{7, 3}));
    EXPECT_EQ(size, -1);  // a pipe has no size to cut back to
    EXPECT_EQ(sink.records_written(), 2u);
    EXPECT_EQ(bytes, "header\nseven\nthree\n");  // what the journal hashes: every byte since the last commit
    EXPECT_EQ(pipe.drain(), "header\nseven\nthree\n");
}

// -o is opened without O_TRUNC: yesterday's results stay until a record replaces them, and a
// header alone (a run that ends before its first record) replaces nothing.
TEST(Sink, AFileIsReplacedOnlyByItsFirstRecord) {
    test::TempFile file("yesterday's results\n");
    const int fd = ::open(file.path().c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    {
        Sink sink(fd, file.path(), {}, true);
        sink.append("status,url\r\n");
        ASSERT_TRUE(sink.flush());
        EXPECT_EQ(file.read(), "yesterday's results\n");
        sink.append_record({0, true, false}, "200,http://a/\r\n");
        ASSERT_TRUE(sink.flush());
        EXPECT_EQ(file.read(), "status,url\r\n200,http://a/\r\n");
    }
    {
        Sink sink(fd, file.path(), {}, true);  // a complete run with no record: its header is its output
        sink.append("status,url\r\n");
        ASSERT_TRUE(sink.flush());
        EXPECT_EQ(file.read(), "status,url\r\n200,http://a/\r\n");
        ASSERT_TRUE(sink.publish());
        EXPECT_EQ(file.read(), "status,url\r\n");
    }
    ::close(fd);
}

TEST(Sink, AFailedWriteIsKeptAndNothingIsJournalled) {
    const int full = ::open("/dev/full", O_WRONLY);
    ASSERT_GE(full, 0);
    bool journalled = false;
    Sink sink(full, "/dev/full",
              [&](const std::vector<WrittenRecord>&, std::int64_t, std::string_view) { return journalled = true, Result<void>(); });
    sink.append_record({0, true, true}, "lost\n");
    EXPECT_FALSE(sink.flush());
    EXPECT_EQ(sink.error(), ENOSPC);
    EXPECT_FALSE(journalled);
    ::close(full);
}

}  // namespace
}  // namespace fetch
