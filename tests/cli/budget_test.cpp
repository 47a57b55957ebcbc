// One budget per URL (issue #24): extraction is bounded in operations and memory, so a hostile
// page or a costly expression fails its own record, quickly, and the other URLs of the same
// worker are fetched as usual; a regular expression search is bounded as a whole.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "json.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

// /wide: a page of 5,000 paragraphs; /aaa: a title, 30,000 'a' bytes and "!b" (a 'b', so that
// PCRE2 cannot tell at once that no match is possible); anything else: the default routes.
Response budget_routes(const Request& request) {
    if (request.path == "/wide") {
        std::string body = "<!DOCTYPE html><html><head><title>wide</title></head><body>";
        for (int i = 0; i < 5000; ++i)
            body += "<p>paragraph</p>";
        Response response = Response::html("wide");
        response.body = body + "</body></html>";
        return response;
    }
    if (request.path == "/aaa") {
        Response response = Response::html("aaa");
        response.body = "<!DOCTYPE html><title>aaa</title>" + std::string(30000, 'a') + "!b";
        return response;
    }
    return default_routes(request);
}

std::vector<Json> jsonl_records(const RunResult& run) {
    std::vector<Json> records;
    for (const std::string& line : run.lines())
        records.push_back(parse_json(line));
    return records;
}

std::string text_or_empty(const Json& value) {
    return std::holds_alternative<std::string>(value.value) ? value.text() : std::string();
}

// count(//*) inside a predicate visits every node for every node: 5,000 x 5,000 steps.
TEST(Budget, ACostlyXPathFailsItsPageAndTheOthersGoOn) {
    TestServer server(budget_routes);
    const RunResult run =
        run_fetch({"--format", "jsonl", "--fields", "url,status,error_kind,error,xpath", "--workers", "1", "-u",
                   server.url("/wide"), "-u", server.url("/page?title=healthy"), "--xpath",
                   "count(//*[count(//*) > 0])"},
                  std::nullopt, 30);
    const std::vector<Json> records = jsonl_records(run);
    ASSERT_EQ(records.size(), 2u) << run.out << run.err;
    for (const Json& record : records) {
        if (contains(record["url"].text(), "/wide")) {
            EXPECT_EQ(text_or_empty(record["error_kind"]), "budget") << run.out;
            EXPECT_TRUE(contains(text_or_empty(record["error"]), "XPath")) << run.out;
        } else {
            EXPECT_EQ(record["status"].number(), 200) << run.out;
            EXPECT_EQ(text_or_empty(record["error_kind"]), "") << run.out;
        }
    }
    EXPECT_EQ(run.exit_code, 1);
}

// Megabytes of <a></a> (gzip'd, so a few KB on the wire): the tree --xpath builds stops at its
// budget, and fetch's memory stays near what the same page costs without --xpath.
TEST(Budget, ATagBombCostsOnlyTheTreeBudget) {
    TestServer server;
    const std::vector<std::string> common = {"--format", "jsonl", "--fields", "url,error_kind,error", "-u",
                                             server.url("/tag-bomb?mb=8")};
    std::vector<std::string> with_tree = common;
    with_tree.insert(with_tree.end(), {"--xpath", "//title"});
    const RunResult plain = run_fetch(common);
    const RunResult tree = run_fetch(with_tree);
    const std::vector<Json> records = jsonl_records(tree);
    ASSERT_EQ(records.size(), 1u) << tree.out << tree.err;
    EXPECT_EQ(text_or_empty(records[0]["error_kind"]), "budget") << tree.out;
    EXPECT_TRUE(contains(text_or_empty(records[0]["error"]), "8 MiB")) << tree.out;
    if (!instrumented) {
        EXPECT_LT(tree.max_rss_kb - plain.max_rss_kb, 24 * 1024) << plain.max_rss_kb;
    }
}

// (a+)+b on 30,000 a's backtracks 2^n ways at each start position: PCRE2's limit, given once
// per position, meant minutes. The search is bounded as a whole: quick, and a clear answer.
TEST(Budget, ABacktrackingPatternOnALongBodyEndsQuickly) {
    TestServer server(budget_routes);
    RunResult run = run_fetch({"--format", "jsonl", "--fields", "url,expect_failed", "--expect-body", "(a+)+b",
                               "-u", server.url("/aaa")},
                              std::nullopt, 30);
    ASSERT_EQ(run.lines().size(), 1u) << run.err;
    EXPECT_TRUE(contains(run.out, "gave up")) << run.out;
    EXPECT_EQ(run.exit_code, 1);
    // An ordinary pattern is still searched through the whole body.
    run = run_fetch({"--format", "jsonl", "--fields", "url,expect_failed", "--expect-body", "a!b", "-u",
                     server.url("/aaa")},
                    std::nullopt, 30);
    EXPECT_EQ(run.exit_code, 0) << run.out;
}

}  // namespace
}  // namespace fetch::test
