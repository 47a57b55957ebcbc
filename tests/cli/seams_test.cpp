// Exactly once at every seam (issue #25), on the built binary: output files, resume identity,
// --unique, interrupt counts, and other tools' rows. Each test is a case that lost data or
// reported it wrongly before: a new user's mistake, or a hostile input not in the repository.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "json.hpp"
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

RunResult run_shell(const std::string& script) {
    return run_fetch_command(
        {"/bin/sh", "-c", "export FETCH='" + std::string(FETCH_BINARY) + "'; " + script});
}

std::multiset<long long> indices_of(const std::string& jsonl) {
    std::multiset<long long> indices;
    std::size_t start = 0;
    for (std::size_t end; (end = jsonl.find('\n', start)) != std::string::npos; start = end + 1)
        indices.insert(
            static_cast<long long>(parse_json(jsonl.substr(start, end - start))["index"].number()));
    EXPECT_EQ(start, jsonl.size()) << "the output ends inside a record";
    return indices;
}

void wait_for_requests(const TestServer& server, std::size_t count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (server.requests() < count && std::chrono::steady_clock::now() < deadline)
        std::this_thread::yield();
}

class Seams : public ::testing::Test {
protected:
    TestServer server;
};

// ---- output files

TEST_F(Seams, YesterdaysOutputStaysUntilThereIsARecordToReplaceIt) {
    TempFile output("yesterday's results\n"), empty("# nothing\n"), list(list_of(server, 2));
    EXPECT_EQ(run_fetch({"-o", output.path(), "/nonexistent/nosuch.txt"}).exit_code, 2);
    EXPECT_EQ(output.read(), "yesterday's results\n");
    EXPECT_EQ(run_fetch({"-o", output.path(), "--format", "csv", empty.path()}).exit_code, 2);
    EXPECT_EQ(output.read(), "yesterday's results\n");
    EXPECT_EQ(run_fetch({"-o", output.path(), "--input-format", "tsv", list.path()}).exit_code,
              2);  // a refusal
    EXPECT_EQ(output.read(), "yesterday's results\n");
    // A signal before the first record.
    TempFile stalled(list_of(server, 4, "/delay/60000?title=s"));
    LiveFetch fetch({"-o", output.path(), stalled.path()});
    wait_for_requests(server, 4);
    fetch.signal(SIGINT);
    EXPECT_EQ(fetch.wait(), 130);
    EXPECT_EQ(output.read(), "yesterday's results\n");
    // A complete run with no record is its output: a CSV header.
    EXPECT_EQ(run_fetch({"-o", output.path(), "--format", "csv", "--allow-empty", empty.path()}).exit_code,
              0);
    EXPECT_EQ(output.read(), "status,url,title,final_url,elapsed_ms,bytes,attempts,expect_failed,error_kind,error\r\n");
}

TEST_F(Seams, NeitherASitemapFileNorARedirectedStdinIsOverwritten) {
    TempFile sitemap("<urlset><url><loc>" + server.url("/page?title=s") + "</loc></url></urlset>\n", ".xml");
    const std::string before = sitemap.read();
    RunResult run = run_fetch({"--sitemap", sitemap.path(), "-o", sitemap.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "is the sitemap " + sitemap.path() + " itself")) << run.err;
    run = run_fetch({"--sitemap", sitemap.path(), "--resume", sitemap.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(sitemap.read(), before);
    TempFile list(list_of(server, 2));
    run = run_shell("\"$FETCH\" -o '" + list.path() + "' < '" + list.path() + "'");
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "is the list standard input itself")) << run.err;
    EXPECT_EQ(server.requests(), 0u);
}

// ---- resume identity and the output it trusts

TEST_F(Seams, AResumedOutputCutShortGetsItsLostRecordsAgain) {
    TempFile list(list_of(server, 40)), state(""), output("");
    const std::vector<std::string> args = {"-q",         "--format", "jsonl",       "--resume",
                                           state.path(), "-o",       output.path(), list.path()};
    ASSERT_EQ(run_fetch(args).exit_code, 0);
    const std::string whole = output.read();
    ASSERT_EQ(indices_of(whole).size(), 40u);
    // head -50 out > x && mv x out, in bytes: the cut falls inside a record.
    run_shell("head -c " + std::to_string(whole.size() / 3 + 7) + " '" + output.path() + "' > '" +
              output.path() + ".x' && mv '" + output.path() + ".x' '" + output.path() + "'");
    const RunResult resumed =
        run_fetch({"--format", "jsonl", "--resume", state.path(), "-o", output.path(), list.path()});
    EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
    EXPECT_TRUE(contains(resumed.err, "are fetched again")) << resumed.err;
    const std::multiset<long long> indices = indices_of(output.read());
    EXPECT_EQ(indices.size(), 40u) << "records lost or repeated";
    EXPECT_EQ(std::set<long long>(indices.begin(), indices.end()).size(), 40u);
}

TEST_F(Seams, AResumedOutputRewrittenInTheMiddleIsRefused) {
    TempFile list(list_of(server, 40)), state(""), output("");
    const std::vector<std::string> args = {"-q",         "--format", "jsonl",       "--resume",
                                           state.path(), "-o",       output.path(), list.path()};
    ASSERT_EQ(run_fetch(args).exit_code, 0);
    std::string content = output.read();
    content.replace(content.find("\"title\":\"p"), 10, "\"title\":\"q");
    std::ofstream(output.path(), std::ios::trunc) << content;
    const RunResult resumed = run_fetch(args);
    EXPECT_EQ(resumed.exit_code, 2);
    EXPECT_TRUE(contains(resumed.err, output.path() + ": bytes ")) << resumed.err;
    EXPECT_TRUE(contains(resumed.err, "differ from what " + state.path() + " committed")) << resumed.err;
    EXPECT_EQ(output.read(), content);  // refused before anything is written
}

TEST_F(Seams, AListChangedInTheMiddleIsAnotherJob) {
    std::string urls = list_of(server, 6000);  // about 300 KiB: more than a head and tail sample
    TempFile list(urls), state("");
    ASSERT_EQ(
        run_fetch({"-q", "-j", "64", "--resume", state.path(), "--shard", "0/100", list.path()}).exit_code,
        0);
    urls.replace(urls.find("title=p3000\n"), 12, "title=x3000\n");
    std::ofstream(list.path(), std::ios::trunc) << urls;
    const RunResult run = run_fetch({"--resume", state.path(), "--shard", "0/100", list.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "another job (other lists")) << run.err;
}

// A sitemap that gains an entry shifts every position after it: resuming by position would
// lose the new one and fetch the last one twice.
TEST(SeamsSitemap, ASitemapThatChangedIsAnotherJob) {
    std::mutex mutex;
    std::string sitemap;
    TestServer server([&](const Request& request) {
        if (request.path != "/sitemap.xml") return default_routes(request);
        std::lock_guard lock(mutex);
        Response response;
        response.headers.emplace_back("Content-Type", "application/xml");
        response.body = sitemap;
        return response;
    });
    const auto serve = [&](std::vector<std::string> titles) {
        std::lock_guard lock(mutex);
        sitemap = "<urlset>";
        for (const std::string& title : titles)
            sitemap += "<url><loc>" + server.url("/page?title=" + title) + "</loc></url>";
        sitemap += "</urlset>";
    };
    serve({"a", "b", "c"});
    TempFile state(""), output("");
    const std::vector<std::string> args = {"--resume",    state.path(), "-o",
                                           output.path(), "--sitemap",  server.url("/sitemap.xml")};
    ASSERT_EQ(run_fetch(args).exit_code, 0);
    EXPECT_EQ(run_fetch(args).exit_code, 0);  // the same entries: nothing to do
    serve({"new", "a", "b", "c"});
    const RunResult run = run_fetch(args);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_TRUE(contains(run.err, "the sitemaps give other entries than when the job began")) << run.err;
    const std::string records = output.read();
    EXPECT_EQ(std::count(records.begin(), records.end(), '\n'), 3);
}

// ---- --unique

// libstdc++'s std::hash<std::string> (_Hash_bytes, 64-bit) mixes each 8-byte word bijectively:
// given a first pair of words, the second of another string can be solved for so that both
// strings hash alike. Searched until that word is alphanumeric, it makes two different URLs.
std::pair<std::string, std::string> colliding_urls(const std::string& base) {
    const std::uint64_t mul = (std::uint64_t{0xc6a4a793} << 32) + 0x5bd1e995;
    std::uint64_t inverse = mul;
    for (int i = 0; i < 6; ++i)
        inverse *= 2 - mul * inverse;
    const auto shift_mix = [](std::uint64_t v) { return v ^ (v >> 47); };  // its own inverse
    const auto mix = [&](std::uint64_t word) { return shift_mix(word * mul) * mul; };
    const auto unmix = [&](std::uint64_t data) { return shift_mix(data * inverse) * inverse; };
    std::string prefix = base;
    while (prefix.size() % 8)
        prefix += 'x';
    const std::size_t length = prefix.size() + 16;
    std::uint64_t state = 0xc70f6907u ^ (length * mul);
    for (std::size_t at = 0; at < prefix.size(); at += 8) {
        std::uint64_t word;
        std::memcpy(&word, prefix.data() + at, 8);
        state = (state ^ mix(word)) * mul;
    }
    const std::string alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::mt19937_64 random(25);
    const auto word_of = [&](std::string& text) {
        std::uint64_t word;
        std::memcpy(&word, text.data(), 8);
        return word;
    };
    std::string a1(8, 'a'), a2(8, 'b'), b1(8, ' '), b2(8, ' ');
    const std::uint64_t after_a1 = (state ^ mix(word_of(a1))) * mul;
    for (;;) {
        for (char& c : b1)
            c = alnum[random() % alnum.size()];
        const std::uint64_t after_b1 = (state ^ mix(word_of(b1))) * mul;
        const std::uint64_t word = unmix(after_a1 ^ mix(word_of(a2)) ^ after_b1);
        std::memcpy(b2.data(), &word, 8);
        if (b2.find_first_not_of(alnum) == std::string::npos && b1 != a1) break;
    }
    return {prefix + a1 + a2, prefix + b1 + b2};
}

TEST_F(Seams, UniqueKeepsTwoUrlsWhoseStdHashCollides) {
    const auto [first, second] = colliding_urls(server.url("/page?title="));
    ASSERT_NE(first, second);
    if (std::hash<std::string>{}(first) != std::hash<std::string>{}(second))
        GTEST_SKIP() << "this standard library hashes strings otherwise";
    const RunResult run =
        run_fetch({"--unique", "--order", "input", "--format", "tsv", "--fields", "url", "-u", first, "-u", second});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, first + "\n" + second + "\n");  // neither vanished without a record
}

// A resumed --unique run remembers the URLs of the positions done before it.
TEST_F(Seams, UniqueWithResumeFetchesNoUrlTwice) {
    const std::string again = server.url("/page?title=again");
    TempFile list(again + "\n" + server.url("/delay/1500?title=slow") + "\n" + again + "\n"), state("");
    {
        LiveFetch first({"-j", "1", "--unique", "--resume", state.path(), list.path()});
        ASSERT_TRUE(first.read_line());  // position 0 is written; 1 is in flight, 2 waits
        first.signal(SIGINT);
        while (first.read_line(10)) {
        }
        EXPECT_EQ(first.wait(), 130);
    }
    const RunResult second = run_fetch({"-j", "1", "--unique", "--resume", state.path(), list.path()});
    EXPECT_EQ(second.exit_code, 0) << second.err;
    EXPECT_EQ(second.lines(),
              std::vector<std::string>{"200\t" + server.url("/delay/1500?title=slow") + "\tslow"});
}

// --unique is one set for the job: a URL at two positions of different shards is fetched once.
TEST_F(Seams, UniqueSpansShards) {
    const std::string url = server.url("/page?title=twice");
    TempFile list(url + "\n" + url + "\n");
    std::size_t lines = 0;
    for (const char* shard : {"0/2", "1/2"})
        lines += run_fetch({"--unique", "--shard", shard, list.path()}).lines().size();
    EXPECT_EQ(lines, 1u);
}

// ---- counts after an interrupt

TEST_F(Seams, AnInterruptCountsEveryUrlOfTheJob) {
    TempFile list(list_of(server, 3000, "/delay/100?title=i"));
    LiveFetch fetch({"-j", "4", list.path()});
    std::size_t written = 0;
    for (; written < 3; ++written)
        ASSERT_TRUE(fetch.read_line());
    fetch.signal(SIGINT);
    while (fetch.read_line(10))
        ++written;
    EXPECT_EQ(fetch.wait(), 130);
    EXPECT_EQ(static_cast<long long>(written) + not_fetched_of(fetch.err()), 3000) << fetch.err();
}

TEST_F(Seams, AJunitReportOfAnInterruptedRunHasEveryUrl) {
    TempFile list(list_of(server, 2000, "/delay/100?title=j"));
    LiveFetch fetch({"-j", "4", "--format", "junit", list.path()});
    wait_for_requests(server, 8);
    fetch.signal(SIGINT);
    std::string report;
    while (const auto line = fetch.read_line(10))
        report += *line + "\n";
    EXPECT_EQ(fetch.wait(), 130);
    EXPECT_TRUE(contains(report, "<testsuites name=\"fetch\" tests=\"2000\"")) << report.substr(0, 300);
    const long long skipped = not_fetched_of(fetch.err());
    EXPECT_TRUE(contains(report, "skipped=\"" + std::to_string(skipped) + "\"")) << report.substr(0, 300);
    EXPECT_TRUE(
        contains(report, "<property name=\"fetch.not_fetched\" value=\"" + std::to_string(skipped) + "\"/>"));
}

TEST_F(Seams, AnInterruptSaysAPipesRestIsNotKnown) {
    LiveFetch fetch({"-j", "2", "-"});
    fetch.write_stdin(list_of(server, 20, "/delay/60000?title=w"));
    wait_for_requests(server, 2);
    fetch.signal(SIGTERM);
    while (fetch.read_line(10)) {  // to the end of its output: wait() closes stdin, an end of input
    }
    EXPECT_EQ(fetch.wait(), 143);
    EXPECT_TRUE(contains(fetch.err(), "standard input's rest was never read (not counted)")) << fetch.err();
}

// A quarter shard's progress line counts to a quarter of the list (its 20 URLs take 0.5 s at
// -j 2: the line is redrawn every 200 ms).
TEST_F(Seams, TheProgressTotalIsTheShards) {
    TempFile list(list_of(server, 80, "/delay/50?title=t")), out("");
    const TerminalRun run = run_in_terminal({"-j", "2", "--shard", "1/4", "-o", out.path(), list.path()});
    EXPECT_EQ(run.exit_code, 0) << run.screen;
    EXPECT_TRUE(contains(run.screen, "/20 (")) << run.screen;
    EXPECT_FALSE(contains(run.screen, "/80 (")) << run.screen;
}

// ---- other tools' rows

TEST_F(Seams, ACsvCellWithALineBreakIsOneRecord) {
    TempFile rows(
        "note,url\r\n\"first line\r\nsecond line\",\"" + server.url("/page?title=quoted") + "\"\r\n", ".csv");
    const RunResult run = run_fetch(
        {"--input-format", "csv", "--format", "tsv", "--fields", "line,title,error_kind", rows.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, "2\tquoted\t\n");
}

TEST_F(Seams, ATableWithoutItsColumnIsOneUsageErrorAndANumberReadsIt) {
    TempFile rows("200\t" + server.url("/page?title=a") + "\n200\t" + server.url("/page?title=b") + "\n");
    RunResult run = run_fetch({"--input-format", "tsv", rows.path()});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_EQ(std::count(run.err.begin(), run.err.end(), '\n'), 1) << run.err;
    EXPECT_TRUE(contains(run.err, "has no \"url\" column (it has: 200, " + server.url("/page?title=a") + ")"))
        << run.err;
    EXPECT_EQ(server.requests(), 0u);
    run = run_fetch(
        {"--input-format", "tsv", "--input-field", "2", "--format", "tsv", "--fields", "title", rows.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.lines().size(), 2u);
}

TEST_F(Seams, OfDuplicateJsonKeysTheLastWins) {
    TempFile rows("{\"url\":\"" + server.url("/page?title=first") + "\",\"url\":\"" +
                  server.url("/page?title=last") + "\"}\n");
    const RunResult run =
        run_fetch({"--input-format", "jsonl", "--format", "tsv", "--fields", "title", rows.path()});
    EXPECT_EQ(run.out, "last\n") << run.err;
}

}  // namespace
}  // namespace fetch::test
