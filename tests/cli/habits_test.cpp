// The habits users bring (issue #27), on the built binary: what a person at a terminal sees of
// a failure, colour discipline, the https fallback's honesty, -v, narrow terminals, and the
// README's examples run as written. Command-line spellings are data, in cases.json.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>

#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

// A list whose lines carry their own expectations: a page that meets them, one whose title
// misses (a 200 that must not look green), and one whose status misses.
std::string expectations_list(const TestServer& server) {
    return server.url("/page?title=Sign%20in") + "\t200\tSign in\n" + server.url("/page?title=Sign%20up") +
           "\t200\tSign in\n" + server.url("/status/404") + "\t200\n";
}

TEST(WhatFailed, ATerminalMarksAMissedExpectationWhateverItsStatus) {
    TestServer server;
    TempFile list(expectations_list(server));
    const TerminalRun run = run_in_terminal({"--no-progress", "--order", "input", list.path()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_TRUE(contains(run.screen, "\x1b[32m200\x1b[0m\t" + server.url("/page?title=Sign%20in")))
        << run.screen;
    EXPECT_TRUE(contains(run.screen, "\x1b[1;31m\u2717 200\x1b[0m\t" + server.url("/page?title=Sign%20up")))
        << run.screen;
    EXPECT_TRUE(contains(run.screen, "\x1b[1;31m\u2717 404\x1b[0m\t")) << run.screen;
    const TerminalRun plain =
        run_in_terminal({"--no-progress", "--order", "input", list.path()}, {"NO_COLOR=1"});
    EXPECT_TRUE(contains(plain.screen, "\u2717 200\t" + server.url("/page?title=Sign%20up"))) << plain.screen;
    EXPECT_FALSE(contains(plain.screen, "\x1b[")) << plain.screen;
}

// The summary names the failing URLs, with what missed, whether or not -o took the records.
TEST(WhatFailed, TheSummaryNamesTheFailuresWithOrWithoutOutputFile) {
    TestServer server;
    TempFile list(expectations_list(server));
    TempFile out("");
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--no-progress", list.path()},
          std::vector<std::string>{"--no-progress", "-o", out.path(), list.path()}}) {
        const TerminalRun run = run_in_terminal(args);
        EXPECT_TRUE(contains(run.screen, "2 not as expected")) << run.screen;
        EXPECT_TRUE(contains(run.screen, "fetch: 2 URLs of 3 failed")) << run.screen;
        EXPECT_TRUE(contains(run.screen, "fetch:   " + server.url("/page?title=Sign%20up") +
                                             " (title: \"Sign up\", expected /Sign in/)"))
            << run.screen;
        EXPECT_TRUE(contains(run.screen, "fetch:   " + server.url("/status/404") + " (HTTP 404)"))
            << run.screen;
    }
    EXPECT_TRUE(contains(out.read(), "200\t" + server.url("/page?title=Sign%20up"))) << "a file gets no mark";
    EXPECT_FALSE(contains(out.read(), "\u2717"));
}

// Default jsonl and csv say which expectation a record missed, a list line's own included.
TEST(WhatFailed, DefaultJsonlAndCsvCarryExpectFailed) {
    TestServer server;
    TempFile list(expectations_list(server));
    RunResult run = run_fetch({"--format", "jsonl", "--order", "input", list.path()});
    ASSERT_EQ(run.lines().size(), 3u) << run.out;
    EXPECT_TRUE(contains(run.lines()[0], "\"expect_failed\":null")) << run.out;
    EXPECT_EQ(json_field(run.lines()[1], "expect_failed"), "title: \"Sign up\", expected /Sign in/")
        << run.out;
    EXPECT_EQ(json_field(run.lines()[2], "expect_failed"), "status: HTTP 404, expected 200") << run.out;
    run = run_fetch({"--format", "csv", "--order", "input", list.path()});
    const auto rows = parse_csv(run.out);
    ASSERT_EQ(rows.size(), 4u) << run.out;
    const auto column = std::find(rows[0].begin(), rows[0].end(), "expect_failed") - rows[0].begin();
    ASSERT_LT(static_cast<std::size_t>(column), rows[0].size()) << run.out;
    EXPECT_EQ(rows[2][static_cast<std::size_t>(column)], "title: \"Sign up\", expected /Sign in/");
}

}  // namespace
}  // namespace fetch::test

namespace fetch::test {
namespace {

std::string slow_list(const TestServer& server, int count) {
    std::string list;
    for (int i = 0; i < count; ++i)
        list += server.url("/delay/50?title=t" + std::to_string(i)) + "\n";
    return list + server.url("/status/404") + "\nnot a url\n";
}

// NO_COLOR and --color never leave no escape sequence on the terminal at all: records, the
// warning label, the progress line (drawn and erased with spaces) and the summary.
TEST(ColourDiscipline, NoEscapeSequenceOnEitherStream) {
    TestServer server;
    TempFile list(slow_list(server, 30));
    for (const auto& [args, environment] :
         std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>{
             {{"-j", "2", list.path()}, {"NO_COLOR=1"}},
             {{"-j", "2", "--color", "never", list.path()}, {}}}) {
        const TerminalRun run = run_in_terminal(args, environment);
        EXPECT_TRUE(contains(run.screen, "in flight")) << "no progress line was drawn: " << run.screen;
        EXPECT_TRUE(contains(run.screen, "warning")) << run.screen;
        EXPECT_TRUE(contains(run.screen, "fetch: 32 URLs in")) << run.screen;
        EXPECT_FALSE(contains(run.screen, "\x1b")) << run.screen;
    }
    const TerminalRun coloured = run_in_terminal({"-j", "2", list.path()});
    EXPECT_TRUE(contains(coloured.screen, "\x1b[K")) << coloured.screen;  // the check can fail
}

}  // namespace
}  // namespace fetch::test
