// Lists of distinct hosts (issue #23): what fetch keeps per host is bounded by the work in
// flight, not by the hosts seen, and input order does not wait for a slow host to fetch the
// URLs after it. Costs themselves are measured in bench/ (S10-S13); these tests hold the
// mechanisms, through what a server can count.
#include <gtest/gtest.h>

#include <string>

#include "dns_server.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

DnsServer every_name_is_loopback() {
    return DnsServer([](const std::string&, DnsType type, int) {
        return DnsAnswer{type == DnsType::a ? std::vector<std::string>{"127.0.0.1"} : std::vector<std::string>{}};
    });
}

// libcurl keeps a finished transfer's connection until its cache holds four per transfer in
// flight, and then walks the whole cache after every transfer. A connection to a host that
// has no other URL waiting is closed at once instead.
TEST(DistinctHosts, NoConnectionIsKeptForAHostWithNothingWaiting) {
    TestServer server;
    DnsServer dns = every_name_is_loopback();
    constexpr int hosts = 400, jobs = 20;
    std::string list;
    for (int i = 0; i < hosts; ++i)
        list += server.url_on("h" + std::to_string(i) + ".distinct.test", "/page?title=t") + "\n";
    TempFile file(list);
    const RunResult run = run_fetch({"-q", "-j", std::to_string(jobs), "--workers", "1", "--dns-servers",
                                     dns.address(), file.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.lines().size(), static_cast<std::size_t>(hosts));
    EXPECT_EQ(server.requests(), static_cast<std::size_t>(hosts));
    // Each connection open at the server is a transfer in flight or one that has just ended;
    // kept ones would add up to 4 x jobs.
    EXPECT_LE(server.peak_connections(), static_cast<std::size_t>(jobs * 3 / 2));
}

// The same host's next URL, and a redirect to the same host and port, still reuse the
// connection.
TEST(DistinctHosts, ARedirectToTheSameHostReusesItsConnection) {
    TestServer server;
    const RunResult run = run_fetch({"-u", server.url("/redirect/3")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(server.requests(), 4u);
    EXPECT_EQ(server.peak_connections(), 1u);
}

}  // namespace
}  // namespace fetch::test
