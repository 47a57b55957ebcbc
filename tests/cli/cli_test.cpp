// End-to-end: the built fetch binary against the test server on 127.0.0.1.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines)
        out += line + "\n";
    return out;
}

class Cli : public ::testing::Test {
protected:
    TestServer server;
};

TEST_F(Cli, PageWithTitle) {
    const RunResult run = run_fetch({"-u", server.url("/page?title=Hello%20World")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "200\t" + server.url("/page?title=Hello%20World") + "\tHello World\n");
}

TEST_F(Cli, ClientAndServerErrorsFailTheRun) {
    RunResult run = run_fetch({"-u", server.url("/status/404")});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "404\t" + server.url("/status/404") + "\tStatus 404\n");
    run = run_fetch({"-u", server.url("/status/500")});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(run.out, "500\t" + server.url("/status/500") + "\tStatus 500\n");
}

TEST_F(Cli, FollowsARedirectChain) {
    const RunResult run = run_fetch({"--format", "jsonl", "-u", server.url("/redirect/3")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(contains(run.out, R"("status":200,"title":"end")")) << run.out;
    EXPECT_TRUE(contains(run.out, R"("final_url":")" + server.url("/page?title=end") + "\"")) << run.out;
    EXPECT_EQ(server.requests(), 4u);
}

TEST_F(Cli, RedirectLoopStopsAfterTenHops) {
    const RunResult run = run_fetch({"-u", server.url("/loop")});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_TRUE(contains(run.out, "ERR\t" + server.url("/loop") + "\tredirects: ")) << run.out;
    EXPECT_EQ(server.requests(), 11u);  // the first request and ten redirects
}

TEST_F(Cli, NoFollowReportsTheRedirectItself) {
    const RunResult run = run_fetch({"--no-follow", "-u", server.url("/redirect/2")});
    EXPECT_EQ(run.exit_code, 0) << run.err;  // 3xx counts as success
    EXPECT_EQ(run.out, "302\t" + server.url("/redirect/2") + "\t\n");
    EXPECT_EQ(server.requests(), 1u);
}

TEST_F(Cli, ConnectionRefused) {
    const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
    const RunResult run = run_fetch({"-u", url});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_TRUE(contains(run.out, "ERR\t" + url + "\tconnect: ")) << run.out;
}

TEST_F(Cli, TimeoutEndsASilentTransferAndTheRestCarryOn) {
    const RunResult run = run_fetch({"--timeout", "0.5", "--format", "jsonl", "-u",
                                     server.url("/delay/60000"), "-u", server.url("/page?title=fine")});
    EXPECT_EQ(run.exit_code, 1);
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 2u) << run.out;
    EXPECT_TRUE(contains(run.out, R"("error_kind":"timeout")")) << run.out;
    EXPECT_TRUE(contains(run.out, R"("title":"fine")")) << run.out;
}

TEST_F(Cli, NonHtmlHasNoTitle) {
    RunResult run = run_fetch({"-u", server.url("/json")});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_EQ(run.out, "200\t" + server.url("/json") + "\t\n");
    run = run_fetch({"--format", "jsonl", "-u", server.url("/json")});
    EXPECT_TRUE(contains(run.out, R"("title":null)")) << run.out;
}

TEST_F(Cli, CharsetFromTheHeaderGivesUtf8Output) {
    TestServer latin1([](const Request&) {
        Response response;
        response.headers.emplace_back("Content-Type", "text/html; charset=iso-8859-1");
        response.body = "<title>Caf\xe9 cr\xe8me</title>";
        return response;
    });
    const RunResult run = run_fetch({"-u", latin1.url("/")});
    EXPECT_EQ(run.out, "200\t" + latin1.url("/") + "\tCaf\xC3\xA9 cr\xC3\xA8me\n");
}

TEST_F(Cli, PagesThatNeverSayTheirEncodingGiveTheirTitles) {
    const std::vector<std::pair<std::string, std::string>> pages = {
        {"SHIFT_JIS", "東京の天気予報"}, {"WINDOWS-1251", "Новости Москвы"}, {"EUC-KR", "서울 날씨 예보"}};
    std::vector<std::string> args = {"--format", "jsonl",    "--order",
                                     "input",    "--fields", "title,charset,charset_source"};
    for (const auto& [encoding, title] : pages) {
        args.insert(args.end(), {"-u", server.url("/undeclared?encoding=" + encoding +
                                                  "&title=" + percent_encode(title))});
    }
    const RunResult run = run_fetch(args);
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 3u) << run.out;
    EXPECT_EQ(lines[0], R"({"title":"東京の天気予報","charset":"shift_jis","charset_source":"detected"})");
    EXPECT_EQ(lines[1], R"({"title":"Новости Москвы","charset":"windows-1251","charset_source":"detected"})");
    EXPECT_EQ(lines[2], R"({"title":"서울 날씨 예보","charset":"euc-kr","charset_source":"detected"})");
    const RunResult declared = run_fetch({"--format", "tsv", "--fields", "charset,charset_source", "-u",
                                          server.url("/page?title=x&charset=iso-8859-2")});
    EXPECT_EQ(declared.out, "iso-8859-2\theader\n");
}

TEST_F(Cli, TerminalControlSequencesInTitlesAreEscaped) {
    // ESC and BEL themselves never survive libxml2 (not XML characters); C1 controls such
    // as CSI (U+009B, an escape sequence on many terminals) and bidi overrides do.
    const std::string title =
        "x\x1b]0;pwned\x07y \xC2\x9B"
        "2J \xE2\x80\xAE"
        "gnp.exe";
    const RunResult run = run_fetch({"-u", server.url("/page?title=" + percent_encode(title))});
    EXPECT_FALSE(contains(run.out, "\x1b")) << run.out;
    EXPECT_FALSE(contains(run.out, "\xC2\x9B")) << run.out;
    EXPECT_FALSE(contains(run.out, "\xE2\x80\xAE")) << run.out;
    EXPECT_TRUE(contains(run.out, "\\u009B2J \\u202Egnp.exe")) << run.out;
}

TEST_F(Cli, StopsReadingABigPageOnceTheTitleIsKnown) {
    const RunResult run = run_fetch({"--format", "jsonl", "-u", server.url("/big?kb=4096&title=early")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_TRUE(contains(run.out, R"("title":"early")")) << run.out;
    const auto bytes_at = run.out.find(R"("bytes":)");
    ASSERT_NE(bytes_at, std::string::npos);
    EXPECT_LT(std::stoull(run.out.substr(bytes_at + 8)), 512u * 1024) << run.out;  // of 4 MiB
}

TEST_F(Cli, BadInputLinesAreReportedWithFileAndLineAndTheRunGoesOn) {
    const std::string long_line(100 * 1024, 'a');
    TempFile list("# list\n" + server.url("/page?title=one") +
                  "\nftp://example.com/f\nhttp://exa mple.com/\n" + long_line + "\nhttp://\x01/\n" +
                  server.url("/page?title=two") + "\n");
    const RunResult run = run_fetch({"--order", "input", list.path()});
    EXPECT_EQ(run.exit_code, 1);
    const auto lines = run.lines();
    ASSERT_EQ(lines.size(), 6u) << run.out;
    EXPECT_EQ(lines[0], "200\t" + server.url("/page?title=one") + "\tone");
    EXPECT_TRUE(contains(lines[1], list.path() + ":3: unsupported scheme \"ftp\"")) << lines[1];
    EXPECT_TRUE(contains(lines[2], list.path() + ":4: URL contains a space")) << lines[2];
    EXPECT_TRUE(contains(lines[3], list.path() + ":5: line is longer than")) << lines[3].substr(0, 80);
    EXPECT_TRUE(contains(lines[4], list.path() + ":6: URL contains control byte 0x01")) << lines[4];
    EXPECT_EQ(lines[5], "200\t" + server.url("/page?title=two") + "\ttwo");
    EXPECT_TRUE(contains(run.err, list.path() + ":3:")) << run.err;
}

TEST_F(Cli, ReadsStdinExplicitlyAndImplicitly) {
    const std::string input = server.url("/page?title=a") + "\r\n" + server.url("/page?title=b") + "\r\n";
    for (const std::vector<std::string>& args : {std::vector<std::string>{"-"}, std::vector<std::string>{}}) {
        const RunResult run = run_fetch(args, input);
        EXPECT_EQ(run.exit_code, 0) << run.err;
        auto lines = run.lines();
        std::sort(lines.begin(), lines.end());
        ASSERT_EQ(lines.size(), 2u) << run.out;
        EXPECT_EQ(lines[0], "200\t" + server.url("/page?title=a") + "\ta");
    }
}

TEST_F(Cli, FetchingStartsBeforeTheListEnds) {
    // stdin stays open: each record must come out while fetch still waits for more input.
    LiveFetch fetch({"-"});
    for (const char* title : {"first", "second"}) {
        const std::string url = server.url(std::string("/page?title=") + title);
        fetch.write_stdin(url + "\n");
        EXPECT_EQ(fetch.read_line(), "200\t" + url + "\t" + title);
    }
    EXPECT_EQ(fetch.wait(), 0);
}

TEST_F(Cli, RedirectsToOtherSchemesAreRefused) {
    for (const char* target : {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"}) {
        const std::string url = server.url("/redirect-to?url=" + percent_encode(target));
        const RunResult run = run_fetch({"-u", url});
        EXPECT_EQ(run.exit_code, 1) << target;
        EXPECT_TRUE(contains(run.out, "ERR\t" + url + "\tredirects: ")) << run.out;
    }
}

TEST_F(Cli, XPathValueReplacesTheTitle) {
    TestServer pages([](const Request&) {
        Response response;
        response.body =
            "<html><head><title>The title</title><meta name=description content='Described'></head>"
            "<body><p>text</p></body></html>";
        return response;
    });
    const std::string expression = "string(//meta[@name='description']/@content)";
    RunResult run = run_fetch({"--xpath", expression, "-u", pages.url("/")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "200\t" + pages.url("/") + "\tDescribed\n");
    run = run_fetch({"--xpath", expression, "--format", "jsonl", "-u", pages.url("/")});
    EXPECT_TRUE(contains(run.out, R"("title":"The title","xpath":"Described")")) << run.out;
}

TEST_F(Cli, InvalidXPathIsAUsageErrorBeforeAnyFetch) {
    const RunResult run = run_fetch({"--xpath", "//a[", "-u", server.url("/page")});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "invalid XPath expression")) << run.err;
    EXPECT_EQ(server.requests(), 0u);
}

TEST_F(Cli, JsonlNamesSourceAndLine) {
    TempFile list("\n\n" + server.url("/page?title=x") + "\n");
    const RunResult run = run_fetch({"--format", "jsonl", list.path()});
    EXPECT_TRUE(contains(run.out, R"({"index":0,"source":")" + list.path() + R"(","line":3,)")) << run.out;
}

TEST_F(Cli, InputOrderIsExactUnderRandomDelays) {
    std::mt19937 random(12345);
    std::uniform_int_distribution<int> delay(0, 80);
    std::vector<std::string> urls, expected;
    for (int i = 0; i < 60; ++i) {
        const std::string title = "p" + std::to_string(i);
        urls.push_back(server.url("/delay/" + std::to_string(delay(random)) + "?title=" + title));
        expected.push_back("200\t" + urls.back() + "\t" + title);
    }
    TempFile list(join_lines(urls));
    const RunResult in_order = run_fetch({"-j", "16", "--order", "input", list.path()});
    EXPECT_EQ(in_order.exit_code, 0) << in_order.err;
    EXPECT_EQ(in_order.lines(), expected);

    const RunResult completion = run_fetch({"-j", "16", list.path()});
    auto lines = completion.lines();
    EXPECT_NE(lines, expected) << "random delays should reorder completion";
    std::sort(lines.begin(), lines.end());
    auto sorted_expected = expected;
    std::sort(sorted_expected.begin(), sorted_expected.end());
    EXPECT_EQ(lines, sorted_expected);  // same records, another order
}

TEST_F(Cli, JobsLimitIsHonouredExactly) {
    for (const int jobs : {1, 5}) {
        TestServer slow;
        std::vector<std::string> urls;
        for (int i = 0; i < 4 * jobs + 3; ++i)
            urls.push_back(slow.url("/delay/100?title=t" + std::to_string(i)));
        TempFile list(join_lines(urls));
        const RunResult run = run_fetch({"-j", std::to_string(jobs), list.path()});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        EXPECT_EQ(run.lines().size(), urls.size());
        EXPECT_EQ(slow.peak_in_flight(), static_cast<std::size_t>(jobs)) << "-j " << jobs;
    }
}

TEST_F(Cli, EveryInputUrlYieldsExactlyOneRecord) {
    std::vector<std::string> urls;
    const std::string refused = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
    for (int i = 0; i < 40; ++i) {
        switch (i % 5) {
            case 0:
                urls.push_back(server.url("/page?title=n" + std::to_string(i)));
                break;
            case 1:
                urls.push_back(server.url("/status/404"));
                break;
            case 2:
                urls.push_back(refused);
                break;
            case 3:
                urls.push_back("gopher://x/" + std::to_string(i));
                break;
            default:
                urls.push_back(server.url("/redirect/2"));
                break;
        }
    }
    TempFile list(join_lines(urls));
    const RunResult run = run_fetch({"-j", "8", "--format", "jsonl", list.path()});
    EXPECT_EQ(run.exit_code, 1);
    std::set<std::string> indexes;
    for (const std::string& line : run.lines())
        indexes.insert(line.substr(0, line.find(',')));
    EXPECT_EQ(run.lines().size(), urls.size());
    EXPECT_EQ(indexes.size(), urls.size());  // one record per index, none twice
}

TEST_F(Cli, OutputFileReceivesTheRecords) {
    TempFile output("");
    const RunResult run = run_fetch({"-o", output.path(), "-u", server.url("/page?title=saved")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_EQ(output.read(), "200\t" + server.url("/page?title=saved") + "\tsaved\n");
}

TEST_F(Cli, UnreadableListIsAUsageErrorNamingTheFile) {
    RunResult run = run_fetch({"/nonexistent/list.txt"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "/nonexistent/list.txt")) << run.err;
    EXPECT_EQ(run.out, "");
    run = run_fetch({"/"});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "directory")) << run.err;
    EXPECT_EQ(server.requests(), 0u);
}

TEST_F(Cli, UsageErrorsExitWithTwo) {
    EXPECT_EQ(run_fetch({"--jobs", "0", "-u", "x"}).exit_code, 2);
    EXPECT_EQ(run_fetch({"--order", "random", "-u", "x"}).exit_code, 2);
    EXPECT_EQ(run_fetch({"--no-such-option"}).exit_code, 2);
    const RunResult help = run_fetch({"--help"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_TRUE(contains(help.out, "Exit status")) << help.out;
}

TEST_F(Cli, VersionNamesTheLibraries) {
    const RunResult run = run_fetch({"--version"});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_TRUE(contains(run.out, "fetch ")) << run.out;
    EXPECT_TRUE(contains(run.out, "libcurl/")) << run.out;
    EXPECT_TRUE(contains(run.out, "libxml2 ")) << run.out;
}

TEST_F(Cli, FailedWriteIsReportedWithStatusThree) {
    // /dev/full stands in for a full disk: the write fails and fetch says so.
    const RunResult run = run_fetch({"-o", "/dev/full", "-u", server.url("/page?title=x")});
    EXPECT_EQ(run.exit_code, 3);
    EXPECT_TRUE(contains(run.err, "No space left")) << run.err;
}

}  // namespace
}  // namespace fetch::test
