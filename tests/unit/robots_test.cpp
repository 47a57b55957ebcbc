// The robots.txt parser and matcher (RFC 9309), as a pure function: groups, product tokens,
// longest match, Allow at equal length, wildcards, percent-encoding.
#include <gtest/gtest.h>

#include "net/robots.hpp"

namespace fetch {
namespace {

bool allowed(std::string_view robots, std::string_view path, std::string_view token = "fetch") {
    return parse_robots(robots, token).check(path).allowed;
}

TEST(Robots, OurGroupWinsOverTheStarGroup) {
    const std::string robots =
        "User-agent: *\nDisallow: /\n\nUser-agent: FETCH\nDisallow: /private\n";
    EXPECT_TRUE(allowed(robots, "/public"));
    EXPECT_FALSE(allowed(robots, "/private/x"));
    EXPECT_FALSE(allowed(robots, "/public", "otherbot"));  // only '*' speaks to it
}

TEST(Robots, TheProductTokenIsTheLeadingLettersOfTheValue) {
    EXPECT_FALSE(allowed("User-agent: fetch/2.0 (+https://x)\nDisallow: /a\n", "/a"));
    EXPECT_TRUE(allowed("User-agent: fetcher\nDisallow: /a\n", "/a"));  // not a prefix match
    EXPECT_EQ(robots_product_token("fetch/0.1.0"), "fetch");
    EXPECT_EQ(robots_product_token("My_Bot-2/1.0"), "My_Bot-");
    EXPECT_EQ(robots_product_token("/1.0"), "fetch");
}

TEST(Robots, GroupsForUsAreMergedAndUserAgentLinesShareTheirRules) {
    const std::string robots =
        "user-agent: a\nuser-agent: fetch\ndisallow: /one\n"
        "user-agent: b\ndisallow: /two\n"
        "USER-AGENT: fetch\nDISALLOW: /three\n";
    EXPECT_FALSE(allowed(robots, "/one"));
    EXPECT_TRUE(allowed(robots, "/two"));
    EXPECT_FALSE(allowed(robots, "/three"));
}

TEST(Robots, LongestMatchWinsAndAllowWinsATie) {
    const std::string robots = "User-agent: *\nDisallow: /shop\nAllow: /shop/public\nDisallow: /shop/public/x\n"
                               "Allow: /tie\nDisallow: /tie\n";
    EXPECT_FALSE(allowed(robots, "/shop/cart"));
    EXPECT_TRUE(allowed(robots, "/shop/public/a"));
    EXPECT_FALSE(allowed(robots, "/shop/public/xyz"));
    EXPECT_TRUE(allowed(robots, "/tie/a"));
    EXPECT_EQ(parse_robots(robots, "fetch").check("/shop/cart").rule, "Disallow: /shop");
}

TEST(Robots, WildcardsAndTheEndAnchor) {
    const std::string robots = "User-agent: *\nDisallow: /*.pdf$\nDisallow: /a*b/c\nDisallow: /exact$\n";
    EXPECT_FALSE(allowed(robots, "/docs/x.pdf"));
    EXPECT_TRUE(allowed(robots, "/docs/x.pdf?download=1"));
    EXPECT_FALSE(allowed(robots, "/axxb/c/d"));
    EXPECT_TRUE(allowed(robots, "/ab/x"));
    EXPECT_FALSE(allowed(robots, "/exact"));
    EXPECT_TRUE(allowed(robots, "/exactly"));
    EXPECT_TRUE(robots_pattern_matches("/a$b", "/a$b/c"));  // '$' anchors only at the end
    EXPECT_TRUE(robots_pattern_matches("*", ""));
    EXPECT_FALSE(robots_pattern_matches("/a*$", "/b"));
}

TEST(Robots, PercentEncodingIsNormalisedOnBothSides) {
    // RFC 9309 2.2.2's table.
    EXPECT_FALSE(allowed("User-agent: *\nDisallow: /foo/bar/ツ\n", "/foo/bar/%E3%83%84"));
    EXPECT_FALSE(allowed("User-agent: *\nDisallow: /foo/bar/%e3%83%84\n", "/foo/bar/%E3%83%84"));
    EXPECT_FALSE(allowed("User-agent: *\nDisallow: /foo/bar/%62%61%7A\n", "/foo/bar/baz"));
    EXPECT_FALSE(allowed("User-agent: *\nDisallow: /foo/bar/baz\n", "/foo/bar/%62%61%7A"));
    EXPECT_TRUE(allowed("User-agent: *\nDisallow: /a%2Fb\n", "/a/b"));  // %2F is not '/'
    EXPECT_EQ(normalise_robots_path("/a b%7e%2f\xC3\xA9"), "/a%20b~%2F%C3%A9");
}

TEST(Robots, EmptyRulesCommentsLineEndsAndStrayRules) {
    const std::string robots =
        "\xEF\xBB\xBF"
        "Disallow: /before-any-group\r"
        "User-agent: * # everyone\r\n"
        "Disallow:\r\n"
        "Sitemap: https://x/sitemap.xml\n"
        "Disallow: /tmp # temporary\n"
        "nonsense line\n";
    EXPECT_TRUE(allowed(robots, "/before-any-group"));
    EXPECT_TRUE(allowed(robots, "/anything"));
    EXPECT_FALSE(allowed(robots, "/tmp/a"));
}

TEST(Robots, NoGroupForUsOrForEveryoneAllowsEverything) {
    EXPECT_TRUE(allowed("User-agent: otherbot\nDisallow: /\n", "/x"));
    EXPECT_TRUE(allowed("", "/x"));
    EXPECT_TRUE(allowed("\x01\x02 garbage \xFF", "/x"));
}

TEST(Robots, RobotsTxtItselfIsAlwaysAllowedAndDisallowAllIsEverythingElse) {
    const RobotsRules all = RobotsRules::disallow_all();
    EXPECT_FALSE(all.check("/").allowed);
    EXPECT_FALSE(all.check("").allowed);
    EXPECT_FALSE(all.check("/a?b").allowed);
    EXPECT_TRUE(all.check("/robots.txt").allowed);
    EXPECT_TRUE(RobotsRules::allow_all().check("/a").allowed);
}

TEST(Robots, CrawlDelayIsReadFromOurGroup) {
    EXPECT_EQ(parse_robots("User-agent: *\nCrawl-delay: 2.5\n", "fetch").crawl_delay(), 2.5);
    EXPECT_EQ(parse_robots("User-agent: fetch\nCrawl-delay: 7\nUser-agent: *\nCrawl-delay: 1\n", "fetch").crawl_delay(), 7);
    EXPECT_FALSE(parse_robots("User-agent: *\nCrawl-delay: soon\n", "fetch").crawl_delay());
}

TEST(Robots, WhatIsKeptIsBounded) {
    std::string robots = "User-agent: *\n";
    for (int i = 0; i < 5000; ++i)
        robots += "Disallow: /p" + std::to_string(i) + "\n";
    robots += "Disallow: /" + std::string(4096, 'a') + "\n";
    const RobotsRules rules = parse_robots(robots, "fetch");
    EXPECT_EQ(rules.rule_count(), 1000u);
    EXPECT_LT(rules.memory(), 64u * 1024);
    // A pathological pattern still answers (bounded by the pattern cap).
    const RobotsRules stars = parse_robots("User-agent: *\nDisallow: /" + std::string(250, '*') + "a*b$\n", "fetch");
    EXPECT_TRUE(stars.check("/" + std::string(4000, 'a')).allowed);
}

}  // namespace
}  // namespace fetch

// What the worker makes of robots.txt's response, and what it keeps (src/net/robots_gate.hpp).
#include "net/robots_gate.hpp"

namespace fetch {
namespace {

Record answered(long status) {
    Record record;
    record.status = status;
    return record;
}

TEST(RobotsGate, EachAnswerMeansWhatRfc9309Says) {
    const std::string rules = "User-agent: *\nDisallow: /x\n";
    EXPECT_FALSE(robots_answer(answered(200), rules, false, "fetch").rules.check("/x").allowed);
    EXPECT_TRUE(robots_answer(answered(404), rules, false, "fetch").rules.check("/x").allowed);
    EXPECT_EQ(robots_answer(answered(404), rules, false, "fetch").refusal, ErrorKind::none);
    const RobotsGate::Answer server_error = robots_answer(answered(503), rules, false, "fetch");
    EXPECT_EQ(server_error.refusal, ErrorKind::robots);
    EXPECT_NE(server_error.reason.find("HTTP 503"), std::string::npos);
    Record no_answer;
    no_answer.error_kind = ErrorKind::dns;
    no_answer.error = "Could not resolve host: x";
    EXPECT_EQ(robots_answer(no_answer, "", false, "fetch").refusal, ErrorKind::dns);
    Record too_many;
    too_many.error_kind = ErrorKind::redirects;
    EXPECT_EQ(robots_answer(too_many, "", false, "fetch").refusal, ErrorKind::none);  // unavailable: allow
}

TEST(RobotsGate, ABodyCutAtTheCapLosesOnlyItsLastPartialLine) {
    Record cut = answered(200);
    cut.error_kind = ErrorKind::other;  // the transfer was stopped at the cap
    const RobotsGate::Answer answer = robots_answer(cut, "User-agent: *\nDisallow: /a\nDisallow: /b", true, "fetch");
    EXPECT_EQ(answer.refusal, ErrorKind::none);
    EXPECT_FALSE(answer.rules.check("/a").allowed);
    EXPECT_TRUE(answer.rules.check("/b").allowed);  // "/b" may have been "/basket" in full
}

TEST(RobotsGate, KeepsAtMostItsBoundAndReleasesTheParkedUrls) {
    RobotsGate gate(2, 1 << 20);
    Job first, second;
    first.index = 1;
    second.index = 2;
    EXPECT_TRUE(gate.park("http://a:80", first));
    EXPECT_FALSE(gate.park("http://a:80", second));  // robots.txt is asked for once
    EXPECT_FALSE(gate.idle());
    EXPECT_EQ(gate.settle("http://a:80", {}).size(), 2u);
    EXPECT_TRUE(gate.idle());
    gate.settle("http://b:80", {});
    gate.settle("http://c:80", {});
    EXPECT_EQ(gate.origins(), 2u);
    EXPECT_EQ(gate.find("http://a:80"), nullptr);  // the oldest went
    EXPECT_NE(gate.find("http://c:80"), nullptr);
}

TEST(RobotsGate, TheOriginAndThePathOfAUrl) {
    EXPECT_EQ(robots_target("http://example.com:80/a/b?c=d#frag").origin, "http://example.com:80");
    EXPECT_EQ(robots_target("http://example.com:80/a/b?c=d#frag").path, "/a/b?c=d");
    EXPECT_EQ(robots_target("https://example.com").path, "/");
    EXPECT_EQ(robots_target("https://example.com").origin, "https://example.com:443");
    EXPECT_EQ(robots_target("http://example.com?q").path, "/?q");
    EXPECT_EQ(robots_target("http://[::1]:8080/x").origin, "http://[::1]:8080");
}

}  // namespace
}  // namespace fetch
