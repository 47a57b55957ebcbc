// --format sqlite on the built binary (issue #28): the schema and its types, one row per URL,
// the refusals, and the database as its own resume journal through kill -9 at several moments.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "run_fetch.hpp"
#include "test_server.hpp"
#include "wait.hpp"

namespace fetch::test {
namespace {

// A read-only connection to the database fetch wrote (or is writing).
class Database {
public:
    explicit Database(const std::string& path) {
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            error_ = db ? sqlite3_errmsg(db) : "out of memory";
        }
        db_.reset(db);
        if (db) sqlite3_busy_timeout(db, 5000);
    }
    const std::string& error() const { return error_; }

    // The first column of each row of `sql`, as text ("NULL" for null), or "error: ...".
    std::vector<std::string> column(const std::string& sql) const {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
            return {"error: " + std::string(sqlite3_errmsg(db_.get()))};
        const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
        std::vector<std::string> values;
        int step = SQLITE_ROW;
        while ((step = sqlite3_step(raw)) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(raw, 0);
            values.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
        if (step != SQLITE_DONE) values.push_back("error: " + std::string(sqlite3_errmsg(db_.get())));
        return values;
    }
    std::string value(const std::string& sql) const {
        const std::vector<std::string> values = column(sql);
        return values.empty() ? "(no row)" : values.front();
    }
    long long number(const std::string& sql) const { return std::atoll(value(sql).c_str()); }

private:
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> db_{nullptr, sqlite3_close_v2};
    std::string error_;
};

std::string list_of(const TestServer& server, int count, const std::string& path) {
    std::string list;
    for (int i = 0; i < count; ++i)
        list += server.url(path + std::to_string(i)) + "\n";
    return list;
}

// Rows committed so far, read while fetch writes (WAL: the reader never blocks it).
long long rows_in(const std::string& path) {
    const Database db(path);
    const std::string count = db.value("select count(*) from records");
    return count.rfind("error", 0) == 0 ? 0 : std::atoll(count.c_str());
}

class Sqlite : public ::testing::Test {
protected:
    TestServer server;
};

TEST_F(Sqlite, EachFieldIsAColumnOfItsTypeAndEachUrlARow) {
    TempFile output("", ".db");
    const std::string unreachable = "http://127.0.0.1:" + std::to_string(closed_port()) + "/";
    const RunResult run = run_fetch({"-q", "--format", "sqlite", "-o", output.path(), "--fields",
                                     "url,status,title,title_cut,elapsed_ms,time_dns,redirect_chain,header:x-none,error_kind",
                                     "-u", server.url("/redirect/1"), "-u", server.url("/status/404"), "-u",
                                     unreachable});
    EXPECT_EQ(run.exit_code, 1) << run.err;  // the 404 and the connection failure miss --expect
    EXPECT_EQ(run.out, "");                  // rows, not bytes
    const Database db(output.path());
    ASSERT_EQ(db.error(), "");
    EXPECT_EQ(db.column("select name || ' ' || type from pragma_table_info('records') order by cid"),
              (std::vector<std::string>{"idx INTEGER", "met INTEGER", "url TEXT", "status INTEGER", "title TEXT",
                                        "title_cut INTEGER", "elapsed_ms INTEGER", "time_dns REAL", "redirect_chain TEXT",
                                        "header:x-none TEXT", "error_kind TEXT"}));
    EXPECT_EQ(db.column("select idx from records order by idx"), (std::vector<std::string>{"0", "1", "2"}));
    EXPECT_EQ(db.column("select typeof(status) || ' ' || typeof(title) || ' ' || typeof(title_cut) || ' ' || "
                        "typeof(elapsed_ms) || ' ' || typeof(time_dns) || ' ' || typeof(\"header:x-none\") || ' ' || met "
                        "from records order by idx"),
              (std::vector<std::string>{"integer text integer integer real null 1",
                                        "integer text integer integer real null 0",
                                        "null null null integer real null 0"}));
    EXPECT_EQ(db.value("select json_extract(redirect_chain, '$[0].status') from records where idx = 0"), "302");
    EXPECT_EQ(db.value("select title from records where idx = 0"), "end");
    EXPECT_EQ(db.value("select error_kind from records where idx = 2"), "connect");
    EXPECT_EQ(db.value("select value from meta where key = 'format'"), "sqlite");
    EXPECT_EQ(db.value("pragma journal_mode"), "wal");
}

TEST_F(Sqlite, ARunWritesOneRowPerUrlWithTheDefaultFields) {
    TempFile output("", ".db");
    TempFile list(list_of(server, 250, "/page?title=t"));
    const RunResult run = run_fetch({"-q", "-j", "8", "--format", "SQLite", "-o", output.path(), list.path()});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const Database db(output.path());
    EXPECT_EQ(db.number("select count(*) from records"), 250);
    EXPECT_EQ(db.number("select count(distinct idx) from records where idx between 0 and 249"), 250);
    EXPECT_EQ(db.value("select title from records where idx = 17"), "t17");
    EXPECT_EQ(db.value("select line from records where idx = 17"), "18");
    EXPECT_EQ(db.value("pragma integrity_check"), "ok");
}

TEST_F(Sqlite, WithoutADatabaseFileItIsRefusedInOneLine) {
    const RunResult none = run_fetch({"--format", "sqlite", "-u", server.url("/page")});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("--format sqlite: needs -o FILE"), std::string::npos) << none.err;
    EXPECT_EQ(std::count(none.err.begin(), none.err.end(), '\n'), 1) << none.err;
    const RunResult stdout_dash = run_fetch({"--format", "sqlite", "-o", "-", "-u", server.url("/page")});
    EXPECT_EQ(stdout_dash.exit_code, 2) << stdout_dash.err;
    const RunResult device = run_fetch({"--format", "sqlite", "-o", "/dev/null", "-u", server.url("/page")});
    EXPECT_EQ(device.exit_code, 2);
    EXPECT_NE(device.err.find("not a regular file"), std::string::npos) << device.err;
    const std::string fifo = temp_directory() + "/fetch-sqlite-fifo-" + std::to_string(::getpid());
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const RunResult pipe = run_fetch({"--format", "sqlite", "-o", fifo, "-u", server.url("/page")}, std::nullopt, 10);
    ::unlink(fifo.c_str());
    EXPECT_EQ(pipe.exit_code, 2);
    EXPECT_NE(pipe.err.find("not a regular file"), std::string::npos) << pipe.err;
}

TEST_F(Sqlite, AFileThatIsNotADatabaseIsNeverOverwritten) {
    TempFile output("status\turl\n200\thttp://a/\n", ".db");
    const RunResult run = run_fetch({"--format", "sqlite", "-o", output.path(), "-u", server.url("/page")});
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(run.err.find("not a database"), std::string::npos) << run.err;
    EXPECT_EQ(output.read(), "status\turl\n200\thttp://a/\n");
}

TEST_F(Sqlite, AnotherRunReplacesTheRowsOnlyWithItsFirstRecord) {
    TempFile output("", ".db");
    ASSERT_EQ(run_fetch({"-q", "--format", "sqlite", "-o", output.path(), "-u", server.url("/page?title=old")}).exit_code, 0);
    const RunResult refused = run_fetch({"-q", "--format", "sqlite", "-o", output.path(), "--max-redirs", "x",
                                         "-u", server.url("/page?title=new")});
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_EQ(Database(output.path()).value("select title from records"), "old");
    ASSERT_EQ(run_fetch({"-q", "--format", "sqlite", "-o", output.path(), "-u", server.url("/page?title=new"), "-u",
                         server.url("/page?title=two")})
                  .exit_code,
              0);
    EXPECT_EQ(Database(output.path()).column("select title from records order by idx"),
              (std::vector<std::string>{"new", "two"}));
    // A complete run without a record replaces them too, as a CSV header alone replaces rows.
    TempFile empty("");
    ASSERT_EQ(run_fetch({"-q", "--format", "sqlite", "-o", output.path(), "--allow-empty", empty.path()}).exit_code, 0);
    EXPECT_EQ(Database(output.path()).value("select count(*) from records"), "0");
}

// The promise of the issue: kill -9 at any moment leaves a database sqlite3 opens, with no
// row twice, and resumed runs end with exactly one row per URL.
TEST_F(Sqlite, KillNineAtSeveralMomentsThenResumeGivesOneRowPerUrl) {
    const int count = 300;
    TempFile list(list_of(server, count, "/delay/10?title=k"));
    TempFile output("", ".db");
    const std::vector<std::string> args = {"-q", "-j", "8", "--format", "sqlite", "-o", output.path(),
                                           "--resume", output.path(), list.path()};
    std::size_t requests_before = 0;
    for (const long long target : {0LL, 1LL, 40LL, 120LL, 200LL}) {
        LiveFetch fetch(args);
        // Once `target` rows are committed (0: right away), whatever is in flight.
        ASSERT_TRUE(eventually([&] { return rows_in(output.path()) >= target; })) << target << ": " << fetch.err();
        fetch.signal(SIGKILL);
        fetch.wait();
        const Database db(output.path());
        ASSERT_EQ(db.value("pragma integrity_check"), "ok") << "after a kill at " << target;
        EXPECT_EQ(db.number("select count(*) - count(distinct idx) from records"), 0);
        requests_before = server.requests();
    }
    const long long done = rows_in(output.path());
    EXPECT_LT(done, count) << "the kills never left work for the last run";
    const RunResult last = run_fetch(args);
    EXPECT_EQ(last.exit_code, 0) << last.err;
    EXPECT_EQ(server.requests() - requests_before, static_cast<std::size_t>(count - done))
        << "the rows present are the positions done: fetched once more, never twice";
    const Database db(output.path());
    EXPECT_EQ(db.number("select count(*) from records"), count);
    EXPECT_EQ(db.number("select count(distinct idx) from records where idx between 0 and 299"), count);
    EXPECT_EQ(db.number("select count(*) from records where title = 'k' || idx"), count);
}

TEST_F(Sqlite, AnotherJobsDatabaseIsRefusedLikeAnotherJobsStateFile) {
    TempFile output("", ".db");
    TempFile first(list_of(server, 3, "/page?title=a")), second(list_of(server, 4, "/page?title=b"));
    ASSERT_EQ(run_fetch({"-q", "--format", "sqlite", "-o", output.path(), "--resume", output.path(), first.path()})
                  .exit_code,
              0);
    const RunResult other = run_fetch(
        {"-q", "--format", "sqlite", "-o", output.path(), "--resume", output.path(), second.path()});
    EXPECT_EQ(other.exit_code, 2);
    EXPECT_NE(other.err.find("belongs to another job"), std::string::npos) << other.err;
    EXPECT_EQ(Database(output.path()).number("select count(*) from records"), 3);
    const RunResult fields = run_fetch({"-q", "--format", "sqlite", "--fields", "url", "-o", output.path(),
                                        "--resume", output.path(), first.path()});
    EXPECT_EQ(fields.exit_code, 2);
    const RunResult elsewhere = run_fetch(
        {"-q", "--format", "sqlite", "-o", output.path(), "--resume", output.path() + ".state", first.path()});
    EXPECT_EQ(elsewhere.exit_code, 2);
    EXPECT_NE(elsewhere.err.find("its own journal"), std::string::npos) << elsewhere.err;
    // The same job again: nothing left to fetch.
    const std::size_t before = server.requests();
    const RunResult again = run_fetch(
        {"-q", "--format", "sqlite", "-o", output.path(), "--resume", output.path(), first.path()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(server.requests(), before);
}

}  // namespace
}  // namespace fetch::test
