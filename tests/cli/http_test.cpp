// HTTP behaviour (issue #4): request options, retries, rate and per-host limits, the fault
// matrix and the safety limits, each against the scriptable test server on 127.0.0.1.
#include <gtest/gtest.h>

#include <algorithm>

#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

// The jsonl line whose url ends with `suffix`.
std::string line_for(const RunResult& run, const std::string& suffix) {
    for (const std::string& line : run.lines()) {
        if (contains(line, suffix + "\",")) return line;
    }
    return "(no record for " + suffix + ")";
}

class Http : public ::testing::Test {
protected:
    TestServer server;
    std::string url(const std::string& path) { return server.url(path); }
};

TEST_F(Http, HeadersAndUserAgent) {
    RunResult run = run_fetch({"-u", url("/echo")});
    EXPECT_TRUE(contains(run.out, "\tUA=fetch/")) << run.out;
    run = run_fetch({"-A", "custom/1.0", "-H", "X-Test: yes", "-u", url("/echo")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(contains(run.out, "\tUA=custom/1.0;AUTH=-;COOKIE=-;X=yes\n")) << run.out;
}

TEST_F(Http, MalformedHeaderOrResolveIsAUsageError) {
    EXPECT_EQ(run_fetch({"-H", "no colon here", "-u", url("/")}).exit_code, 2);
    EXPECT_EQ(run_fetch({"--resolve", "host-without-port", "-u", url("/")}).exit_code, 2);
    EXPECT_EQ(run_fetch({"--cacert", "/nonexistent/ca.pem", "-u", url("/")}).exit_code, 2);
    EXPECT_EQ(server.requests(), 0u);
}

TEST_F(Http, ProxyByOptionAndByEnvironment) {
    const std::string target = "http://origin.invalid/page";
    RunResult run = run_fetch({"-x", url(""), "-u", target});
    EXPECT_EQ(run.out, "200\t" + target + "\tproxied " + target + "\n") << run.err;
    run = run_fetch({"-u", target}, std::nullopt, 60, {"http_proxy=" + url("")});
    EXPECT_EQ(run.out, "200\t" + target + "\tproxied " + target + "\n") << run.err;
    run = run_fetch({"-u", target}, std::nullopt, 60, {"http_proxy=" + url(""), "no_proxy=origin.invalid"});
    EXPECT_TRUE(contains(run.out, "ERR\t" + target + "\tdns: ")) << run.out;  // bypassed the proxy
}

TEST_F(Http, ResolveLikeCurl) {
    const std::string port = std::to_string(server.port());
    const std::string target = "http://fetch-test.invalid:" + port + "/page?title=resolved";
    const RunResult run = run_fetch({"--resolve", "fetch-test.invalid:" + port + ":127.0.0.1", "-u", target});
    EXPECT_EQ(run.out, "200\t" + target + "\tresolved\n") << run.err;
}

// An idle keep-alive connection that its server closes is an event nobody asked for: fetch
// keeps idle sockets in its epoll set, so it must drop such a socket rather than spin on it,
// and the next URL to that server must still be fetched (on a new connection).
TEST_F(Http, ServersClosingIdleConnections) {
    TestServer other;
    std::string list, expected;
    for (int i = 0; i < 20; ++i) {
        const std::string closing = url("/then-close?title=c" + std::to_string(i));
        const std::string slow = other.url("/delay/20?title=s" + std::to_string(i));
        list += closing + "\n" + slow + "\n";
        expected += "200\t" + closing + "\tc" + std::to_string(i) + "\n200\t" + slow + "\ts" +
                    std::to_string(i) + "\n";
    }
    const RunResult run = run_fetch({"-j", "1", "-"}, list);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, expected);
    EXPECT_EQ(server.requests(), 20u);
}

TEST_F(Http, HeadRequestsGiveStatusOnly) {
    const RunResult run = run_fetch({"-I", "-u", url("/page?title=x"), "-u", url("/status/404")});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_TRUE(contains(run.out, "200\t" + url("/page?title=x") + "\t\n")) << run.out;
    EXPECT_TRUE(contains(run.out, "404\t" + url("/status/404") + "\t\n")) << run.out;
    EXPECT_EQ(server.methods(), (std::vector<std::string>{"HEAD", "HEAD"}));
}

TEST_F(Http, RetriesTransientStatusesAndCountsAttempts) {
    const RunResult run = run_fetch({"--format", "jsonl", "--retries", "3", "--retry-delay", "0.01", "-u",
                                     url("/flaky?key=retry-a&fail=2&status=503"), "-u",
                                     url("/flaky?key=retry-b&fail=1&status=429"), "-u", url("/status/404")});
    EXPECT_EQ(run.exit_code, 1);  // the 404 is final, and not retried
    const std::string a = line_for(run, "key=retry-a&fail=2&status=503");
    EXPECT_TRUE(contains(a, R"("status":200,"title":"recovered")")) << a;
    EXPECT_EQ(json_number(a, "attempts"), 3) << a;
    EXPECT_EQ(json_number(line_for(run, "key=retry-b&fail=1&status=429"), "attempts"), 2);
    EXPECT_EQ(json_number(line_for(run, "/status/404"), "attempts"), 1);
}

TEST_F(Http, GivesUpAfterTheLastRetry) {
    const RunResult run = run_fetch({"--format", "jsonl", "--retries", "2", "--retry-delay", "0.01", "-u",
                                     url("/flaky?key=give-up&fail=99&status=502")});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_TRUE(contains(run.out, R"("status":502)")) << run.out;
    EXPECT_EQ(json_number(run.out, "attempts"), 3);
}

TEST_F(Http, RetriesConnectionFailuresButNotDnsFailures) {
    const std::string refused = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
    const RunResult run = run_fetch({"--format", "jsonl", "--retries", "2", "--retry-delay", "0.01", "-u",
                                     refused, "-u", "http://no-such-host.invalid/"});
    EXPECT_EQ(json_number(line_for(run, refused), "attempts"), 3);
    EXPECT_EQ(json_number(line_for(run, "no-such-host.invalid/"), "attempts"), 1);
}

TEST_F(Http, RetryAfterIsHonouredAndCapped) {
    // The server asks for 1 s; the first backoff alone would be 10 ms.
    RunResult run = run_fetch({"--format", "jsonl", "--retries", "1", "--retry-delay", "0.01", "-u",
                               url("/flaky?key=after-1&fail=1&status=503&after=1")});
    EXPECT_TRUE(contains(run.out, R"("title":"recovered")")) << run.out;
    EXPECT_GE(json_number(run.out, "elapsed_ms"), 1000) << run.out;
    // With --retry-max-wait 0.2, a Retry-After of an hour waits 0.2 s.
    run = run_fetch({"--format", "jsonl", "--retries", "1", "--retry-max-wait", "0.2", "-u",
                     url("/flaky?key=after-3600&fail=1&status=503&after=3600")});
    EXPECT_TRUE(contains(run.out, R"("title":"recovered")")) << run.out;
    EXPECT_LT(json_number(run.out, "elapsed_ms"), 30000) << run.out;
}

TEST_F(Http, RateSpacesRequestStarts) {
    std::string list;
    for (int i = 0; i < 8; ++i)
        list += url("/page?title=r" + std::to_string(i)) + "\n";
    TempFile file(list);
    const auto launched = std::chrono::steady_clock::now();
    const RunResult run = run_fetch({"--rate", "20", "-j", "8", file.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    auto arrivals = server.arrivals();
    ASSERT_EQ(arrivals.size(), 8u);
    std::sort(arrivals.begin(), arrivals.end());
    // 20 per second: the k-th request starts no sooner than k * 50 ms after the first, which
    // starts after launch. (Gaps between neighbours prove nothing: a slow connect can delay
    // one arrival towards the next.)
    for (std::size_t k = 0; k < arrivals.size(); ++k) {
        EXPECT_GE(arrivals[k] - launched, std::chrono::milliseconds(50 * static_cast<int>(k) - 1))
            << "request " << k;
    }
}

TEST_F(Http, PerHostLimitDoesNotHoldUpOtherHosts) {
    TestServer slow, fast;
    std::string list;
    for (int i = 0; i < 4; ++i)
        list += slow.url("/delay/200?title=slow" + std::to_string(i)) + "\n";
    for (int i = 0; i < 4; ++i)
        list += fast.url("/page?title=fast" + std::to_string(i)) + "\n";
    TempFile file(list);
    const RunResult run = run_fetch({"--per-host", "1", "-j", "4", file.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(slow.peak_in_flight(), 1u);
    EXPECT_EQ(fast.peak_in_flight(), 1u);
    // The slow host's URLs run one after another (~800 ms); the fast host's are not queued
    // behind them: all four finish before the slow host's second.
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 8u) << run.out;
    const auto position = [&](const std::string& title) {
        return std::find_if(lines.begin(), lines.end(),
                            [&](const std::string& l) { return contains(l, "\t" + title); }) -
               lines.begin();
    };
    for (int i = 0; i < 4; ++i)
        EXPECT_LT(position("fast" + std::to_string(i)), position("slow1")) << run.out;
}

TEST_F(Http, WaitingForABusyHostDoesNotCountAgainstTheTimeout) {
    // One after another these take 1.8 s, beyond the 1 s timeout; each alone takes 0.6 s.
    const RunResult run = run_fetch({"--per-host", "1", "--timeout", "1", "-u", url("/delay/600?title=a"),
                                     "-u", url("/delay/600?title=b"), "-u", url("/delay/600?title=c")});
    EXPECT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(run.lines().size(), 3u);
    EXPECT_EQ(server.peak_in_flight(), 1u);
}

TEST_F(Http, CredentialsInUrlsAreRedacted) {
    const std::string port = std::to_string(server.port());
    const RunResult run =
        run_fetch({"--format", "jsonl", "-u", "http://alice:s3cret@127.0.0.1:" + port + "/echo"});
    EXPECT_FALSE(contains(run.out, "s3cret")) << run.out;
    EXPECT_TRUE(contains(run.out, "alice:***@")) << run.out;
    EXPECT_TRUE(contains(run.out, "AUTH=Basic ")) << run.out;  // sent all the same
}

TEST_F(Http, CredentialHeadersStayWithTheirHost) {
    TestServer other;
    const std::vector<std::string> auth = {"-H", "Authorization: Bearer token", "-H", "Cookie: session=1"};
    std::vector<std::string> args = auth;
    const std::string away = url("/redirect-to?url=" + percent_encode(other.url("/echo")));
    const std::string same = url("/redirect-to?url=%2Fecho");
    args.insert(args.end(), {"--order", "input", "-u", away, "-u", same});
    const RunResult run = run_fetch(args);
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 2u) << run.out;
    EXPECT_TRUE(contains(lines[0], "AUTH=-;COOKIE=-")) << lines[0];  // another host: not sent
    EXPECT_TRUE(contains(lines[1], "AUTH=Bearer token;COOKIE=session=1")) << lines[1];
}

// A request the server closed without answering (a graceful restart: a GOAWAY, a keep-alive
// connection closed under it) was never processed: it is sent again once, whatever --retries
// says, and counted in attempts. Once only: a server that never answers still fails.
TEST_F(Http, ARequestClosedUnansweredIsSentAgainOnce) {
    RunResult run = run_fetch({"--format", "jsonl", "--fields", "title,attempts,error_kind", "-u",
                               url("/unanswered?key=once")});
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    EXPECT_EQ(run.out, "{\"title\":\"answered\",\"attempts\":2,\"error_kind\":null}\n");
    run = run_fetch({"--format", "jsonl", "--fields", "attempts,error_kind", "-u",
                     url("/unanswered?key=twice&times=2")});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_TRUE(contains(run.out, "\"attempts\":2,")) << run.out;
}

}  // namespace
}  // namespace fetch::test
