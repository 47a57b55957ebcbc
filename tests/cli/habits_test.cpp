// The habits users bring (issue #27), on the built binary: what a person at a terminal sees of
// a failure, colour discipline, the https fallback's honesty, -v, narrow terminals, and the
// README's examples run as written. Command-line spellings are data, in cases.json.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <sstream>

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

namespace fetch::test {
namespace {

// -v shows each request as curl -v does, on stderr and after it ends: the address, the request
// line, the status line and the timings, each line naming its URL's input position.
TEST(Verbose, EachRequestItsAddressRequestStatusAndTimings) {
    TestServer server;
    const std::string url = server.url("/page?title=t");
    const RunResult run =
        run_fetch({"-v", "-u", url, "-u", "http://127.0.0.1:" + std::to_string(closed_port()) + "/"});
    EXPECT_TRUE(contains(
        run.err, "fetch: info: #0 * " + url + ": 127.0.0.1 port " + std::to_string(server.port()) + "\n"))
        << run.err;
    EXPECT_TRUE(contains(run.err, "fetch: info: #0 > GET /page?title=t HTTP/1.1\n")) << run.err;
    EXPECT_TRUE(contains(run.err, "fetch: info: #0 < HTTP/1.1 200")) << run.err;
    EXPECT_TRUE(contains(run.err, "fetch: info: #0 * dns ")) << run.err;
    EXPECT_TRUE(contains(run.err, ", total ")) << run.err;
    EXPECT_TRUE(contains(run.err, "fetch: info: #1 * connect: Failed to connect to 127.0.0.1")) << run.err;
    EXPECT_FALSE(contains(run.err, "User-Agent")) << "headers are -vv's: " << run.err;
    EXPECT_EQ(run.out.find("fetch:"), std::string::npos);
    EXPECT_EQ(run_fetch({"-v", "-q", "-u", url}).err, "");
}

// -vv adds the headers both ways; what the server sent is escaped like any stderr line.
TEST(Verbose, TwiceAddsHeadersEscaped) {
    TestServer server([](const Request&) {
        Response response = Response::html("t");
        response.headers.emplace_back("X-Evil", "a\x1b[2Jb\xE2\x80\xAE");
        return response;
    });
    const RunResult run = run_fetch({"-vv", "-H", "X-Test: 1", "-u", server.url("/")});
    EXPECT_TRUE(contains(run.err, "fetch: debug: #0 > User-Agent: fetch/")) << run.err;
    EXPECT_TRUE(contains(run.err, "fetch: debug: #0 > X-Test: 1\n")) << run.err;
    EXPECT_TRUE(contains(run.err, "fetch: debug: #0 < X-Evil: a\\x1B[2Jb\\u202E\n")) << run.err;
    EXPECT_FALSE(contains(run.err, "\x1b")) << run.err;
}

}  // namespace
}  // namespace fetch::test

namespace fetch::test {
namespace {

// The README's section from `heading` to the next heading of its level or above.
std::string readme_section(const std::string& heading) {
    const std::string readme = read_file(std::string(FETCH_SOURCE_DIR) + "/README.md");
    const auto start = readme.find(heading);
    const auto end = readme.find("\n### ", start + heading.size());
    return start == std::string::npos ? std::string() : readme.substr(start, end - start);
}

// The body of the first ```kind block in `text`.
std::string code_block(const std::string& text, const std::string& kind) {
    const auto open = text.find("```" + kind + "\n");
    if (open == std::string::npos) return {};
    const auto start = open + kind.size() + 4;
    return text.substr(start, text.find("```", start) - start);
}

// A shell script's commands as words: comments dropped, backslash-newlines joined, single
// quotes kept together (the README's examples use nothing else).
std::vector<std::vector<std::string>> commands(const std::string& script) {
    std::vector<std::vector<std::string>> all;
    std::string joined;
    for (std::size_t at = 0; at < script.size(); ++at)
        if (script.compare(at, 2, "\\\n") == 0)
            ++at;
        else
            joined.push_back(script[at]);
    std::istringstream lines(joined);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> words(1);
        for (std::size_t i = 0; i < line.size(); ++i) {
            if (line[i] == '\'') {
                const auto close = line.find('\'', i + 1);
                words.back() += line.substr(i + 1, close - i - 1);
                i = close;
            } else if (line[i] == ' ') {
                if (!words.back().empty()) words.emplace_back();
            } else {
                words.back().push_back(line[i]);
            }
        }
        all.push_back(words);
    }
    return all;
}

// shop.example, as the smoke check expects it: a home page, a login page, a catalogue that
// moved, a health check and a sitemap of the pages with titles.
Response shop(const Request& request, const std::string& base) {
    if (request.path == "/") return Response::html("Home — Shop");
    if (request.path == "/login") return Response::html("Sign in");
    if (request.path == "/catalogue") return Response::html("Catalogue");
    if (request.path == "/health") {
        Response response;
        response.body = "ok";
        response.headers.emplace_back("Content-Type", "text/plain");
        return response;
    }
    if (request.path == "/old-catalogue") {
        Response response = Response::html("Moved", 301);
        response.headers.emplace_back("Location", base + "/catalogue");
        return response;
    }
    if (request.path == "/sitemap.xml") {
        Response response;
        response.headers.emplace_back("Content-Type", "application/xml");
        response.body = "<urlset><url><loc>" + base + "/</loc></url><url><loc>" + base +
                        "/login</loc></url><url><loc>" + base + "/catalogue</loc></url></urlset>";
        return response;
    }
    return Response::html("Not found", 404);
}

TEST(Readme, TheSmokeCheckPassesAsWritten) {
    // The server's own URL is known only once it listens; its thread reads it under a lock
    // (the fetch process between the two is no synchronisation ThreadSanitizer can see).
    std::mutex base_mutex;
    std::string base;
    TestServer server([&](const Request& request) {
        std::lock_guard lock(base_mutex);
        return shop(request, base);
    });
    {
        std::lock_guard lock(base_mutex);
        base = server.url("");  // http://127.0.0.1:PORT
    }
    const std::string section = readme_section("### Smoke-checking a site");
    const auto substituted = [&](std::string text) {
        for (auto at = text.find("https://shop.example"); at != std::string::npos;
             at = text.find("https://shop.example"))
            text.replace(at, 20, base);
        return text;
    };
    TempFile list(substituted(code_block(section, "text")));
    TempFile smoke_xml(""), sitemap_xml("");
    const std::vector<std::vector<std::string>> runs = commands(code_block(section, "sh"));
    ASSERT_EQ(runs.size(), 2u) << section;
    for (std::vector<std::string> words : runs) {
        ASSERT_EQ(words.front(), "fetch");
        words.erase(words.begin());
        for (std::string& word : words) {
            word = substituted(word);
            if (word == "smoke.txt") word = list.path();
            if (word == "smoke.xml") word = smoke_xml.path();
            if (word == "sitemap.xml") word = sitemap_xml.path();
        }
        const RunResult run = run_fetch(words);
        EXPECT_EQ(run.exit_code, 0) << run.err << read_file(smoke_xml.path())
                                    << read_file(sitemap_xml.path());
    }
    EXPECT_TRUE(contains(smoke_xml.read(), "tests=\"4\"")) << smoke_xml.read();
    EXPECT_TRUE(contains(sitemap_xml.read(), "tests=\"3\"")) << sitemap_xml.read();
    EXPECT_FALSE(contains(smoke_xml.read() + sitemap_xml.read(), "<failure")) << smoke_xml.read();
}

}  // namespace
}  // namespace fetch::test

namespace fetch::test {
namespace {

// What the man page says of --resume: a failed URL is journaled like any other, so a resumed
// run fetches nothing again, and the job still exits 1.
TEST(Resume, AResumedRunDoesNotFetchFailedUrlsAgain) {
    TestServer server;
    TempFile list(server.url("/page?title=ok") + "\n" + server.url("/status/500") + "\n");
    TempFile state("");
    EXPECT_EQ(run_fetch({"--resume", state.path(), list.path()}).exit_code, 1);
    const std::size_t requests = server.requests();
    const RunResult again = run_fetch({"--resume", state.path(), list.path()});
    EXPECT_EQ(again.exit_code, 1) << again.err;
    EXPECT_EQ(again.out, "");
    EXPECT_EQ(server.requests(), requests);
}

}  // namespace
}  // namespace fetch::test

namespace fetch::test {
namespace {

// On a 40-column terminal the progress line keeps the count, the percentage and the ETA, and
// the summary breaks between its items: every line of it fits, and none ends inside a number.
TEST(NarrowTerminal, ProgressKeepsEtaAndTheSummaryWrapsBetweenItems) {
    TestServer server;
    TempFile list(slow_list(server, 40));
    TempFile out("");
    const TerminalRun run = run_in_terminal({"-j", "2", "-o", out.path(), list.path()}, {}, 40);
    std::size_t draws_with_eta = 0;
    for (auto at = run.screen.find("\r\x1b[K"); at != std::string::npos;
         at = run.screen.find("\r\x1b[K", at + 1)) {
        const std::string drawn =
            run.screen.substr(at + 4, run.screen.find_first_of("\r\n", at + 4) - at - 4);
        if (contains(drawn, "/42 (") && contains(drawn, "%)") && contains(drawn, ", ETA ")) ++draws_with_eta;
    }
    EXPECT_GT(draws_with_eta, 0u) << run.screen;
    const auto summary = run.screen.find("fetch: 42 URLs in");
    const auto end = run.screen.find("\r\n", run.screen.find("latency", summary));
    ASSERT_NE(summary, std::string::npos) << run.screen;
    ASSERT_NE(end, std::string::npos) << run.screen;
    const std::string text = run.screen.substr(summary, end - summary);
    std::size_t lines = 0;
    for (std::size_t at = 0, next; at < text.size(); at = next + 2, ++lines) {
        next = std::min(text.find("\r\n", at), text.size());
        const std::string line = text.substr(at, next - at);
        EXPECT_LE(line.size(), 40u) << line;
        EXPECT_TRUE(line.rfind("fetch: ", 0) == 0 || line.rfind("       ", 0) == 0) << line;
        EXPECT_FALSE(std::isdigit(static_cast<unsigned char>(line.back())) && next + 2 < text.size() &&
                     std::isdigit(static_cast<unsigned char>(text[next + 2 + 7])))
            << "a number broken across lines: " << text;
    }
    EXPECT_GT(lines, 2u) << text;
}

}  // namespace
}  // namespace fetch::test
