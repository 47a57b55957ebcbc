// Scripting and CI ergonomics (issue #5), on the built binary: formats read back by real
// parsers, --fields, --expect, --fail-fast, signals, pipes, a terminal, shards, resume.
#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

std::string list_of(TestServer& server, int count, const std::string& path = "/page?title=p") {
    std::string list;
    for (int i = 0; i < count; ++i)
        list += server.url(path + std::to_string(i)) + "\n";
    return list;
}

class Scripting : public ::testing::Test {
protected:
    TestServer server;
};

TEST_F(Scripting, CsvReadsBackWithItsHeader) {
    const std::string tricky = server.url("/page?title=" + percent_encode("=cmd|' /C calc'!A0, \"quoted\""));
    const RunResult run =
        run_fetch({"--format", "csv", "--order", "input", "-u", tricky, "-u", server.url("/status/404")});
    const auto rows = parse_csv(run.out);
    ASSERT_EQ(rows.size(), 3u) << run.out;
    EXPECT_EQ(rows[0][0], "status");
    EXPECT_EQ(rows[1][2], "'=cmd|' /C calc'!A0, \"quoted\"");  // shown, not run
    EXPECT_EQ(rows[2][0], "404");
}

TEST_F(Scripting, JsonLinesParseWithJq) {
    if (access("/usr/bin/jq", X_OK) != 0) GTEST_SKIP() << "jq is not installed (apt-get install jq)";
    const std::vector<std::string> titles = {"quote \" back\\slash", "tab\there",
                                             "\xE2\x80\xAE"
                                             "bidi \xF0\x9F\x98\x80",
                                             "ctrl \x01\x7F\xC2\x85", "&lt;tag&gt; &amp; &#x2028;"};
    std::vector<std::string> args = {"--format", "jsonl", "--order", "input"};
    for (const std::string& title : titles)
        args.insert(args.end(), {"-u", server.url("/page?title=" + percent_encode(title))});
    const RunResult run = run_fetch(args);
    TempFile records(run.out);
    // jq reads every line as JSON (any framing error fails it) and gives back the titles.
    const RunResult parsed = run_fetch_command({"/usr/bin/jq", "-j", ".title + \"\\u0000\"", records.path()});
    ASSERT_EQ(parsed.exit_code, 0) << parsed.err << run.out;
    const std::string expected = std::string("quote \" back\\slash") + '\0' + "tab here" + '\0' +
                                 "\xE2\x80\xAE"
                                 "bidi \xF0\x9F\x98\x80" +
                                 '\0' + "ctrl \x01\x7F\xC2\x85" + '\0' + "<tag> & \xE2\x80\xA8" + '\0';
    EXPECT_EQ(parsed.out, expected);
}

TEST_F(Scripting, FieldsChooseColumnsAndKeys) {
    RunResult run =
        run_fetch({"--format", "tsv", "--header-row", "--fields",
                   "http_version,status,content_type,redirects", "-u", server.url("/redirect/2")});
    EXPECT_EQ(run.out, "http_version\tstatus\tcontent_type\tredirects\n1.1\t200\ttext/html\t2\n") << run.err;
    run = run_fetch(
        {"--format", "jsonl", "--fields", "ip,content_length,title", "-u", server.url("/page?title=x")});
    EXPECT_TRUE(contains(run.out, R"({"ip":"127.0.0.1","content_length":)")) << run.out;
    EXPECT_EQ(json_field(run.out, "title"), "x");
    EXPECT_EQ(run_fetch({"--fields", "status,bogus", "-u", server.url("/")}).exit_code, 2);
}

struct DocDeleter {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

TEST_F(Scripting, JunitReportIsValidXmlWithAFailurePerUnexpectedStatus) {
    const RunResult run = run_fetch({"--format", "junit", "-u", server.url("/page?title=ok"), "-u",
                                     server.url("/status/500"), "-u", "ftp://not-http/"});
    EXPECT_EQ(run.exit_code, 1);
    std::unique_ptr<xmlDoc, DocDeleter> doc(xmlReadMemory(run.out.data(), static_cast<int>(run.out.size()),
                                                          "junit.xml", nullptr, XML_PARSE_NONET));
    ASSERT_TRUE(doc) << run.out;
    xmlXPathContext* context = xmlXPathNewContext(doc.get());
    const auto number = [&](const char* expression) {
        xmlXPathObject* result = xmlXPathEvalExpression(BAD_CAST expression, context);
        const double value = xmlXPathCastToNumber(result);
        xmlXPathFreeObject(result);
        return value;
    };
    EXPECT_EQ(number("count(//testcase)"), 3);
    EXPECT_EQ(number("count(//testcase/failure)"), 1);
    EXPECT_EQ(number("count(//testcase/error[@type='bad_input'])"), 1);
    EXPECT_EQ(number("number(/testsuites/testsuite/@tests)"), 3);
    xmlXPathFreeContext(context);
}

// What the strict schema (tests/data/junit-strict.xsd) says of `report`: "" when it is valid.
std::string schema_errors(const std::string& report) {
    std::string errors;
    xmlSchemaParserCtxt* parser = xmlSchemaNewParserCtxt(FETCH_SOURCE_DIR "/tests/data/junit-strict.xsd");
    xmlSchema* schema = xmlSchemaParse(parser);
    xmlSchemaFreeParserCtxt(parser);
    if (!schema) return "the schema does not parse";
    xmlSchemaValidCtxt* validator = xmlSchemaNewValidCtxt(schema);
    xmlSchemaSetValidStructuredErrors(
        validator, [](void* out, xmlError* error) { *static_cast<std::string*>(out) += error->message; }, &errors);
    std::unique_ptr<xmlDoc, DocDeleter> doc(xmlReadMemory(report.data(), static_cast<int>(report.size()),
                                                          "junit.xml", nullptr, XML_PARSE_NONET));
    if (!doc) errors = "not XML";
    else if (xmlSchemaValidateDoc(validator, doc.get()) != 0 && errors.empty()) errors = "invalid";
    xmlSchemaFreeValidCtxt(validator);
    xmlSchemaFree(schema);
    return errors;
}

TEST_F(Scripting, JunitValidatesAgainstAStrictSchema) {
    const RunResult run = run_fetch({"--format", "junit", "-u", server.url("/page?title=ok"), "-u",
                                     server.url("/status/500"), "-u", "ftp://not-http/", "-u",
                                     server.url("/page?title=%1B%5B31m%3C%2Ftestcase%3E%26")});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_EQ(schema_errors(run.out), "") << run.out;
    EXPECT_TRUE(contains(run.out, "timestamp=\"")) << run.out;
    EXPECT_TRUE(contains(run.out, "<property name=\"fetch.expect\" value=\"2xx,3xx\"/>")) << run.out;
    EXPECT_EQ(schema_errors("<testsuites><testsuite name=\"x\"/></testsuites>").empty(), false)
        << "a schema that takes anything checks nothing";
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t count = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++count;
    return count;
}

// A signal stops the run: what was in flight or waiting is in the report as skipped, so the
// report still has one test case per URL read.
TEST_F(Scripting, JunitListsWhatAnInterruptLeftUnfetchedAsSkipped) {
    std::string list;
    for (int i = 0; i < 3; ++i)
        list += server.url("/page?title=quick" + std::to_string(i)) + "\n";
    for (int i = 0; i < 3; ++i)
        list += server.url("/delay/60000?title=stalled" + std::to_string(i)) + "\n";
    TempFile file(list);
    LiveFetch fetch({"--format", "junit", "-j", "8", file.path()});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.requests() < 6 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
    fetch.signal(SIGINT);
    std::string report;
    while (const auto line = fetch.read_line(10))
        report += *line + "\n";
    EXPECT_EQ(fetch.wait(), 130);
    EXPECT_EQ(schema_errors(report), "") << report;
    // The quick ones have answered by now, or are skipped too if their records were not in yet.
    EXPECT_TRUE(contains(report, "tests=\"6\" failures=\"0\" errors=\"0\" skipped=\"")) << report;
    const std::size_t skipped_cases = count_of(report, "<skipped ");
    EXPECT_GE(skipped_cases, 3u);
    EXPECT_TRUE(contains(report, "skipped=\"" + std::to_string(skipped_cases) + "\"")) << report;
    EXPECT_EQ(not_fetched_of(fetch.err()), static_cast<long long>(skipped_cases)) << fetch.err();  // 6 = run + skipped
    for (int i = 0; i < 3; ++i)
        EXPECT_TRUE(contains(report, "/delay/60000?title=stalled" + std::to_string(i) + "\" time=\"0.000\">\n"
                                     "  <skipped message=\"not fetched: the run stopped first\"/>"))
            << report;
}

// A list line's own expectations (status, then a title pattern) win over the options'; a
// miss says which part and how; a line whose spec does not parse is bad input.
TEST_F(Scripting, EachLineCanCarryItsOwnExpectations) {
    TempFile list(server.url("/page?title=Home") + "\t200\t^Home$\n" +       // met
                  server.url("/page?title=Login") + "\t200\t^Home$\n" +      // the title misses
                  server.url("/status/404") + "\t404\n" +                    // met
                  server.url("/status/404") + "\t2xx\n" +                    // the status misses
                  server.url("/page?title=x") + "\t2x\n" +                   // bad input
                  server.url("/page?title=Home") + "\t200\t(unclosed\n");  // bad input
    const RunResult run = run_fetch({"--order", "input", "--format", "jsonl", "--fields",
                                     "line,status,expect_failed,error_kind", list.path()});
    EXPECT_EQ(run.exit_code, 1);
    const std::vector<std::string> lines = run.lines();
    ASSERT_EQ(lines.size(), 6u) << run.out;
    EXPECT_EQ(lines[0], R"({"line":1,"status":200,"expect_failed":null,"error_kind":null})");
    EXPECT_EQ(lines[1], R"({"line":2,"status":200,"expect_failed":"title: \"Login\", expected /^Home$/","error_kind":null})");
    EXPECT_EQ(lines[2], R"({"line":3,"status":404,"expect_failed":null,"error_kind":null})");
    EXPECT_EQ(lines[3], R"({"line":4,"status":404,"expect_failed":"status: HTTP 404, expected 2xx","error_kind":null})");
    EXPECT_EQ(lines[4], R"({"line":5,"status":null,"expect_failed":null,"error_kind":"bad_input"})");
    EXPECT_EQ(lines[5], R"({"line":6,"status":null,"expect_failed":null,"error_kind":"bad_input"})");
    EXPECT_TRUE(contains(run.err, ":5: its expected status: \"2x\" is not a status")) << run.err;
    EXPECT_TRUE(contains(run.err, ":6: its expected title: \"(unclosed\" is not a regular expression")) << run.err;
}

TEST_F(Scripting, ExpectTitleAndExpectBodyJudgeEveryResponse) {
    const std::string page = server.url("/page?title=Welcome%20home");
    EXPECT_EQ(run_fetch({"-q", "--expect-title", "^Welcome", "-u", page}).exit_code, 0);
    const RunResult title = run_fetch({"-q", "--format", "jsonl", "--fields", "expect_failed", "--expect-title",
                                       "^Goodbye", "-u", page});
    EXPECT_EQ(title.exit_code, 1);
    EXPECT_EQ(title.out, "{\"expect_failed\":\"title: \\\"Welcome home\\\", expected /^Goodbye/\"}\n");
    EXPECT_EQ(run_fetch({"-q", "--expect-body", "<title>Welcome", "-u", page}).exit_code, 0);
    const RunResult body = run_fetch({"-q", "--format", "junit", "--expect-body", "not in this page", "-u", page});
    EXPECT_EQ(body.exit_code, 1);
    EXPECT_TRUE(contains(body.out, "<failure type=\"body\" message=\"no match for the --expect-body pattern\"/>"))
        << body.out;
    const RunResult bad = run_fetch({"--expect-title", "a(", "-u", page});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_TRUE(contains(bad.err, "fetch: --expect-title: \"a(\" is not a regular expression")) << bad.err;
}

// The digest covers the whole body, not the part read for a title: the same as sha256sum of
// the file served.
TEST_F(Scripting, BodySha256IsTheDecodedBodysDigest) {
    const std::string file = std::string(FETCH_TEST_DATA_DIR) + "/junit-strict.xsd";
    const RunResult sum = test::run_fetch_command({"/usr/bin/sha256sum", file});
    ASSERT_EQ(sum.exit_code, 0) << sum.err;
    const RunResult run = run_fetch({"--format", "tsv", "--fields", "status,body_sha256,bytes", "-u",
                                     server.url("/file?name=junit-strict.xsd&type=text/plain")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "200\t" + sum.out.substr(0, 64) + "\t" +
                           std::to_string(test::read_file(file).size()) + "\n");
    // 2 MiB of spaces, gzip-encoded: the digest is of the decoded bytes, past any early stop.
    const RunResult spaces = test::run_fetch_command(
        {"/bin/sh", "-c", "head -c 2097152 /dev/zero | tr '\\0' ' ' | sha256sum"});
    const RunResult bomb =
        run_fetch({"--format", "tsv", "--fields", "body_sha256,bytes", "-u", server.url("/gzip-bomb?mb=2")});
    EXPECT_EQ(bomb.out, spaces.out.substr(0, 64) + "\t2097152\n");
}

// fetch's own output as a list: jsonl through jq, CSV and TSV by their header rows; a row
// without the field is bad input naming its line.
TEST_F(Scripting, AnotherRunsOutputIsAList) {
    TempFile list(server.url("/page?title=a") + "\n" + server.url("/status/404") + "\n" +
                  server.url("/redirect/1") + "\n");
    const RunResult first = run_fetch({"--format", "jsonl", "--order", "input", list.path()});
    TempFile piped(first.out + "{\"status\":200}\n");  // the last row has no final_url
    const RunResult again = run_fetch({"--input-format", "jsonl", "--input-field", "final_url", "--order", "input",
                                       "--format", "tsv", "--fields", "line,status,title,error_kind", piped.path()});
    EXPECT_EQ(again.exit_code, 1);
    EXPECT_EQ(again.out, "1\t200\ta\t\n2\t404\tStatus 404\t\n3\t200\tend\t\n4\t\t\tbad_input\n") << again.err;
    EXPECT_TRUE(contains(again.err, ":4: it has no \"final_url\" key")) << again.err;

    for (const char* format : {"csv", "tsv"}) {
        const RunResult table = run_fetch({"--format", format, "--header-row", "--order", "input", list.path()});
        TempFile rows(table.out);
        const RunResult read = run_fetch({"--input-format", format, "--input-field", "final_url", "--format",
                                          "tsv", "--fields", "line,title", "--order", "input", rows.path()});
        EXPECT_EQ(read.out, "2\ta\n3\tStatus 404\n4\tend\n") << format << ": " << read.err;  // line 1: header
    }
}

// The head fields: references decoded, white space collapsed, the first of each kept, URLs
// resolved against the final URL; and only asked-for fields make fetch read on past the title.
TEST_F(Scripting, HeadFieldsReadTheHeadAsAnAuditWould) {
    const std::string page = server.url("/file?name=head.html&dir=x");
    const RunResult run = run_fetch({"--format", "jsonl", "--fields",
                                     "title,description,canonical,lang,og_title,generator,robots,meta_refresh", "-u",
                                     page});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const std::string base = server.url("");
    EXPECT_EQ(run.out, "{\"title\":\"Fish & Chips\",\"description\":\"The best fish & chips in town\","
                       "\"canonical\":\"" + base + "/shop/index.html?ref=1\",\"lang\":\"en-GB\","
                       "\"og_title\":\"Fish & Chips \u2014 Home\",\"generator\":\"Hugo 0.120\","
                       "\"robots\":\"noindex, follow\",\"meta_refresh\":\"" + base + "/moved/here\"}\n");
    const RunResult plain = run_fetch({"--format", "jsonl", "--fields", "title,description", "-u",
                                       server.url("/page?title=Bare")});
    EXPECT_EQ(plain.out, "{\"title\":\"Bare\",\"description\":null}\n");
}

// A row without a URL holds its input position like any bad line: shards split it like the
// rest, so it is reported once across them.
TEST_F(Scripting, BadRowsAreShardedLikeEveryOtherRecord) {
    std::string rows;
    for (int i = 0; i < 6; ++i)
        rows += i % 3 == 1 ? "{\"nope\":1}\n" : "{\"url\":\"" + server.url("/page?title=r" + std::to_string(i)) + "\"}\n";
    TempFile list(rows);
    std::multiset<std::string> lines;
    for (const char* shard : {"0/2", "1/2"}) {
        const RunResult run = run_fetch({"--input-format", "jsonl", "--shard", shard, "--format", "tsv", "--fields",
                                         "index,error_kind", list.path()});
        for (const std::string& line : run.lines())
            lines.insert(line);
    }
    EXPECT_EQ(lines, (std::multiset<std::string>{"0\t", "1\tbad_input", "2\t", "3\t", "4\tbad_input", "5\t"}));
}

TEST_F(Scripting, ExpectDefinesSuccess) {
    EXPECT_EQ(run_fetch({"-u", server.url("/status/404")}).exit_code, 1);
    EXPECT_EQ(run_fetch({"--expect", "404", "-u", server.url("/status/404")}).exit_code, 0);
    EXPECT_EQ(run_fetch({"--expect", "2xx,404", "-u", server.url("/status/404"), "-u", server.url("/page")})
                  .exit_code,
              0);
    EXPECT_EQ(run_fetch({"--expect", "any", "-u", server.url("/status/503")}).exit_code, 0);
    EXPECT_EQ(run_fetch({"--expect", "200", "-u", server.url("/redirect/1"), "--no-follow"}).exit_code, 1);
    EXPECT_EQ(run_fetch({"--expect", "2x", "-u", server.url("/")}).exit_code, 2);
}

TEST_F(Scripting, FailFastStopsAtTheFirstUnexpectedResult) {
    std::string list = server.url("/status/500") + "\n" + list_of(server, 40, "/delay/50?title=slow");
    TempFile file(list);
    const RunResult run = run_fetch({"--fail-fast", "-j", "1", file.path()});
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_LT(run.lines().size(), 41u) << "all URLs were fetched";
    EXPECT_TRUE(contains(run.out, "500\t")) << run.out;
}

TEST_F(Scripting, InterruptWritesWholeRecordsAndExits130) {
    TempFile file(list_of(server, 200, "/delay/100?title=t"));
    for (const auto& [signal_number, expected] : {std::pair{SIGINT, 130}, std::pair{SIGTERM, 143}}) {
        LiveFetch fetch({"-j", "4", "--stats", file.path()});
        ASSERT_TRUE(fetch.read_line()) << "no first record";
        fetch.signal(signal_number);
        std::size_t lines = 1;
        while (const auto line = fetch.read_line(10)) {
            EXPECT_EQ(std::count(line->begin(), line->end(), '\t'), 2) << *line;  // a whole record
            ++lines;
        }
        EXPECT_EQ(fetch.wait(), expected);
        EXPECT_LT(lines, 200u);
        EXPECT_TRUE(contains(fetch.err(), "fetch: ")) << "no summary";
        EXPECT_EQ(static_cast<long long>(lines) + not_fetched_of(fetch.err()), 200) << fetch.err();  // adds up
    }
}

TEST_F(Scripting, ClosedPipeEndsTheRunPromptlyAndSilently) {
    TempFile file(list_of(server, 500, "/delay/20?title=t"));
    LiveFetch fetch({"-j", "2", file.path()});
    ASSERT_TRUE(fetch.read_line());
    fetch.close_stdout();  // as `head -1` does
    EXPECT_EQ(fetch.wait(), 141);
    EXPECT_EQ(fetch.err(), "");
    EXPECT_LT(server.requests(), 100u) << "kept fetching after the reader left";
}

TEST_F(Scripting, TerminalGetsColoursAndNoRawControlSequences) {
    const std::string evil = server.url("/page?title=" + percent_encode("a\xC2\x9B"
                                                                        "2Jb"));
    TerminalRun run = run_in_terminal(
        {"--no-progress", "-q", "--expect", "2xx,404", "-u", server.url("/status/404"), "-u", evil});
    EXPECT_EQ(run.exit_code, 0);
    EXPECT_TRUE(contains(run.screen, "\x1b[33m404\x1b[0m")) << run.screen;
    EXPECT_TRUE(contains(run.screen, "\x1b[32m200\x1b[0m")) << run.screen;
    EXPECT_TRUE(contains(run.screen, "a\\u009B2Jb")) << run.screen;
    EXPECT_FALSE(contains(run.screen, "\xC2\x9B"));
    run = run_in_terminal({"--no-progress", "-q", "-u", server.url("/status/404")}, {"NO_COLOR=1"});
    EXPECT_FALSE(contains(run.screen, "\x1b[")) << run.screen;
    EXPECT_TRUE(contains(run.screen, "404\t")) << run.screen;
}

TEST_F(Scripting, SummaryOnATerminalAndProgressNeverOnStdout) {
    TempFile file(list_of(server, 30, "/delay/30?title=t"));
    const TerminalRun run = run_in_terminal({"-j", "4", file.path()});
    EXPECT_TRUE(contains(run.screen, "fetch: 30 URLs in")) << run.screen;
    EXPECT_TRUE(contains(run.screen, "latency p50")) << run.screen;
    const RunResult piped = run_fetch({"-j", "4", file.path()});  // stderr is a file: no progress
    EXPECT_FALSE(contains(piped.out, "in flight"));
    EXPECT_EQ(piped.err, "");
}

// On a terminal of 40 columns (stdout a file), every redraw of the progress line fits in 39:
// one that wrapped would leave a line behind at each redraw.
TEST_F(Scripting, TheProgressLineFitsANarrowTerminal) {
    TempFile file(list_of(server, 40, "/delay/50?title=t"));
    TempFile out("");
    const TerminalRun run = run_in_terminal({"-j", "2", "-o", out.path(), file.path()}, {}, 40);
    EXPECT_EQ(run.exit_code, 0) << run.screen;
    std::size_t draws = 0;
    for (auto at = run.screen.find("\r\x1b[K"); at != std::string::npos; at = run.screen.find("\r\x1b[K", at + 1)) {
        const std::size_t start = at + 4;
        const std::string drawn = run.screen.substr(start, run.screen.find_first_of("\r\n", start) - start);
        if (contains(drawn, " URLs in ")) continue;  // the summary, once, after the line is erased
        EXPECT_LT(drawn.size(), 40u) << drawn;
        draws += drawn.empty() ? 0 : 1;
    }
    EXPECT_GT(draws, 0u) << "no progress line was drawn: " << run.screen;
    EXPECT_TRUE(contains(run.screen, "fetch: 40 URLs in")) << run.screen;
}

TEST_F(Scripting, ShardsSplitTheListWithoutOverlap) {
    TempFile file(list_of(server, 25));
    std::multiset<std::string> seen;
    for (int k = 0; k < 3; ++k) {
        const RunResult run =
            run_fetch({"--shard", std::to_string(k) + "/3", "--format", "jsonl", file.path()});
        EXPECT_EQ(run.exit_code, 0) << run.err;
        for (const std::string& line : run.lines())
            seen.insert(*json_field(line, "title"));
    }
    EXPECT_EQ(seen.size(), 25u);
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 25u);  // none twice
    EXPECT_EQ(run_fetch({"--shard", "3/3", file.path()}).exit_code, 2);
}

TEST_F(Scripting, ResumeFetchesEachUrlOnceAndLosesNone) {
    TempFile file(list_of(server, 60, "/delay/40?title=r"));
    TempFile state("");
    std::multiset<std::string> titles;
    const auto keep = [&](const std::string& line) { titles.insert(line.substr(line.rfind('\t') + 1)); };
    {
        LiveFetch first({"-j", "4", "--resume", state.path(), file.path()});
        for (int i = 0; i < 5; ++i)
            keep(first.read_line().value_or("missing\tmissing"));
        first.signal(SIGINT);
        while (const auto line = first.read_line(10))
            keep(*line);
        EXPECT_EQ(first.wait(), 130);
        EXPECT_EQ(static_cast<long long>(titles.size()) + not_fetched_of(first.err()), 60) << first.err();
    }
    EXPECT_LT(titles.size(), 60u) << "the first run was not interrupted";
    const RunResult second = run_fetch({"-j", "4", "--resume", state.path(), file.path()});
    EXPECT_EQ(second.exit_code, 0) << second.err;
    for (const std::string& line : second.lines())
        keep(line);
    EXPECT_EQ(titles.size(), 60u);  // none lost, none twice
    EXPECT_EQ(std::set<std::string>(titles.begin(), titles.end()).size(), 60u);
}

TEST_F(Scripting, UniqueSkipsRepeatedUrls) {
    const std::string url = server.url("/page?title=once");
    const RunResult run = run_fetch({"--unique", "-u", url, "-u", url, "-u", url});
    EXPECT_EQ(run.lines().size(), 1u) << run.out;
    EXPECT_EQ(server.requests(), 1u);
}

}  // namespace
}  // namespace fetch::test
