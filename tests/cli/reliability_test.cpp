// Reliability (issue #7) on the built binary: the fault matrix, hostile input files and a
// soak. The promise under test: every input URL yields exactly one record, in bounded time
// and memory, whatever servers and input files do.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>

using namespace std::string_literals;
#include <fstream>
#include <set>

#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

std::string line_for(const std::vector<std::string>& lines, const std::string& url) {
    for (const std::string& line : lines) {
        if (json_field(line, "url") == url) return line;
    }
    return "(no record for " + url + ")";
}

// Sanitizers (ASan's quarantine in particular) change memory use, and they check leaks
// themselves: memory bounds are asserted in ordinary builds only.
struct Fault {
    std::string url, expect;  // an error kind, or "ok"
};

// Runs `faults` and a healthy page in one fetch run and checks: one record each, the expected
// result, within the timeout, decoded bytes within --max-body, and the healthy page unaffected.
void check_faults(TestServer& server, std::vector<Fault> faults, std::vector<std::string> args,
                  int timeout_ms) {
    faults.push_back({server.url("/page?title=healthy"), "ok"});
    args.insert(args.end(),
                {"--format", "jsonl", "-j", "32", "--timeout", std::to_string(timeout_ms / 1000)});
    for (const Fault& fault : faults)
        args.insert(args.end(), {"-u", fault.url});
    const RunResult run = run_fetch(args, std::nullopt, 4 * timeout_ms / 1000);
    EXPECT_EQ(run.exit_code, 1);
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), faults.size()) << run.out << run.err;  // one record each
    for (const Fault& fault : faults) {
        const std::string line = line_for(lines, fault.url);
        EXPECT_EQ(json_field(line, "error_kind").value_or("ok"), fault.expect) << fault.url << ": " << line;
        EXPECT_LT(json_number(line, "elapsed_ms"), timeout_ms) << line;
        EXPECT_LT(json_number(line, "bytes"), 9 << 20) << line;  // --max-body (8 MiB) and the drain
    }
    EXPECT_EQ(json_field(line_for(lines, server.url("/page?title=healthy")), "title"), "healthy");
    if (!instrumented) {
        EXPECT_LT(run.max_rss_kb, 300 * 1024) << "peak RSS in KiB";
    }
}

// Servers that answer wrongly, hugely or not at all. Only --timeout bounds these: the point
// is what each yields, not how fast a slowed-down (sanitized) build decodes a bomb.
TEST(Reliability, FaultMatrix) {
    TestServer server;
    const std::string refused = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
    check_faults(server,
                 {
                     {"http://no-such-host.invalid/", "dns"},
                     {refused, "connect"},
                     {server.url("/reset"), "network"},  // reset before the response
                     {server.url("/reset-mid-body"), "network"},
                     {server.url("/close-mid-chunk"), "network"},
                     {server.url("/bad-chunked"), "network"},     // invalid chunk size
                     {server.url("/close-mid-body"), "network"},  // Content-Length too long
                     {server.url("/short-length"), "ok"},         // Content-Length too short
                     {server.url("/continue"), "ok"},             // 100 and 103 before the response
                     {server.url("/http09"), "protocol"},
                     {server.url("/many-headers?count=100000"), "protocol"},
                     {server.url("/long-header?mb=10"), "protocol"},
                     {server.url("/gzip-bomb?mb=100"), "ok"},
                     {server.url("/file?name=bomb-100MiB.br&encoding=br"), "ok"},
                     {server.url("/corrupt-gzip"), "protocol"},
                     {server.url("/endless"), "ok"},
                     {server.url("/loop"), "redirects"},
                     {server.url("/redirect-to?url=" + percent_encode("file:///etc/passwd")), "redirects"},
                     {server.url("/binary-html?kb=256"), "ok"},
                     {server.url("/nul-html"), "ok"},
                     {server.url("/nested?n=1000000"), "ok"},
                     {server.url("/long-line?mb=100"), "ok"},  // 100 MB on one line, no title
                 },
                 {}, 60'000);
}

// Servers too slow to wait for: the low-speed abort ends them long before --timeout.
TEST(Reliability, SlowServersAreCutOff) {
    TestServer server;
    check_faults(server, {{server.url("/drip?ms=1000"), "timeout"}, {server.url("/silent"), "timeout"}},
                 {"--speed-limit", "100", "--speed-time", "2"}, 30'000);
}

TEST(Reliability, NulAndInterimResponsesGiveTheRightTitles) {
    TestServer server;
    const RunResult run = run_fetch({"--format", "jsonl", "--order", "input", "-u", server.url("/nul-html"),
                                     "-u", server.url("/continue")});
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(json_field(lines[0], "title"),
              "a\xEF\xBF\xBD"
              "b");
    EXPECT_EQ(json_field(lines[1], "title"), "after interim");
}

class HostileInput : public ::testing::Test {
protected:
    TestServer server;
    std::string good() { return server.url("/page?title=good"); }
};

TEST_F(HostileInput, NulBytesInvalidUtf8AndLongLinesAreRecordsNotCrashes) {
    const std::string content =
        "http://a/\0x\n"s + "http://caf\xE9.example/\n" + std::string(1 << 20, 'u') + "\n" + good() + "\n";
    TempFile list(content);
    const RunResult run = run_fetch({"--order", "input", list.path()});
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 4u) << run.out;
    EXPECT_TRUE(contains(lines[0], "control byte 0x00")) << lines[0];
    EXPECT_TRUE(contains(lines[1], "not valid UTF-8")) << lines[1];
    EXPECT_TRUE(contains(lines[2], "line is longer than")) << lines[2].substr(0, 100);
    EXPECT_EQ(lines[3], "200\t" + good() + "\tgood");
}

TEST_F(HostileInput, AMillionBlankLinesCostNothing) {
    TempFile list(std::string(1'000'000, '\n') + good() + "\n");
    const RunResult run = run_fetch({"--format", "jsonl", list.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    ASSERT_EQ(run.lines().size(), 1u);
    EXPECT_EQ(json_number(run.out, "line"), 1'000'001);
    if (!instrumented) {
        EXPECT_LT(run.max_rss_kb, 64 * 1024);
    }
}

TEST_F(HostileInput, ABinaryFileGivesOneRecordPerLineAndTheGoodUrlIsFetched) {
    std::string noise;
    std::uint32_t state = 7;
    for (int i = 0; i < (1 << 20); ++i) {
        state = state * 1103515245u + 12345u;
        noise.push_back(static_cast<char>(state >> 24));
    }
    TempFile list(noise);
    std::size_t expected = 0;  // lines (ended by LF, CRLF or a lone CR) that are neither blank nor comments
    std::string normalised = noise;
    for (std::size_t at = 0; (at = normalised.find("\r\n", at)) != std::string::npos;)
        normalised.erase(at, 1);
    std::replace(normalised.begin(), normalised.end(), '\r', '\n');
    std::istringstream lines(normalised);
    for (std::string line; std::getline(lines, line);) {
        const auto first = line.find_first_not_of(" \t\f");
        if (first != std::string::npos && line[first] != '#') ++expected;
    }
    const RunResult run = run_fetch({"-q", "--format", "jsonl", "-u", good(), list.path()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.lines().size(), expected + 1);
    EXPECT_TRUE(contains(run.out, R"("title":"good")"));
}

TEST_F(HostileInput, UnreadableListsAreNamedAndTheOthersStillFetched) {
    TempFile list(good() + "\n");
    // /proc/self/mem opens but cannot be read from its start: a read error mid-run.
    const RunResult run =
        run_fetch({"--order", "input", "/", "/proc/self/mem", "/nonexistent/urls", list.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(run.out, "200\t" + good() + "\tgood\n");
    for (const char* name : {"/: is a directory", "/proc/self/mem: read failed", "/nonexistent/urls: "}) {
        EXPECT_TRUE(contains(run.err, name)) << run.err;
    }
}

// Every URL: a record; no leak (under LeakSanitizer in CI); descriptors and memory flat.
TEST(Reliability, SoakWithTenPercentFailures) {
    const char* configured = std::getenv("FETCH_SOAK_URLS");
    const int count = configured ? std::atoi(configured) : 100'000;
    TestServer server;
    const std::string refused = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
    const std::vector<std::string> faults = {
        "/status/500",   "/reset",        "/close-mid-body", "/bad-chunked", "/http09",
        "/corrupt-gzip", "/short-length", "/status/503",     "/status/404",  "/redirect/2"};
    std::string list;
    for (int i = 0; i < count; ++i) {
        if (i % 10 == 3) {
            list += (i % 100 == 93 ? refused + std::to_string(i)
                                   : server.url(faults[static_cast<std::size_t>(i / 10) % faults.size()] +
                                                "?" + std::to_string(i))) +
                    "\n";
        } else {
            list += server.url("/page?title=p" + std::to_string(i)) + "\n";
        }
    }
    TempFile file(list);
    LiveFetch fetch({"-j", "64", "--format", "jsonl", "--fields", "index,status,error_kind", file.path()});
    std::set<long long> indexes;
    long early_rss = 0, late_rss = 0;
    std::size_t most_descriptors = 0;
    const auto sample = [&](long& rss) {
        std::ifstream status("/proc/" + std::to_string(fetch.pid()) + "/status");
        for (std::string line; std::getline(status, line);) {
            if (line.rfind("VmRSS:", 0) == 0) rss = std::stol(line.substr(6));
        }
        std::size_t descriptors = 0;
        for ([[maybe_unused]] const auto& entry :
             std::filesystem::directory_iterator("/proc/" + std::to_string(fetch.pid()) + "/fd")) {
            ++descriptors;
        }
        most_descriptors = std::max(most_descriptors, descriptors);
    };
    while (const auto line = fetch.read_line(60)) {
        indexes.insert(json_number(*line, "index"));
        if (indexes.size() == static_cast<std::size_t>(count) / 5) sample(early_rss);
        if (indexes.size() == static_cast<std::size_t>(count) * 9 / 10) sample(late_rss);
    }
    EXPECT_EQ(fetch.wait(), 1);
    EXPECT_EQ(indexes.size(), static_cast<std::size_t>(count));  // records out == URLs in, none twice
    EXPECT_EQ(*indexes.rbegin(), count - 1);
    EXPECT_LE(most_descriptors, 64u * 3 + 32) << "descriptors open at the most";
    if (!instrumented) {
        EXPECT_LE(late_rss, early_rss + early_rss / 5 + 4096)
            << "RSS (KiB) at 20% " << early_rss << ", at 90% " << late_rss;
    }
}

}  // namespace
}  // namespace fetch::test
