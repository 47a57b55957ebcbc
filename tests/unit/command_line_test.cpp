// parse_command_line as a function: argv in, Options or an early exit out.
#include "fetch/app/cli.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <variant>

#include "fetch/app/exit_status.hpp"
#include "fetch/app/option_table.hpp"
#include "fetch/app/values.hpp"
#include "app/habits.hpp"

namespace fetch {
namespace {

const ConsoleFacts terminal_stdin = [] {
    ConsoleFacts facts;
    facts.stdin_is_terminal = true;
    return facts;
}();

Options parsed(std::vector<std::string> args) {
    CommandLine result = parse_command_line(args, terminal_stdin);
    if (const auto* exit = std::get_if<EarlyExit>(&result)) ADD_FAILURE() << exit->err;
    return std::holds_alternative<Options>(result) ? std::get<Options>(result) : Options{};
}

EarlyExit exited(std::vector<std::string> args) {
    CommandLine result = parse_command_line(args, terminal_stdin);
    EXPECT_TRUE(std::holds_alternative<EarlyExit>(result));
    return std::holds_alternative<EarlyExit>(result) ? std::get<EarlyExit>(result) : EarlyExit{};
}

TEST(CommandLine, DefaultsComeFromTheTable) {
    const Options o = parsed({"-u", "x"});
    EXPECT_EQ(o.net.schedule.jobs, 16u);
    EXPECT_EQ(o.net.limits.timeout, std::chrono::milliseconds(10'000));
    EXPECT_EQ(o.net.limits.connect_timeout, std::chrono::milliseconds(5'000));
    EXPECT_EQ(o.net.limits.max_body_bytes, 8u << 20);
    EXPECT_EQ(o.net.limits.max_header_bytes, 256u << 10);
    EXPECT_EQ(o.net.schedule.retry_delay, std::chrono::milliseconds(500));
    EXPECT_EQ(o.net.request.max_redirects, 10);
    EXPECT_TRUE(o.net.request.follow_redirects);
    EXPECT_EQ(o.output.format, Format::text);
    EXPECT_EQ(o.verdict.expect.spec(), "2xx,3xx");
    ASSERT_EQ(o.output.fields.size(), 3u);  // text: status, url, title
    EXPECT_EQ(o.output.fields[2].key, "title");
}

TEST(CommandLine, ValuesLandInTheirSlices) {
    const Options o = parsed({"-j", "64", "--timeout", "2.5", "--max-body", "1M", "--format", "JSONL", "-H",
                              "X-A: 1", "-H", "X-B: 2", "--no-follow", "--shard", "1/4", "-vv", "list.txt"});
    EXPECT_EQ(o.net.schedule.jobs, 64u);
    EXPECT_EQ(o.net.limits.timeout, std::chrono::milliseconds(2500));
    EXPECT_EQ(o.net.limits.max_body_bytes, 1u << 20);
    EXPECT_EQ(o.output.format, Format::jsonl);
    EXPECT_EQ(o.net.request.headers, (std::vector<std::string>{"X-A: 1", "X-B: 2"}));
    EXPECT_FALSE(o.net.request.follow_redirects);
    EXPECT_EQ(o.input.shard.index, 1u);
    EXPECT_EQ(o.input.shard.count, 4u);
    EXPECT_EQ(o.console.verbosity, 2);
    EXPECT_EQ(o.input.lists, std::vector<std::string>{"list.txt"});
    EXPECT_EQ(o.output.fields.front().key, "index");  // jsonl's defaults, resolved once
}

TEST(CommandLine, XPathPutsItsValueInTheTitlesPlace) {
    const Options o = parsed({"--xpath", "string(//h1)", "-u", "x"});
    EXPECT_EQ(o.output.fields[2].key, "xpath");
}

TEST(CommandLine, UsageErrorsAreOneLineNamingTheOption) {
    for (const auto& [args, expected] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"-j", "0", "-u", "x"}, "fetch: --jobs: \"0\" is not a whole number from 1 to 100000\n"},
             {{"--timeout", "abc", "-u", "x"}, "fetch: --timeout: \"abc\" is not a duration above 0"},
             {{"--order", "random", "-u", "x"},
              "fetch: --order: \"random\" is not one of completion, input\n"},
             {{"--jbos", "4"}, "fetch: unknown option --jbos (did you mean --jobs?)\n"},
             {{"-u"}, "fetch: --url needs a value (URL)\n"},
             {{"--fields", "status,bogus", "-u", "x"}, "fetch: --fields: unknown field \"bogus\""},
             {{}, "fetch: no URLs: name a list file, '-' for stdin, or use --url or --sitemap\n"},
         }) {
        const EarlyExit exit = exited(args);
        EXPECT_EQ(exit.status, exit_status::usage);
        EXPECT_EQ(exit.err.rfind(expected, 0), 0u) << exit.err;
        EXPECT_EQ(std::count(exit.err.begin(), exit.err.end(), '\n'), 1) << exit.err;
        EXPECT_EQ(exit.out, "");
    }
}

TEST(CommandLine, PipedStdinIsReadWhenNothingElseIsNamed) {
    const CommandLine result = parse_command_line({}, ConsoleFacts{});
    ASSERT_TRUE(std::holds_alternative<Options>(result));
    EXPECT_TRUE(std::get<Options>(result).input.read_stdin);
    EXPECT_FALSE(parsed({"-u", "x"}).input.read_stdin);
}

TEST(CommandLine, HelpAndVersionExitZeroOnStdout) {
    EarlyExit help = exited({"--help"});
    EXPECT_EQ(help.status, 0);
    EXPECT_NE(help.out.find("Exit status"), std::string::npos);
    EXPECT_EQ(help.out.find("--retry-max-wait"), std::string::npos);  // not a common option
    help = exited({"--help", "all"});
    EXPECT_NE(help.out.find("--retry-max-wait"), std::string::npos);
    EXPECT_NE(help.out.find("error_kind"), std::string::npos);
    EXPECT_NE(exited({"--version"}).out.find("libcurl/"), std::string::npos);
}

TEST(CommandLine, HelpFitsEightyColumnsAndNamesEveryOption) {
    const std::string help = exited({"--help", "all"}).out;
    std::size_t start = 0;
    for (std::size_t end; (end = help.find('\n', start)) != std::string::npos; start = end + 1)
        EXPECT_LE(end - start, 80u) << help.substr(start, end - start);
    for (const OptionSpec& option : option_table())
        EXPECT_NE(help.find(std::string(long_name(option))), std::string::npos) << option.names;
}

TEST(Values, Durations) {
    EXPECT_EQ(*parse_duration("10", false), std::chrono::milliseconds(10'000));
    EXPECT_EQ(*parse_duration("0.25", false), std::chrono::milliseconds(250));
    EXPECT_EQ(*parse_duration("500ms", false), std::chrono::milliseconds(500));
    EXPECT_EQ(*parse_duration("2m", false), std::chrono::milliseconds(120'000));
    EXPECT_EQ(*parse_duration("0", true), std::chrono::milliseconds(0));
    for (const char* bad : {"0", "abc", "-1", "1e3", "5 parsecs", "", "inf", "1.2.3"})
        EXPECT_FALSE(parse_duration(bad, false)) << bad;
}

TEST(Values, SizesAndWholeNumbers) {
    EXPECT_EQ(*parse_size("8M", 0, UINT64_MAX >> 1), 8u << 20);
    EXPECT_EQ(*parse_size("256k", 0, UINT64_MAX >> 1), 256u << 10);
    EXPECT_EQ(*parse_size("2KiB", 0, UINT64_MAX >> 1), 2048u);
    EXPECT_EQ(*parse_size("1024", 0, UINT64_MAX >> 1), 1024u);
    EXPECT_FALSE(parse_size("512", 1024, 2048));
    EXPECT_FALSE(parse_size("1X", 0, 100));
    EXPECT_EQ(*parse_whole("42", 1, 100), 42u);
    EXPECT_FALSE(parse_whole("abc", 1, 100));
    EXPECT_FALSE(parse_whole("101", 1, 100));
    EXPECT_FALSE(parse_whole("99999999999999999999999", 1, 100));
    const Result<Shard> shard = parse_shard("2/3");
    ASSERT_TRUE(shard);
    EXPECT_TRUE(shard->includes(5));
    EXPECT_FALSE(parse_shard("3/3"));
    EXPECT_FALSE(parse_shard("1"));
}

// Options apply in the order given: of two that contradict each other the last wins, as in
// curl, whatever their order in the table.
TEST(CommandLine, TheLastOfContradictingOptionsWins) {
    EXPECT_FALSE(parsed({"-L", "--no-follow", "-u", "x"}).net.request.follow_redirects);
    EXPECT_TRUE(parsed({"--no-follow", "-L", "-u", "x"}).net.request.follow_redirects);
    EXPECT_EQ(parsed({"--fields", "url", "--fields", "status", "-u", "x"}).output.fields.size(), 1u);
    const Options lists = parsed({"b.txt", "-j", "3", "a.txt", "-u", "x", "c.txt"});
    EXPECT_EQ(lists.input.lists, (std::vector<std::string>{"b.txt", "a.txt", "c.txt"}));
    EXPECT_EQ(lists.net.schedule.jobs, 3u);
    EXPECT_EQ(parsed({"-vv", "-u", "x"}).console.verbosity, 2);
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

// An answer may never hide an option: no foreign word is one of fetch's own spellings.
TEST(CommandLine, ForeignSpellingsAreNoneOfFetchsOwn) {
    for (const ForeignOption& foreign : foreign_options()) {
        EXPECT_EQ(option_spelt(foreign.word), nullptr) << foreign.word;
        EXPECT_EQ(foreign.answer.find("spells this"), foreign.answer.rfind("spells this")) << foreign.word;
        const EarlyExit exit = exited({std::string(foreign.word), "-u", "x"});
        EXPECT_EQ(exit.status, exit_status::usage) << foreign.word;
        EXPECT_EQ(exit.err.rfind("fetch: " + std::string(foreign.word) + " is ", 0), 0u) << exit.err;
    }
}

TEST(CommandLine, HabitsOfOtherToolsThatWork) {
    EXPECT_EQ(parsed({"-sS", "-u", "x"}).console.quiet, true);
    EXPECT_EQ(parsed({"--", "-x.txt"}).input.lists, std::vector<std::string>{"-x.txt"});
    EXPECT_EQ(parsed({"-o", "-", "-u", "x"}).output.file, "");
    EXPECT_EQ(parsed({"--output=-u", "-u", "x"}).output.file, "-u");
    EXPECT_EQ(parsed({"-j4", "-u", "x"}).net.schedule.jobs, 4u);
    EXPECT_EQ(exited({"--help=all"}).out, exited({"--help", "all"}).out);
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

TEST(CommandLine, AUrlWhereAListWasExpectedIsFetched) {
    const Options o = parsed({"-u", "https://a.example/", "https://b.example/", "list.txt", "-"});
    EXPECT_EQ(o.input.urls, (std::vector<std::string>{"https://a.example/", "https://b.example/"}));
    EXPECT_EQ(o.input.lists, (std::vector<std::string>{"list.txt", "-"}));
    ASSERT_EQ(o.console.notes.size(), 1u);
    EXPECT_EQ(exited({"example.com"}).status, exit_status::usage);
}

TEST(CommandLine, WhatLooksLikeAHost) {
    for (const char* host : {"example.com", "WWW.Example.COM", "a.b.c.example.org:8443", "10.0.0.1",
                             "localhost:80", "host.example/path?q", "xn--bcher-kva.example", "bücher.example"})
        EXPECT_TRUE(looks_like_host(host)) << host;
    for (const char* file : {"urls.txt", "list", "hosts.csv", "out.jsonl", "a..b.com", "-x.com", "10.0.0",
                             "x.c0m", "dir/urls", "host.example:port", ""})
        EXPECT_FALSE(looks_like_host(file)) << file;
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

TEST(CommandLine, WriteOutTakesATemplateOrAFileAndNamesWhatItReads) {
    const Options o = parsed({"-w", "%{redirect_url} %{title}", "-u", "x"});
    ASSERT_TRUE(o.output.write_out_template);
    EXPECT_EQ(o.net.capture.headers, std::vector<std::string>{"location"});  // redirect_url reads it
    const std::string path = ::testing::TempDir() + "write-out-template";
    std::FILE* file = std::fopen(path.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("%{http_code}\\n", file);
    std::fclose(file);
    EXPECT_EQ(parsed({"-w", "@" + path, "-u", "x"}).output.write_out, "%{http_code}\\n");
    EXPECT_EQ(exited({"-w", "@/nonexistent/template", "-u", "x"}).status, exit_status::usage);
    EXPECT_EQ(exited({"-w", "%{http_code}", "--fields", "status", "-u", "x"}).status, exit_status::usage);
}

}  // namespace
}  // namespace fetch
