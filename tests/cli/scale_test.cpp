// Lists of distinct hosts (issue #23): what fetch keeps per host is bounded by the work in
// flight, not by the hosts seen, and input order does not wait for a slow host to fetch the
// URLs after it. Costs themselves are measured in bench/ (S10-S13); these tests hold the
// mechanisms, through what a server can count.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "dns_server.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"
#include "wait.hpp"

namespace fetch::test {
namespace {

DnsServer every_name_is_loopback() {
    return DnsServer([](const std::string&, DnsType type, int) {
        return DnsAnswer{type == DnsType::a ? std::vector<std::string>{"127.0.0.1"} : std::vector<std::string>{}};
    });
}

// libcurl keeps a finished transfer's connection until its cache holds four per transfer in
// flight, and then walks the whole cache after every transfer. A connection to a host that
// has no other URL waiting is closed at once instead: once 400 distinct hosts are done and 20
// URLs hang, the server sees those 20 connections open and no other.
TEST(DistinctHosts, NoConnectionIsKeptForAHostWithNothingWaiting) {
    std::mutex mutex;
    std::condition_variable changed;
    bool released = false;
    TestServer server([&](const Request& request) {
        if (request.path != "/hold") return default_routes(request);
        std::unique_lock lock(mutex);
        changed.wait_for(lock, std::chrono::seconds(60), [&] { return released; });
        return Response::html("held");
    });
    DnsServer dns = every_name_is_loopback();
    constexpr int hosts = 400, jobs = 20;
    std::string list;
    for (int i = 0; i < hosts + jobs; ++i)
        list += server.url_on("h" + std::to_string(i) + ".distinct.test", i < hosts ? "/page?title=t" : "/hold") + "\n";
    TempFile file(list);
    auto run = std::async(std::launch::async, [&] {
        return run_fetch({"-q", "-j", std::to_string(jobs), "--workers", "1", "--timeout", "90", "--speed-time", "90",
                          "--dns-servers", dns.address(), file.path()},
                         std::nullopt, 120);
    });
    // Every held URL has arrived, so every other one is done; their connections must go.
    const bool all_held = eventually([&] { return server.requests() == static_cast<std::size_t>(hosts + jobs); });
    const bool only_held_open = all_held && eventually([&] { return server.open_connections() == jobs; });
    const std::size_t open = server.open_connections();
    {
        std::lock_guard lock(mutex);
        released = true;
    }
    changed.notify_all();
    const RunResult result = run.get();
    EXPECT_TRUE(all_held);
    EXPECT_TRUE(only_held_open) << open << " connections open while " << jobs << " URLs hang";
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.lines().size(), static_cast<std::size_t>(hosts + jobs));
}

// A remainder is read after the title only to keep the connection: with nothing else for the
// host, the transfer ends at the title instead of reading on (here 40 KiB after it).
TEST(DistinctHosts, NoRemainderIsReadForAConnectionThatWillNotBeKept) {
    TestServer server;
    const RunResult run = run_fetch({"--format", "jsonl", "--fields", "title,bytes", "-u",
                                     server.url("/big?kb=40&title=early")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(contains(run.out, "\"title\":\"early\"")) << run.out;
    const auto bytes = std::stoul(run.out.substr(run.out.find("\"bytes\":") + 8));
    EXPECT_LT(bytes, 40u * 1024) << run.out;
}

// A redirect to the same host and port, and the same host's next URL, still reuse the
// connection, even at -j 1, where the next URL is handed over only as the previous one ends.
TEST(DistinctHosts, ARedirectOrTheHostsNextUrlReusesItsConnection) {
    TestServer server;
    RunResult run = run_fetch({"-u", server.url("/redirect/3")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(server.requests(), 4u);
    EXPECT_EQ(server.connections(), 1u);

    std::string list;
    for (int i = 0; i < 20; ++i)
        list += server.url("/page?title=" + std::to_string(i)) + "\n";
    TempFile file(list);
    run = run_fetch({"-j", "1", file.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    // One connection for the 20, or two when the reader, on a loaded machine, had not handed
    // the second URL over yet as the first one's response came: never one per URL.
    EXPECT_LE(server.connections() - 1, 2u);
}

// Input order: the first URL hangs; every other URL is fetched while it does (the server sees
// them all before the first is answered), and the records still come out in input order.
TEST(InputOrder, ASlowURLDelaysPrintingNotFetching) {
    constexpr std::size_t others = 300;
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t answered = 0;
    bool released = false;
    TestServer server([&](const Request& request) {
        std::unique_lock lock(mutex);
        if (request.path == "/hold") {
            // Released once the others have all arrived, or after a bound that fails the test.
            changed.wait_for(lock, std::chrono::seconds(60), [&] { return released; });
            return Response::html("slow");
        }
        ++answered;
        changed.notify_all();
        return Response::html("fast");
    });
    std::string list = server.url("/hold") + "\n";
    for (std::size_t i = 0; i < others; ++i)
        list += server.url("/page?n=" + std::to_string(i)) + "\n";
    TempFile file(list);
    auto run = std::async(std::launch::async, [&] {
        return run_fetch({"--order", "input", "-j", "4", "--timeout", "90", "--speed-time", "90", file.path()},
                         std::nullopt, 120);
    });
    bool all_fetched = false;
    {
        std::unique_lock lock(mutex);
        all_fetched = changed.wait_for(lock, std::chrono::seconds(60), [&] { return answered == others; });
        released = true;
    }
    changed.notify_all();
    const RunResult result = run.get();
    EXPECT_TRUE(all_fetched) << answered << " of " << others << " fetched while the first URL hung";
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::vector<std::string> lines = result.lines();
    ASSERT_EQ(lines.size(), others + 1);
    EXPECT_EQ(lines.front(), "200\t" + server.url("/hold") + "\tslow");
    for (std::size_t i = 0; i < others; ++i)
        EXPECT_EQ(lines[i + 1], "200\t" + server.url("/page?n=" + std::to_string(i)) + "\tfast");
}

}  // namespace
}  // namespace fetch::test
