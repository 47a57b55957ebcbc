// --robots on the built binary (issue #28), against local servers that count what they were
// asked: allowed and disallowed paths, 404 (allow all), 500 (disallow all), no answer, a
// redirected robots.txt, one robots.txt request per origin, and the exit status.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

// A site whose /robots.txt is `robots` (answered with `status`), every other path a page
// titled by its path; it counts the requests for each path.
class Site {
public:
    explicit Site(std::string robots, int status = 200)
        : state_(std::make_shared<State>()),
          server_([state = state_, robots = std::move(robots), status](const Request& request) {
              {
                  std::lock_guard lock(state->mutex);
                  ++state->seen[request.path];
              }
              if (request.path == "/moved-robots.txt") {
                  std::lock_guard lock(state->mutex);
                  return robots_response(state->moved, 200);
              }
              if (request.path == "/robots.txt") {
                  if (status == 301) {
                      Response moved;
                      moved.status = 301;
                      moved.headers.emplace_back("Location", "/moved-robots.txt");
                      return moved;
                  }
                  return robots_response(robots, status);
              }
              return Response::html("page " + request.path);
          }) {}

    std::string url(const std::string& path) const { return server_.url(path); }
    std::size_t seen(const std::string& path) const {
        std::lock_guard lock(state_->mutex);
        const auto found = state_->seen.find(path);
        return found == state_->seen.end() ? 0 : found->second;
    }
    void moved_robots(std::string text) {
        std::lock_guard lock(state_->mutex);
        state_->moved = std::move(text);
    }

private:
    struct State {
        std::mutex mutex;
        std::map<std::string, std::size_t> seen;
        std::string moved;
    };
    static Response robots_response(const std::string& text, int status) {
        Response response;
        response.status = status;
        response.body = text;
        response.headers.emplace_back("Content-Type", "text/plain");
        response.default_content_type = false;
        return response;
    }

    std::shared_ptr<State> state_;
    TestServer server_;
};

// The jsonl record of each URL, by its path.
std::map<std::string, std::string> records_by_path(const RunResult& run, const Site& site) {
    std::map<std::string, std::string> records;
    for (const std::string& line : run.lines()) {
        const std::string url = json_field(line, "url").value_or("");
        records[url.substr(site.url("").size())] = line;
    }
    return records;
}

RunResult run_robots(const Site& site, const std::vector<std::string>& paths, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--robots", "--format", "jsonl", "--fields", "url,status,crawl_delay,error_kind,error",
                                     "-j", "4"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (const std::string& path : paths)
        args.insert(args.end(), {"-u", site.url(path)});
    return run_fetch(args);
}

TEST(RobotsTxt, DisallowedPathsAreNotRequestedAndAllowedOnesAre) {
    Site site("User-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private\nAllow: /private/open\n"
              "Crawl-delay: 3\n");
    const RunResult run = run_robots(site, {"/public", "/private/secret", "/private/open/a", "/privately"});
    EXPECT_EQ(run.exit_code, 0) << run.err;  // a URL left alone on purpose meets the default --expect
    const auto records = records_by_path(run, site);
    ASSERT_EQ(records.size(), 4u) << run.out;
    EXPECT_EQ(json_number(records.at("/public"), "status"), 200);
    EXPECT_EQ(json_number(records.at("/private/open/a"), "status"), 200);
    EXPECT_EQ(json_field(records.at("/private/secret"), "error_kind"), "robots");
    EXPECT_EQ(json_field(records.at("/private/secret"), "error"), "robots.txt disallows it (Disallow: /private)");
    EXPECT_EQ(json_field(records.at("/privately"), "error_kind"), "robots");  // a prefix, as RFC 9309 says
    EXPECT_TRUE(contains(records.at("/public"), "\"crawl_delay\":3.000")) << records.at("/public");
    EXPECT_EQ(site.seen("/private/secret"), 0u);
    EXPECT_EQ(site.seen("/privately"), 0u);
    EXPECT_EQ(site.seen("/public"), 1u);
    EXPECT_EQ(site.seen("/robots.txt"), 1u);
}

TEST(RobotsTxt, AreNotReadWithoutTheOption) {
    Site site("User-agent: *\nDisallow: /\n");
    const RunResult run = run_fetch({"-q", "-u", site.url("/a"), "-u", site.url("/b")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(site.seen("/robots.txt"), 0u);
    EXPECT_EQ(site.seen("/a"), 1u);
}

TEST(RobotsTxt, A404AllowsEverything) {
    Site site("Disallow: /", 404);
    const RunResult run = run_robots(site, {"/a", "/b/c"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(site.seen("/a"), 1u);
    EXPECT_EQ(site.seen("/b/c"), 1u);
}

TEST(RobotsTxt, A500DisallowsEverythingForTheRun) {
    Site site("", 500);
    const RunResult run = run_robots(site, {"/a", "/b", "/c"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    for (const auto& [path, line] : records_by_path(run, site)) {
        EXPECT_EQ(json_field(line, "error_kind"), "robots") << line;
        EXPECT_NE(json_field(line, "error").value_or("").find("HTTP 500"), std::string::npos) << line;
    }
    EXPECT_EQ(site.seen("/a") + site.seen("/b") + site.seen("/c"), 0u);
    EXPECT_EQ(site.seen("/robots.txt"), 1u);
}

TEST(RobotsTxt, TheyAreFailuresUnderAStatedExpectation) {
    Site site("User-agent: *\nDisallow: /no\n");
    EXPECT_EQ(run_robots(site, {"/yes", "/no"}, {"--expect", "2xx,3xx"}).exit_code, 1);
    EXPECT_EQ(run_robots(site, {"/yes", "/no"}, {"-j", "1"}).exit_code, 0);  // -j 1: robots.txt needs no slot of its own
}

// A line without a scheme is tried over https first; when that site gives no answer (here a
// plain HTTP server, so no TLS), the line falls back to http, and http's robots.txt decides.
TEST(RobotsTxt, ALineWithoutASchemeFallsBackToHttpAndItsRobotsTxt) {
    Site site("User-agent: *\nDisallow: /no\n");
    const std::string host = site.url("").substr(std::string("http://").size());
    TempFile list(host + "/yes\n" + host + "/no\n");
    const RunResult run =
        run_fetch({"--robots", "--format", "jsonl", "--fields", "url,status,error_kind,fallback_reason", list.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err << run.out;
    const auto records = records_by_path(run, site);
    ASSERT_EQ(records.size(), 2u) << run.out;
    EXPECT_EQ(json_number(records.at("/yes"), "status"), 200) << run.out;
    EXPECT_EQ(json_field(records.at("/no"), "error_kind"), "robots") << run.out;
    EXPECT_TRUE(contains(json_field(records.at("/yes"), "fallback_reason").value_or(""), "robots.txt got no answer ("))
        << run.out;
    EXPECT_EQ(site.seen("/robots.txt"), 1u);
    EXPECT_EQ(site.seen("/no"), 0u);
}

// Google reads the first 500 KiB of a robots.txt; fetch the first 512 KiB, and ignores the rest.
TEST(RobotsTxt, OnlyTheFirst512KiBAreRead) {
    Site site("User-agent: *\nDisallow: /early\n# " + std::string(600 * 1024, 'x') + "\nDisallow: /late\n");
    const RunResult run = run_robots(site, {"/early", "/late"});
    const auto records = records_by_path(run, site);
    ASSERT_EQ(records.size(), 2u) << run.out << run.err;
    EXPECT_EQ(json_field(records.at("/early"), "error_kind"), "robots") << run.out;
    EXPECT_EQ(json_number(records.at("/late"), "status"), 200) << run.out;
}

TEST(RobotsTxt, JUnitListsADisallowedUrlAsSkipped) {
    Site site("User-agent: *\nDisallow: /no\n");
    const RunResult run = run_fetch({"--robots", "--format", "junit", "-u", site.url("/yes"), "-u", site.url("/no")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(contains(run.out, "skipped=\"1\"")) << run.out;
    EXPECT_TRUE(contains(run.out, "<skipped message=\"robots: robots.txt disallows it (Disallow: /no)\"/>")) << run.out;
    EXPECT_TRUE(contains(run.out, "errors=\"0\"")) << run.out;
}

TEST(RobotsTxt, ARedirectedRobotsTxtIsFollowed) {
    Site site("", 301);
    site.moved_robots("User-agent: fetch\nDisallow: /moved\n");
    const RunResult run = run_robots(site, {"/moved/x", "/kept"}, {"--no-follow"});
    const auto records = records_by_path(run, site);
    EXPECT_EQ(json_field(records.at("/moved/x"), "error_kind"), "robots") << run.out;
    EXPECT_EQ(json_number(records.at("/kept"), "status"), 200);
    EXPECT_EQ(site.seen("/moved-robots.txt"), 1u);
}

TEST(RobotsTxt, AnUnreachableSiteSaysWhyAndFails) {
    const std::string down = "http://127.0.0.1:" + std::to_string(closed_port());
    const RunResult run = run_fetch({"--robots", "--format", "jsonl", "-u", down + "/a", "-u", down + "/b"});
    EXPECT_EQ(run.exit_code, 1);
    ASSERT_EQ(run.lines().size(), 2u) << run.out;
    for (const std::string& line : run.lines()) {
        EXPECT_EQ(json_field(line, "error_kind"), "connect") << line;
        EXPECT_NE(json_field(line, "error").value_or("").find("robots.txt got no answer"), std::string::npos) << line;
    }
}

TEST(RobotsTxt, OneRobotsTxtRequestPerOriginForManyUrls) {
    Site first("User-agent: *\nDisallow: /odd\n"), second("");
    std::string list;
    for (int i = 0; i < 300; ++i)
        list += (i % 2 ? first : second).url((i % 3 ? "/even/" : "/odd/") + std::to_string(i)) + "\n";
    TempFile file(list);
    const RunResult run =
        run_fetch({"--robots", "-q", "--format", "jsonl", "--fields", "url,error_kind", "-j", "32", file.path()});
    ASSERT_EQ(run.lines().size(), 300u) << run.err;
    EXPECT_EQ(first.seen("/robots.txt"), 1u);
    EXPECT_EQ(second.seen("/robots.txt"), 1u);
    std::size_t refused = 0;
    for (const std::string& line : run.lines())
        refused += json_field(line, "error_kind") == "robots" ? 1 : 0;
    EXPECT_EQ(refused, 50u);  // odd numbers that are multiples of 3 on the first site
}

}  // namespace
}  // namespace fetch::test
