// --store DIR (issue #28): each response's decoded body kept as DIR/ab/<sha256>, its headers
// beside it, identical bodies once, nothing half-written under a final name, and a DIR that
// cannot take the bodies is exit 3 naming the path.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "json.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "site.hpp"

namespace fetch::test {
namespace {

namespace fs = std::filesystem;

// sha256sum's answer, independent of fetch's OpenSSL digest.
std::string sha256_of_file(const std::string& path) {
    return run_fetch_command({"/usr/bin/sha256sum", path}).out.substr(0, 64);
}

class TempDir {
public:
    TempDir()
        : path_(temp_directory() + "/fetch-store-" + std::to_string(getpid()) + "-" + std::to_string(next_++)) {
        fs::remove_all(path_);
    }
    ~TempDir() { fs::remove_all(path_); }
    const std::string& path() const { return path_; }
    // Every file under the directory, relative to it.
    std::set<std::string> files() const {
        std::set<std::string> found;
        if (!fs::exists(path_)) return found;
        for (const auto& entry : fs::recursive_directory_iterator(path_))
            if (entry.is_regular_file()) found.insert(fs::relative(entry.path(), path_).string());
        return found;
    }

private:
    static inline int next_ = 0;
    std::string path_;
};

class Store : public ::testing::Test {
protected:
    void SetUp() override {
        long_page = "<title>early</title>" + std::string(200 * 1024, 'x');
        bodies = {{"/utf8", "<title>caf\xC3\xA9</title>\xE6\x97\xA5\xE6\x9C\xAC"},
                  {"/sjis", "<meta charset=shift_jis><title>\x93\xFA\x96\x7B</title>"},
                  {"/missing", "not here"},
                  {"/long", long_page},
                  {"/gzip", long_page + "<!-- gzip -->"},  // a body of its own: its headers are its own
                  {"/empty", ""},
                  {"/same-a", "the same bytes"},
                  {"/same-b", "the same bytes"}};
        for (const auto& [path, body] : bodies)
            site.serve(path, body, path == "/same-a" || path == "/same-b" ? "text/plain" : "text/html",
                       path == "/missing" ? 404 : 200);
        Response gzip;
        gzip.body = gzipped(bodies["/gzip"]);
        gzip.headers = {{"Content-Type", "text/html"}, {"Content-Encoding", "gzip"}, {"X-Test-Header", "one"}};
        site.serve("/gzip", gzip);
        Response empty;
        empty.status = 204;
        site.serve("/empty", empty);
        site.redirect("/moved", "/utf8");
    }
    RunResult fetch_all(const std::vector<std::string>& paths, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"--format", "jsonl", "--fields", "url,status,stored,error", "--store",
                                         dir.path()};
        args.insert(args.end(), extra.begin(), extra.end());
        for (const std::string& path : paths)
            args.push_back("--url=" + site.url(path));
        return run_fetch(args);
    }
    // Only final names are left: ab/<64 hex digits> and the same with .headers.
    void expect_only_final_names() const {
        for (const std::string& file : dir.files()) {
            const std::string name = file.substr(0, 3 + 64);
            EXPECT_TRUE(file.size() == 3 + 64 || file == name + ".headers") << file;
            EXPECT_EQ(file.substr(0, 2), file.substr(3, 2)) << file;
        }
    }
    Site site;
    TempDir dir;
    std::string long_page;
    std::map<std::string, std::string> bodies;
};

TEST_F(Store, EachBodyIsKeptDecodedUnderItsDigestWithItsHeaders) {
    const std::vector<std::string> paths = {"/utf8", "/sjis", "/missing", "/long", "/gzip", "/empty"};
    const RunResult run = fetch_all(paths);
    ASSERT_EQ(run.lines().size(), paths.size()) << run.err;
    for (const std::string& line : run.lines()) {
        const Json record = parse_json(line);
        const std::string path = record["url"].text().substr(site.origin().size());
        const std::string stored = record["stored"].text();
        ASSERT_EQ(stored.size(), 2u + 1u + 64u) << stored;
        const std::string file = dir.path() + "/" + stored;
        EXPECT_EQ(read_file(file), bodies.at(path)) << path;
        EXPECT_EQ(sha256_of_file(file), stored.substr(3)) << path;
        const std::string headers = read_file(file + ".headers");
        const std::string status = std::to_string(static_cast<int>(record["status"].number()));
        EXPECT_EQ(headers.rfind("HTTP/1.1 " + status, 0), 0u) << headers;
        EXPECT_EQ(headers.substr(headers.size() - 4), "\r\n\r\n") << headers;
        if (path == "/gzip") {
            EXPECT_TRUE(contains(headers, "X-Test-Header: one")) << headers;
        }
    }
    EXPECT_EQ(dir.files().size(), 2 * paths.size());
    expect_only_final_names();
}

TEST_F(Store, IdenticalBodiesAreKeptOnce) {
    const RunResult run = fetch_all({"/same-a", "/same-b", "/same-a?again"});
    std::set<std::string> stored;
    for (const std::string& line : run.lines())
        stored.insert(parse_json(line)["stored"].text());
    EXPECT_EQ(stored.size(), 1u) << run.out;
    EXPECT_EQ(dir.files().size(), 2u);  // the body and its headers
    // A second run into the same DIR keeps nothing twice either.
    const RunResult again = fetch_all({"/same-b"});
    EXPECT_EQ(parse_json(again.out)["stored"].text(), *stored.begin());
    EXPECT_EQ(dir.files().size(), 2u);
}

// The early stop is off: the whole page is kept, up to --max-body.
TEST_F(Store, TheWholeBodyIsKeptUpToMaxBody) {
    RunResult run = fetch_all({"/long"});
    EXPECT_EQ(read_file(dir.path() + "/" + parse_json(run.out)["stored"].text()), long_page);
    run = fetch_all({"/long"}, {"--max-body", "16k"});
    EXPECT_EQ(read_file(dir.path() + "/" + parse_json(run.out)["stored"].text()), long_page.substr(0, 16 * 1024));
}

// The final response is kept, not the redirect on the way to it.
TEST_F(Store, ARedirectFollowedIsNotKept) {
    const RunResult run = fetch_all({"/moved"});
    const Json record = parse_json(run.out);
    EXPECT_EQ(read_file(dir.path() + "/" + record["stored"].text()), bodies["/utf8"]);
    EXPECT_EQ(dir.files().size(), 2u);
}

// A transfer that fails mid-body leaves no file: not under a name, not as a temporary one,
// whether the body was still in memory or already in a file (past 64 KiB).
TEST_F(Store, AFailedTransferLeavesNothing) {
    Response spilled;
    spilled.script = [](Connection& connection) {
        connection.send("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 300000\r\n\r\n");
        connection.send(std::string(200 * 1024, 'x'));
        connection.pause(std::chrono::milliseconds(100));
        connection.reset();
    };
    site.serve("/spilled-then-reset", spilled);
    const RunResult run = fetch_all({"/reset-mid-body", "/close-mid-body", "/spilled-then-reset"});
    ASSERT_EQ(run.lines().size(), 3u) << run.err;
    for (const std::string& line : run.lines())
        EXPECT_TRUE(parse_json(line)["stored"].is_null()) << line;
    EXPECT_TRUE(dir.files().empty()) << *dir.files().begin();
}

TEST_F(Store, WithoutStoreNothingIsKeptAndTheFieldIsNull) {
    const RunResult run =
        run_fetch({"--format", "jsonl", "--fields", "url,stored", "--url=" + site.url("/utf8")});
    EXPECT_TRUE(parse_json(run.out)["stored"].is_null()) << run.out;
}

TEST_F(Store, ADirectoryThatCannotBeMadeIsExitThreeBeforeAnyFetch) {
    TempFile file("not a directory");
    const RunResult run = run_fetch({"--store", file.path() + "/bodies", "--url=" + site.url("/utf8")});
    EXPECT_EQ(run.exit_code, 3);
    EXPECT_TRUE(contains(run.err, file.path() + "/bodies")) << run.err;
    EXPECT_TRUE(site.requests().empty());
}

// A 64 KiB tmpfs in a private mount namespace fills up: exit 3 naming the file that could not
// be written, and every file left under a name holds the whole body its name says.
TEST_F(Store, AFullDiskIsExitThreeAndLeavesOnlyWholeBodies) {
    if (geteuid() != 0) GTEST_SKIP() << "mounting a tmpfs needs root (CI runs as root)";
    std::string list;
    for (int i = 0; i < 60; ++i)
        list += site.url("/big?kb=4&title=p" + std::to_string(i)) + "\n";
    TempFile urls(list);
    fs::create_directories(dir.path());
    const std::string script =
        "mount -t tmpfs -o size=64k tmpfs " + dir.path() + " && \"" + FETCH_BINARY + "\" -j 4 --store " +
        dir.path() + " " + urls.path() + "; echo \"status=$?\"; cd " + dir.path() +
        " && for f in */*; do case $f in *.headers) ;; *) echo \"$(sha256sum < $f | cut -c1-64) $f\";; esac; done";
    const RunResult run = run_fetch_command({"/usr/bin/unshare", "-m", "/bin/sh", "-c", script});
    EXPECT_TRUE(contains(run.out, "status=3")) << run.out;
    EXPECT_TRUE(contains(run.err, "cannot write to " + dir.path() + "/")) << run.err;
    EXPECT_TRUE(contains(run.err, "No space left on device")) << run.err;
    std::size_t checked = 0;
    for (std::size_t start = 0, end; (end = run.out.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::string line = run.out.substr(start, end - start);
        if (line.size() != 64 + 1 + 2 + 1 + 64 || line[64] != ' ') continue;
        EXPECT_EQ(line.substr(0, 64), line.substr(68)) << line;  // the content is what the name says
        ++checked;
    }
    EXPECT_GT(checked, 0u) << run.out;
}

}  // namespace
}  // namespace fetch::test
