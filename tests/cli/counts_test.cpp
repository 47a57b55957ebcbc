// words and lines (issue #28): the decoded body's counts as `LC_ALL=C wc -w` and `wc -l` give
// them, whatever its encoding, however it is cut into pieces on the wire, and past the title
// (the early stop is off for the URLs that ask).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "json.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

// Bodies in several encodings and shapes; the key is the path that serves it.
std::map<std::string, std::string> bodies() {
    std::string long_page = "<title>early</title>\n";
    for (int i = 0; i < 20000; ++i)  // ~300 KB: words cross every piece the server writes
        long_page += "word" + std::to_string(i) + (i % 7 == 0 ? "\r\n" : i % 5 == 0 ? "\t" : " ");
    return {
        {"/utf8",
         "<title>caf\xC3\xA9</title>\n<p>\xE6\x97\xA5\xE6\x9C\xAC \xE8\xAA\x9E caf\xC3\xA9 "
         "na\xC3\xAFve\xC2\xA0x</p>\n"},
        {"/sjis",
         "<meta charset=shift_jis><title>\x93\xFA\x96\x7B</title>\n\x93\xFA \x96\x7B\x8C\xEA a\x82\xA0"
         "b\n\n"},
        {"/cp1251",
         "<title>\xCF\xF0\xE8\xE2\xE5\xF2</title>\n\xCF\xF0\xE8 \xE2\xE5\xF2 one\ftwo\vthree\x01\x7f four"},
        {"/controls", "\x01\x02 \x03\n\x80\x81\xFF \x7F\n \t\r\n"},
        {"/long", long_page},
        {"/gzip", long_page},  // served gzip-encoded: the decoded body is counted
        {"/empty", ""},
    };
}

TestServer counting_server() {
    return TestServer([](const Request& request) {
        Response response;
        const auto all = bodies();
        const auto found = all.find(request.path);
        if (found == all.end()) return Response::html("none", 404);
        response.body = request.path == "/gzip" ? gzipped(found->second) : found->second;
        if (request.path == "/gzip") response.headers.emplace_back("Content-Encoding", "gzip");
        if (request.path == "/empty") response.status = 204;
        return response;
    });
}

// What wc says of `bytes`: {words, lines}.
std::pair<long long, long long> wc_of(const std::string& bytes) {
    TempFile file(bytes, ".body");
    const RunResult words = run_fetch_command({"/usr/bin/env", "LC_ALL=C", "wc", "-w", file.path()});
    const RunResult lines = run_fetch_command({"/usr/bin/env", "LC_ALL=C", "wc", "-l", file.path()});
    return {std::stoll(words.out), std::stoll(lines.out)};
}

TEST(Counts, WordsAndLinesAreWhatWcCountsInEveryEncoding) {
    TestServer server = counting_server();
    std::vector<std::string> args = {"--format", "jsonl", "--fields", "url,status,words,lines,title"};
    for (const auto& [path, body] : bodies())
        args.push_back("--url=" + server.url(path));
    const RunResult run = run_fetch(args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    std::size_t checked = 0;
    for (const std::string& line : run.lines()) {
        const Json record = parse_json(line);
        const std::string path = record["url"].text().substr(server.url("").size());
        const std::string body = bodies().at(path);
        const auto [words, lines] = wc_of(body);
        EXPECT_EQ(record["words"].number(), static_cast<double>(words)) << path;
        EXPECT_EQ(record["lines"].number(), static_cast<double>(lines)) << path;
        ++checked;
    }
    EXPECT_EQ(checked, bodies().size());
}

// The early stop is off for the URLs that ask: the whole page is counted, and its title is
// still the title.
TEST(Counts, CountingReadsPastTheTitle) {
    TestServer server = counting_server();
    const RunResult run =
        run_fetch({"--format", "jsonl", "--fields", "title,bytes,words", "--url=" + server.url("/long")});
    const Json record = parse_json(run.out);
    EXPECT_EQ(record["title"].text(), "early");
    EXPECT_EQ(record["bytes"].number(), static_cast<double>(bodies().at("/long").size()));
    EXPECT_EQ(record["words"].number(), 20001.0);
    // Without the fields, the same page stops at its title.
    const RunResult plain =
        run_fetch({"--format", "jsonl", "--fields", "title,bytes", "--url=" + server.url("/long")});
    EXPECT_LT(parse_json(plain.out)["bytes"].number(), static_cast<double>(bodies().at("/long").size()));
}

// No response, or -I (no body asked for): none, not 0.
TEST(Counts, NoBodyAskedOrNoResponseCountsNothing) {
    TestServer server = counting_server();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--url=http://127.0.0.1:" + std::to_string(closed_port()) + "/"},
          std::vector<std::string>{"-I", "--url=" + server.url("/long")}}) {
        std::vector<std::string> all = {"--format", "jsonl", "--fields", "status,words,lines"};
        all.insert(all.end(), args.begin(), args.end());
        const RunResult run = run_fetch(all);
        const Json record = parse_json(run.out);
        EXPECT_TRUE(record["words"].is_null()) << run.out;
        EXPECT_TRUE(record["lines"].is_null()) << run.out;
    }
}

}  // namespace
}  // namespace fetch::test
