// --sitemap: urlsets and indexes, files and fetched, plain and gzip; and what a hostile one
// gets: a loop, a bomb, an endless <loc>, broken XML. Every entry is one record.
#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <string>

#include "json.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

std::string urlset(const std::vector<std::string>& locs) {
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const std::string& loc : locs)
        xml += "  <url><loc>" + loc + "</loc><lastmod>2026-12-01</lastmod></url>\n";
    return xml + "</urlset>\n";
}

std::string sitemapindex(const std::vector<std::string>& locs) {
    std::string xml =
        "<?xml version=\"1.0\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const std::string& loc : locs)
        xml += "  <sitemap><loc>" + loc + "</loc></sitemap>\n";
    return xml + "</sitemapindex>\n";
}

// A server of sitemaps by path, and of pages for everything else.
class SitemapServer {
public:
    SitemapServer()
        : server_([this](const Request& request) {
              std::lock_guard lock(mutex_);  // the test thread puts, the server's threads read
              const auto found = files_.find(request.path);
              if (found == files_.end()) return default_routes(request);
              Response response;
              response.headers.emplace_back("Content-Type", "application/xml");
              response.body = found->second;
              return response;
          }) {}
    void put(const std::string& path, std::string body) {
        std::lock_guard lock(mutex_);
        files_[path] = std::move(body);
    }
    std::string url(const std::string& path) const { return server_.url(path); }

private:
    std::mutex mutex_;
    std::map<std::string, std::string> files_;
    TestServer server_;  // last: it serves from the members above
};

std::vector<Json> records(const RunResult& run) {
    std::vector<Json> parsed;
    for (const std::string& line : run.lines())
        parsed.push_back(parse_json(line));
    return parsed;
}

TEST(Sitemap, AFileAndAFetchedGzipIndexGiveEveryEntryOnce) {
    SitemapServer server;
    server.put("/a.xml", urlset({server.url("/page?title=a1"), server.url("/page?title=a2")}));
    server.put("/b.xml.gz", gzipped(urlset({server.url("/page?title=b1")})));
    server.put("/index.xml", sitemapindex({server.url("/a.xml"), server.url("/b.xml.gz")}));
    TempFile local(urlset({server.url("/page?title=local&amp;x=1")}), ".xml");
    const RunResult run =
        run_fetch({"--sitemap", local.path(), "--sitemap", server.url("/index.xml"), "--order", "input",
                   "--format", "tsv", "--fields", "source,line,title,url"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(run.out, local.path() + "\t1\tlocal\t" + server.url("/page?title=local&x=1") + "\n" +
                           server.url("/a.xml") + "\t1\ta1\t" + server.url("/page?title=a1") + "\n" +
                           server.url("/a.xml") + "\t2\ta2\t" + server.url("/page?title=a2") + "\n" +
                           server.url("/b.xml.gz") + "\t1\tb1\t" + server.url("/page?title=b1") + "\n");
}

TEST(Sitemap, HostileSitemapsAreRecordsAndTheRunGoesOn) {
    SitemapServer server;
    server.put("/loop.xml", sitemapindex({server.url("/loop.xml"), server.url("/ok.xml")}));
    server.put("/ok.xml", urlset({server.url("/page?title=ok"), std::string(100 * 1024, 'x')}));
    server.put("/broken.xml",
               "<urlset><url><loc>" + server.url("/page?title=before") + "</loc></url><url><loc>");
    server.put("/html.xml", "<html><body>not a sitemap</body></html>");
    const RunResult run =
        run_fetch({"--sitemap", server.url("/loop.xml"), "--sitemap", server.url("/broken.xml"), "--sitemap",
                   server.url("/gzip-bomb?mb=100"), "--sitemap", server.url("/html.xml"), "--sitemap",
                   server.url("/missing.xml"), "--order", "input", "--format", "jsonl", "--fields",
                   "source,line,title,error"});
    EXPECT_EQ(run.exit_code, 1);
    const std::vector<Json> got = records(run);
    ASSERT_EQ(got.size(), 9u) << run.out;
    EXPECT_NE(got[0]["error"].text().find("names a sitemap already read"), std::string::npos) << run.out;
    EXPECT_EQ(got[1]["title"].text(), "ok");
    EXPECT_NE(got[2]["error"].text().find("a <loc> longer than 64 KiB"), std::string::npos);
    EXPECT_EQ(got[3]["title"].text(), "before");  // what came before the break is kept
    EXPECT_NE(got[4]["error"].text().find("an empty <loc>"), std::string::npos);  // cut off by the break
    EXPECT_NE(got[5]["error"].text().find("not well-formed XML"), std::string::npos);
    EXPECT_NE(got[6]["error"].text().find("larger than 64 MiB decoded"), std::string::npos);
    EXPECT_NE(got[7]["error"].text().find("<html> is not <urlset> or <sitemapindex>"), std::string::npos);
    EXPECT_NE(got[8]["error"].text().find("HTTP 404"), std::string::npos);
}

// Billion laughs and an external entity: libxml2's reader, without entity substitution or
// network, refuses the first and never reads the second.
TEST(Sitemap, EntityBombsAndExternalEntitiesGoNowhere) {
    std::string doctype = "<!DOCTYPE urlset [\n<!ENTITY e0 \"" + std::string(100, 'a') + "\">\n";
    for (int i = 1; i <= 6; ++i) {
        doctype += "<!ENTITY e" + std::to_string(i) + " \"";
        for (int j = 0; j < 20; ++j)
            doctype += "&e" + std::to_string(i - 1) + ";";
        doctype += "\">\n";
    }
    doctype += "<!ENTITY secret SYSTEM \"file:///etc/passwd\">\n]>\n";
    TempFile bomb("<?xml version=\"1.0\"?>\n" + doctype +
                      "<urlset><url><loc>http://127.0.0.1:1/&e6;</loc></url><url><loc>http://127.0.0.1:1/"
                      "&secret;</loc></url></urlset>",
                  ".xml");
    const RunResult run = run_fetch({"--sitemap", bomb.path(), "--format", "tsv", "--fields", "url,error"});
    EXPECT_EQ(run.exit_code, 1);
    if (!instrumented) {
        EXPECT_LT(run.max_rss_kb, 64 * 1024);
    }
    EXPECT_FALSE(contains(run.out, "root:")) << run.out;
    EXPECT_TRUE(contains(run.out, "not well-formed XML")) << run.out;
}

}  // namespace
}  // namespace fetch::test
