// The contract (issue #13), on the built binary under real operating conditions: every input
// line yields exactly one record, the exit status tells the truth, and --resume loses nothing
// and repeats nothing, whatever happens to the process, its files and its descriptors. Each test
// reproduces its condition for real: kill -9, a full tmpfs, ulimit -n, a reader that stops
// reading, closed descriptors, shared and hostile state files.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "json.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

std::string list_of(TestServer& server, int count, const std::string& path = "/page?title=p") {
    std::string list;
    for (int i = 0; i < count; ++i)
        list += server.url(path + std::to_string(i)) + "\n";
    return list;
}

// fetch run by /bin/sh, for redirections and limits a shell expresses best. FETCH is the binary.
RunResult run_shell(const std::string& script, int limit_seconds = 60) {
    return run_fetch_command({"/bin/sh", "-c", "export FETCH='" + std::string(FETCH_BINARY) + "'; " + script},
                             limit_seconds);
}

std::size_t file_size(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 ? static_cast<std::size_t>(info.st_size) : 0;
}

// The indices of a jsonl output, each line parsed as JSON: a torn or fused line fails here.
std::multiset<long long> indices_of(const std::string& jsonl) {
    std::multiset<long long> indices;
    std::size_t start = 0;
    for (std::size_t end; (end = jsonl.find('\n', start)) != std::string::npos; start = end + 1) {
        const Json record = parse_json(jsonl.substr(start, end - start));
        indices.insert(static_cast<long long>(record["index"].number()));
    }
    EXPECT_EQ(start, jsonl.size()) << "the output ends inside a record";
    return indices;
}

class Contract : public ::testing::Test {
protected:
    TestServer server;
};

// ---- the write path

TEST_F(Contract, AnOutputThatIsAListIsRefusedBeforeAnythingIsWritten) {
    TempFile list(list_of(server, 3));
    const std::string before = list.read();
    RunResult run = run_fetch({"-o", list.path(), list.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "error: -o " + list.path() + " is the list " + list.path() + " itself"))
        << run.err;
    EXPECT_EQ(list.read(), before);  // not truncated
    run = run_fetch({"--resume", list.path(), list.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "--resume " + list.path() + " is the list")) << run.err;
    run = run_shell("\"$FETCH\" '" + list.path() + "' >> '" + list.path() + "'");  // through another path
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(list.read(), before);
    EXPECT_EQ(server.requests(), 0u);
}

// Neither file exists yet, so only their names can tell: two spellings of one path.
TEST_F(Contract, AnOutputThatIsTheStateFileIsRefusedBeforeEitherIsCreated) {
    TempFile list(list_of(server, 3));
    const std::string name = "fetch-state-" + std::to_string(getpid());
    const std::string state = temp_directory() + "/" + name;
    const std::string spelled_otherwise = temp_directory() + "/./" + name;
    const RunResult run = run_fetch({"-o", spelled_otherwise, "--resume", state, list.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "is the --resume state file itself")) << run.err;
    EXPECT_NE(::access(state.c_str(), F_OK), 0) << "created " << state;
    EXPECT_EQ(server.requests(), 0u);
}

TEST_F(Contract, AFifoListIsReadOnceEvenWithTheProgressLine) {
    const std::string fifo = temp_directory() + "/fetch-fifo-" + std::to_string(getpid());
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    const std::string list = list_of(server, 3000);
    std::thread writer([&] { std::ofstream(fifo) << list; });
    // On a terminal, stderr shows the progress line, whose count must not read the FIFO.
    const TerminalRun run = run_in_terminal({"--color", "never", "-j", "32", fifo});
    writer.join();
    unlink(fifo.c_str());
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(server.requests(), 3000u);
    std::size_t records = 0;  // a record may follow a cleared progress line, not only a newline
    for (std::size_t at = 0; (at = run.screen.find("200\t" + server.url("/page"), at)) != std::string::npos;
         ++at)
        ++records;
    EXPECT_EQ(records, 3000u);
}

TEST_F(Contract, AFullDiskIsExitThreeNamingTheFile) {
    if (geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root (CI runs as root)";
    TempFile list(list_of(server, 2000));
    const std::string dir = temp_directory() + "/fetch-full-" + std::to_string(getpid());
    ASSERT_EQ(mkdir(dir.c_str(), 0700), 0);
    // A 32 KiB tmpfs in a private mount namespace: the output fills it, then the JUnit spool does.
    const RunResult run =
        run_shell("unshare -m sh -c 'mount -t tmpfs -o size=32k tmpfs " + dir + " && \"$FETCH\" -q -o " +
                  dir + "/out " + list.path() + "; echo \"output=$?\"; TMPDIR=" + dir +
                  " \"$FETCH\" -q --format junit " + list.path() + " > /dev/null; echo \"junit=$?\"' 2>&1");
    rmdir(dir.c_str());
    EXPECT_TRUE(contains(run.out, "output=3")) << run.out;
    EXPECT_TRUE(contains(run.out, dir + "/out: No space left on device")) << run.out;
    EXPECT_TRUE(contains(run.out, "junit=3")) << run.out;
    EXPECT_TRUE(contains(run.out, "temporary file in " + dir)) << run.out;
}

// ---- resume as a journal

TEST_F(Contract, KillNineAnywhereLosesAndRepeatsNothing) {
    const int count = 300;
    TempFile list(list_of(server, count, "/delay/10?title=k"));
    TempFile state(""), output("");
    std::mt19937 random(20261202);
    for (int kill_number = 0; kill_number < 20; ++kill_number) {
        LiveFetch fetch({"-q", "-j", "8", "--format", "jsonl", "--resume", state.path(), "-o", output.path(),
                         list.path()});
        // A random point: right away (a quarter of the time), or once the output has grown by
        // a random amount.
        const bool right_away = random() % 4 == 0;
        const std::size_t target = file_size(output.path()) + random() % 1500;  // up to ~10 records
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!right_away && file_size(output.path()) < target &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::yield();
        }
        fetch.signal(SIGKILL);
        fetch.wait();
    }
    const std::size_t before_last = file_size(output.path());
    const RunResult last = run_fetch(
        {"-q", "-j", "8", "--format", "jsonl", "--resume", state.path(), "-o", output.path(), list.path()});
    EXPECT_EQ(last.exit_code, 0) << last.err;
    EXPECT_GT(file_size(output.path()), before_last) << "the kills never left work for the last run";
    const std::multiset<long long> indices = indices_of(output.read());
    EXPECT_EQ(indices.size(), static_cast<std::size_t>(count)) << "records lost or repeated";
    EXPECT_EQ(std::set<long long>(indices.begin(), indices.end()).size(), static_cast<std::size_t>(count));
}

TEST_F(Contract, AResumedRunOfAFailedJobIsStillRed) {
    TempFile list(server.url("/page?title=ok") + "\n" + server.url("/status/404") + "\n");
    TempFile state("");
    EXPECT_EQ(run_fetch({"--resume", state.path(), list.path()}).exit_code, 1);
    const std::size_t requests = server.requests();
    const RunResult again = run_fetch({"--resume", state.path(), list.path()});
    EXPECT_EQ(again.exit_code, 1);  // a pod retry or a CI re-run does not turn the job green
    EXPECT_EQ(again.out, "");
    EXPECT_EQ(server.requests(), requests);  // nothing fetched twice
}

TEST_F(Contract, AStateFileOfAnotherJobIsRefusedWithTheReason) {
    TempFile a(list_of(server, 3)), b(list_of(server, 4)), state("");
    ASSERT_EQ(run_fetch({"--resume", state.path(), a.path()}).exit_code, 0);
    RunResult run = run_fetch({"--resume", state.path(), b.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "another job (other lists")) << run.err;
    run = run_fetch({"--resume", state.path(), "--format", "jsonl", a.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "format text, not jsonl")) << run.err;
    EXPECT_TRUE(contains(run.err, "--resume-force")) << run.err;
    run = run_fetch({"--resume", state.path(), "--shard", "1/2", a.path()});
    EXPECT_EQ(run.exit_code, 2);
    run = run_fetch({"--resume", state.path(), "--resume-force", b.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
}

TEST_F(Contract, ATornLineInTheStateFileIsNotTakenAsDone) {
    TempFile list(list_of(server, 2));
    TempFile state("");
    ASSERT_EQ(run_fetch({"--resume", state.path(), list.path()}).exit_code, 0);
    std::string content = state.read();
    // The job's header (its lines start with a letter) and a torn "0": records land in
    // completion order, so "1" may come before "0" and is dropped with the rest.
    std::string header;
    for (std::istringstream lines(content); std::getline(lines, content);)
        if (!content.empty() && std::isalpha(static_cast<unsigned char>(content[0]))) header += content + "\n";
    content = header + "0";
    std::ofstream(state.path(), std::ios::trunc) << content;
    const RunResult run = run_fetch({"--resume", state.path(), list.path()});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.lines().size(), 2u) << run.out;  // both fetched again
    EXPECT_TRUE(contains(run.err, "cut short")) << run.err;
}

TEST_F(Contract, HugeIndicesCostNothing) {
    TempFile list(list_of(server, 2));
    TempFile state("");
    ASSERT_EQ(run_fetch({"--resume", state.path(), list.path()}).exit_code, 0);
    std::ofstream(state.path(), std::ios::app) << "999999999999999999 met\n9999999999 met\n@ -\n";
    const RunResult run = run_fetch({"--resume", state.path(), list.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(contains(run.err, "1 malformed line ignored")) << run.err;  // past any list
    if (!instrumented) {
        EXPECT_LT(run.max_rss_kb, 64 * 1024);
    }
}

TEST_F(Contract, TwoProcessesCannotShareAStateFile) {
    TempFile state("");
    LiveFetch first({"--resume", state.path(), "-"});  // holds the lock while it waits for stdin
    first.write_stdin(server.url("/page?title=first") + "\n");
    ASSERT_TRUE(first.read_line());
    const RunResult second = run_fetch({"--resume", state.path(), "-u", server.url("/page")});
    EXPECT_EQ(second.exit_code, 2);
    EXPECT_TRUE(contains(second.err, "in use by another fetch")) << second.err;
    first.close_stdin();
    EXPECT_EQ(first.wait(), 0);
}

TEST_F(Contract, ATornOutputTailIsCutAndCsvHasOneHeader) {
    TempFile list(list_of(server, 6));
    TempFile state(""), output("");
    std::vector<std::string> args = {"--format",    "csv",     "--resume", state.path(), "-o",
                                     output.path(), "--shard", "0/1",      list.path()};
    // A first run, then a fragment as a kill mid-write would leave it, then the resumed run.
    ASSERT_EQ(run_fetch(args).exit_code, 0);
    const std::string whole = output.read();
    std::ofstream(output.path(), std::ios::app) << "200,http://fragment";
    const RunResult resumed = run_fetch(args);
    EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_EQ(output.read(), whole);  // the fragment is gone; nothing was fetched again
    const auto rows = parse_csv(output.read());
    EXPECT_EQ(rows.size(), 7u);  // one header row, six records
}

TEST_F(Contract, JunitCannotBeResumed) {
    TempFile state("");
    const RunResult run =
        run_fetch({"--format", "junit", "--resume", state.path(), "-u", server.url("/page")});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "JUnit report is one document")) << run.err;
}

// ---- exit status

TEST_F(Contract, NoUrlsReadIsAUsageError) {
    TempFile empty("# only a comment\n\n");
    RunResult run = run_fetch({empty.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "no URLs read from " + empty.path())) << run.err;
    EXPECT_EQ(run_fetch({"--allow-empty", empty.path()}).exit_code, 0);
    run = run_fetch({}, std::string());  // empty stdin
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "no URLs read from standard input")) << run.err;
}

TEST_F(Contract, ClosedStandardDescriptorsNeitherHangNorMisdirect) {
    RunResult run = run_shell("\"$FETCH\" <&-; echo \"status=$?\"", 20);
    EXPECT_TRUE(contains(run.out, "status=2")) << run.out;  // an empty stdin, not a hang
    TempFile output("");
    run = run_shell("\"$FETCH\" -o '" + output.path() + "' -u ftp://x/ -u '" + server.url("/page?title=t") +
                    "' 2>&-; echo \"status=$?\"");
    EXPECT_TRUE(contains(run.out, "status=1")) << run.out;
    const std::string records = output.read();
    EXPECT_FALSE(contains(records, "warning")) << records;  // warnings went nowhere
    EXPECT_EQ(std::count(records.begin(), records.end(), '\n'), 2);
    // Records bound for a closed stdout have nowhere to go: red at once, not a green run
    // whose records went to /dev/null.
    const std::size_t requests_before = server.requests();
    run = run_shell("\"$FETCH\" -u '" + server.url("/page?title=t") + "' >&-; echo \"status=$?\" >&2");
    EXPECT_TRUE(contains(run.err, "status=3")) << run.err;
    EXPECT_TRUE(contains(run.err, "standard output is closed")) << run.err;
    EXPECT_EQ(server.requests(), requests_before);  // refused before any fetch
}

TEST_F(Contract, SighupIsHandledLikeSigterm) {
    TempFile list(list_of(server, 200, "/delay/100?title=h"));
    LiveFetch fetch({"-j", "2", "--stats", list.path()});
    ASSERT_TRUE(fetch.read_line());
    fetch.signal(SIGHUP);
    long long written = 1;
    while (fetch.read_line(10))
        ++written;
    EXPECT_EQ(fetch.wait(), 129);
    EXPECT_EQ(written + not_fetched_of(fetch.err()), 200) << fetch.err();  // adds up
    EXPECT_TRUE(contains(fetch.err(), "latency p50")) << "no summary: " << fetch.err();
}

// ---- stopping and memory

TEST_F(Contract, ATermWithAStalledReaderEndsInBoundedTime) {
    TempFile list(list_of(server, 20000));
    LiveFetch fetch({"-j", "16", list.path()});  // nobody reads its stdout
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.requests() < 200 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
    const auto signalled = std::chrono::steady_clock::now();
    fetch.signal(SIGTERM);
    EXPECT_EQ(fetch.wait(), 143);
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(5));
    // "1 URL was" or "N URLs were": how many depends on how far the stalled pipe let it get.
    EXPECT_TRUE(contains(fetch.err(), "URL was not fetched or not written") ||
                contains(fetch.err(), "URLs were not fetched or not written"))
        << fetch.err();
    long long written = 0;  // what reached the pipe, read now that fetch has gone
    while (fetch.read_line(1))
        ++written;
    EXPECT_EQ(written + not_fetched_of(fetch.err()), 20000) << fetch.err();  // adds up
}

TEST_F(Contract, AStalledReaderStopsAdmissionAndBoundsMemory) {
    TempFile list(list_of(server, 50000));
    LiveFetch fetch({"-j", "64", list.path()});  // nobody reads its stdout
    // Without backpressure the test server answers thousands a second; with it, fetch stops
    // once the pipe and 2 x -j admitted records are full.
    const auto window_end = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (server.requests() < 10000 && std::chrono::steady_clock::now() < window_end)
        std::this_thread::yield();
    EXPECT_LT(server.requests(), 5000u) << "admission went on while nothing was written";
    long rss_kb = 0;
    std::ifstream status("/proc/" + std::to_string(fetch.pid()) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) rss_kb = std::stol(line.substr(6));
    }
    if (!instrumented) {
        EXPECT_LE(rss_kb, 64 * 1024);
    }
    fetch.signal(SIGKILL);
}

TEST_F(Contract, TitleLessBombsCostASmallMultipleOfTheReadChunk) {
    std::string list;
    // 32 MiB each, 32 times --max-body: what is cut off must cost nothing, and a slow machine
    // (CI's run 20x slower than a laptop) must not turn the parsing into timeouts and retries.
    for (int i = 0; i < 32; ++i)
        list += server.url("/gzip-bomb?mb=32&n=" + std::to_string(i)) + "\n";
    TempFile file(list);
    const RunResult run = run_fetch({"-j", "32", "--max-body", "1M", "--timeout", "50", "--format", "tsv",
                                     "--fields", "status,title,error_kind", file.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.lines().size(), 32u);
    if (!instrumented) {
        EXPECT_LE(run.max_rss_kb, 100 * 1024) << "32 bombs in flight";
    }
}

TEST_F(Contract, HugeTitlesInInputOrderStayWithinBounds) {
    TempFile list(list_of(server, 200, "/big-title?mb=2&n="));
    const RunResult run =
        run_fetch({"--order", "input", "--format", "jsonl", "--fields", "index,title_cut", list.path()});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.lines().size(), 200u);
    EXPECT_TRUE(contains(run.out, R"("title_cut":true)")) << run.out.substr(0, 200);
    if (!instrumented) {
        EXPECT_LE(run.max_rss_kb, 64 * 1024);
    }
}

// ---- right records

TEST_F(Contract, ATitleThatArrivedIsKeptWhenTheRestStallsOrDrips) {
    const RunResult run = run_fetch({"--format", "jsonl", "--fields", "url,title,error_kind,elapsed_ms", "-u",
                                     server.url("/drip?ms=200&title=dripping&length=5000"), "-u",
                                     server.url("/drip?ms=60000&title=stalled&length=5000")});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_TRUE(contains(run.out, R"("title":"dripping","error_kind":null)")) << run.out;
    EXPECT_TRUE(contains(run.out, R"("title":"stalled","error_kind":null)")) << run.out;
    for (const std::string& line : run.lines())
        EXPECT_LT(json_number(line, "elapsed_ms"), 5000) << line;  // not the 10 s timeout
}

TEST_F(Contract, ALowDescriptorLimitQueuesInsteadOfFailing) {
    TempFile list(list_of(server, 2000));
    const RunResult run = run_shell("ulimit -n 64 && \"$FETCH\" -j 1000 --format tsv --fields error_kind '" +
                                    list.path() + "' | sort | uniq -c; echo \"status=$?\"");
    EXPECT_TRUE(contains(run.out, "2000 \n")) << run.out;  // every record without an error
    EXPECT_TRUE(contains(run.err, "running -j")) << run.err;
}

TEST_F(Contract, StatusLikeHeaderLinesDoNotResetTheBudget) {
    const RunResult run = run_fetch({"--max-header-bytes", "64k", "--format", "tsv", "--fields",
                                     "error_kind,error", "-u", server.url("/status-like-headers?kb=512")});
    EXPECT_EQ(run.out, "protocol\tresponse headers exceed 65536 bytes\n");
}

TEST_F(Contract, UndecodableBodiesAreProtocolErrors) {
    std::vector<std::string> args = {"--format", "tsv", "--fields", "error_kind"};
    for (int seed = 1; seed <= 40; ++seed) {
        args.insert(args.end(), {"-u", server.url("/garbage?encoding=br&seed=" + std::to_string(seed))});
    }
    args.insert(args.end(), {"-u", server.url("/garbage?encoding=gzip")});
    const RunResult run = run_fetch(args);
    for (const std::string& line : run.lines())
        EXPECT_TRUE(line == "protocol" || line.empty()) << line;  // never "other"
    EXPECT_TRUE(contains(run.out, "protocol")) << run.out;
}

TEST_F(Contract, ARedirectToAnUnusableTargetIsARedirectsError) {
    const RunResult run =
        run_fetch({"--format", "tsv", "--fields", "error_kind", "-u",
                   server.url("/redirect-to?url=" + percent_encode("http://127.0.0.1/a\x1b[2Jb"))});
    EXPECT_EQ(run.out, "redirects\n");
}

TEST_F(Contract, AHeadResponseNeverPoisonsTheNextUrl) {
    const RunResult run = run_fetch({"-I", "-j", "1", "--format", "tsv", "--fields", "status", "-u",
                                     server.url("/head-with-body"), "-u", server.url("/head-with-body?2"),
                                     "-u", server.url("/page")});
    EXPECT_EQ(run.out, "200\n200\n200\n");
}

TEST_F(Contract, LoneCarriageReturnsAndUtf16ListsGiveOneRecordPerLine) {
    TempFile cr(server.url("/page?title=a") + "\r" + server.url("/page?title=b") + "\r\r" +
                server.url("/page?title=c"));
    EXPECT_EQ(run_fetch({cr.path()}).lines().size(), 3u);
    std::string utf16 = "\xFF\xFE";
    for (const char c : server.url("/page?title=a") + "\r\n" + server.url("/page?title=b") + "\r\n")
        utf16 += std::string{c, '\0'};
    TempFile wide(utf16);
    const RunResult run = run_fetch({"--order", "input", wide.path()});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(run.lines().size(), 2u);
}

}  // namespace
}  // namespace fetch::test
