// One network path (issue #24): a sitemap is fetched by the workers, so every option a page
// fetch obeys applies to it too — address rules on every hop, --dns-servers, --resolve, the
// CA, a proxy, -H and -A, --timeout — and what a sitemap names is never read as a local file.
// A stalled sitemap does not make fetch deaf to signals.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "dns_server.hpp"
#include "json.hpp"
#include "nginx.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"
#include "wait.hpp"

namespace fetch::test {
namespace {

std::string urlset(const std::vector<std::string>& locs) {
    std::string xml = "<?xml version=\"1.0\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const std::string& loc : locs)
        xml += "  <url><loc>" + loc + "</loc></url>\n";
    return xml + "</urlset>\n";
}

// A server that answers /sitemap.xml with a urlset of `locs`, and records every request's
// headers; a request in absolute form (through it as a proxy) is answered the same way.
class SitemapSite {
public:
    explicit SitemapSite(std::string address = "127.0.0.1")
        : server_(
              [this](const Request& request) {
                  std::lock_guard lock(mutex_);
                  requests_.push_back(request);
                  const bool sitemap = request.path.size() >= 12 &&
                                       request.path.compare(request.path.size() - 12, 12, "/sitemap.xml") == 0;
                  if (!sitemap) return default_routes(request);
                  Response response;
                  response.headers.emplace_back("Content-Type", "application/xml");
                  response.body = urlset(locs_);
                  return response;
              },
              std::move(address)) {}
    void serve(std::vector<std::string> locs) {
        std::lock_guard lock(mutex_);
        locs_ = std::move(locs);
    }
    std::vector<Request> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::string url(const std::string& path) const { return server_.url(path); }
    std::string url_on(const std::string& host, const std::string& path) const { return server_.url_on(host, path); }
    std::uint16_t port() const { return server_.port(); }

private:
    std::mutex mutex_;
    std::vector<std::string> locs_;
    std::vector<Request> requests_;
    TestServer server_;  // last: it serves from the members above
};

std::vector<Json> json_records(const RunResult& run) {
    std::vector<Json> parsed;
    for (const std::string& line : run.lines())
        parsed.push_back(parse_json(line));
    return parsed;
}

RunResult fetch_sitemap(const std::string& sitemap, std::vector<std::string> extra, int limit = 60) {
    std::vector<std::string> args = {"--format", "jsonl", "--fields", "url,status,error_kind,error", "--sitemap",
                                     sitemap};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_fetch(args, std::nullopt, limit);
}

TEST(SitemapNetworkPath, AddressRulesRefuseTheSitemapItself) {
    SitemapSite site;
    site.serve({site.url("/page?title=a")});
    const RunResult run = fetch_sitemap(site.url("/sitemap.xml"), {"--deny-ip", "loopback"});
    const std::vector<Json> records = json_records(run);
    ASSERT_EQ(records.size(), 1u) << run.out << run.err;
    EXPECT_EQ(records[0]["error_kind"].text(), "bad_input");
    EXPECT_TRUE(contains(records[0]["error"].text(), "refused by --deny-ip loopback")) << run.out;
    EXPECT_TRUE(site.requests().empty());
}

// The sitemap's server is allowed; it redirects to one that is not, which must never be asked.
TEST(SitemapNetworkPath, ARedirectOntoADeniedAddressIsRefusedOnItsHop) {
    SitemapSite denied("127.0.0.2");
    denied.serve({denied.url("/page?title=a")});
    TestServer allowed;
    const RunResult run = fetch_sitemap(allowed.url("/redirect-to?url=" + percent_encode(denied.url("/sitemap.xml"))),
                                        {"--deny-ip", "127.0.0.2"});
    const std::vector<Json> records = json_records(run);
    ASSERT_EQ(records.size(), 1u) << run.out << run.err;
    EXPECT_TRUE(contains(records[0]["error"].text(), "refused by --deny-ip 127.0.0.2")) << run.out;
    EXPECT_EQ(allowed.requests(), 1u);
    EXPECT_TRUE(denied.requests().empty());
}

TEST(SitemapNetworkPath, NamesAreResolvedByDnsServersAndResolve) {
    SitemapSite site;
    site.serve({site.url("/page?title=a")});
    DnsServer dns([](const std::string&, DnsType type, int) {
        return DnsAnswer{type == DnsType::a ? std::vector<std::string>{"127.0.0.1"} : std::vector<std::string>{}};
    });
    RunResult run = fetch_sitemap(site.url_on("sitemaps.test", "/sitemap.xml"), {"--dns-servers", dns.address()});
    ASSERT_EQ(json_records(run).size(), 1u) << run.err;
    EXPECT_EQ(json_records(run)[0]["status"].number(), 200) << run.out;
    EXPECT_GE(dns.asked("sitemaps.test", DnsType::a), 1);

    const std::string pin = "pinned.test:" + std::to_string(site.port()) + ":127.0.0.1";
    run = fetch_sitemap(site.url_on("pinned.test", "/sitemap.xml"), {"--resolve", pin});
    ASSERT_EQ(json_records(run).size(), 1u) << run.err;
    EXPECT_EQ(json_records(run)[0]["status"].number(), 200) << run.out;
}

TEST(SitemapNetworkPath, HeadersAndUserAgentAreSent) {
    SitemapSite site;
    site.serve({site.url("/page?title=a")});
    const RunResult run = fetch_sitemap(site.url("/sitemap.xml"), {"-H", "X-Test: yes", "-A", "sitemap-agent/1"});
    ASSERT_EQ(json_records(run).size(), 1u) << run.err;
    const Request sitemap_request = site.requests().front();
    EXPECT_EQ(sitemap_request.path, "/sitemap.xml");
    EXPECT_EQ(sitemap_request.headers.at("x-test"), "yes");
    EXPECT_EQ(sitemap_request.headers.at("user-agent"), "sitemap-agent/1");
}

TEST(SitemapNetworkPath, AProxyCarriesTheSitemap) {
    SitemapSite proxy;
    proxy.serve({"http://pages.test/page?title=a"});
    const RunResult run = fetch_sitemap("http://sitemaps.test/sitemap.xml", {"--proxy", proxy.url("")});
    const std::vector<Json> records = json_records(run);
    ASSERT_EQ(records.size(), 1u) << run.out << run.err;
    EXPECT_EQ(records[0]["url"].text(), "http://pages.test/page?title=a");
    ASSERT_FALSE(proxy.requests().empty());
    EXPECT_EQ(proxy.requests().front().target, "http://sitemaps.test/sitemap.xml");
}

TEST(SitemapNetworkPath, TimeoutBoundsAStalledSitemap) {
    TestServer server;
    const RunResult run = fetch_sitemap(server.url("/silent"), {"--timeout", "1"}, 20);
    const std::vector<Json> records = json_records(run);
    ASSERT_EQ(records.size(), 1u) << run.out << run.err;
    EXPECT_EQ(records[0]["error_kind"].text(), "bad_input");
    EXPECT_TRUE(contains(records[0]["error"].text(), "imeout") || contains(records[0]["error"].text(), "timed out"))
        << run.out;
}

// What a sitemap names is a URL to fetch or nothing: never a file, whatever its spelling.
TEST(SitemapNetworkPath, ALocThatIsNotAnHttpUrlIsBadInputAndNothingIsRead) {
    SitemapSite site;
    TempFile secret("http://secret.test/never\n");
    site.serve({"file://" + secret.path(), secret.path(), "ftp://example.test/x", "page-without-scheme.test",
                site.url("/page?title=ok")});
    const RunResult run = fetch_sitemap(site.url("/sitemap.xml"), {});
    const std::vector<Json> records = json_records(run);
    ASSERT_EQ(records.size(), 5u) << run.out << run.err;
    int bad = 0;
    for (const Json& record : records) {
        if (std::holds_alternative<std::string>(record["error_kind"].value) &&
            record["error_kind"].text() == "bad_input") {
            ++bad;
            EXPECT_TRUE(contains(record["error"].text(), "not an absolute http(s) URL")) << record["error"].text();
        }
        EXPECT_FALSE(contains(record["url"].text(), "secret.test"));
    }
    EXPECT_EQ(bad, 4);
}

// A sitemap index may name only http(s) sitemaps: a local path in it is not opened.
TEST(SitemapNetworkPath, AnIndexNamingALocalFileDoesNotOpenIt) {
    TempFile local("<?xml version=\"1.0\"?><urlset><url><loc>http://local.test/leaked</loc></url></urlset>\n",
                   ".xml");
    TestServer server([&](const Request&) {
        Response response;
        response.body = "<?xml version=\"1.0\"?><sitemapindex><sitemap><loc>" + local.path() +
                        "</loc></sitemap></sitemapindex>";
        return response;
    });
    const RunResult run = fetch_sitemap(server.url("/index.xml"), {});
    EXPECT_FALSE(contains(run.out, "local.test")) << run.out;
    EXPECT_TRUE(contains(run.out, "not an absolute http(s) URL")) << run.out;
}

// A sitemap that never answers, and a SIGTERM: fetch stops at once with its status.
TEST(SitemapNetworkPath, ASignalStopsAStalledSitemapDownload) {
    TestServer server;
    LiveFetch fetch({"--timeout", "120", "--speed-time", "120", "--sitemap", server.url("/silent")});
    ASSERT_TRUE(eventually([&] { return server.requests() > 0; })) << "the download never began";
    const auto signalled = std::chrono::steady_clock::now();
    fetch.signal(SIGTERM);
    EXPECT_EQ(fetch.wait(), 143);
    // "About a second"; the bound is generous for a loaded machine, and far below the 120 s
    // the download would otherwise take.
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(10));
    // How many URLs the job holds cannot be known: the count says so instead of a number.
    EXPECT_NE(fetch.err().find("the sitemaps' rest, and the lists after them, was never read (not counted)"),
              std::string::npos)
        << fetch.err();
}

class SitemapOverTls : public ::testing::Test {
protected:
    void SetUp() override {
        const std::string reason = Nginx::unavailable_reason();
        if (!reason.empty()) GTEST_SKIP() << "nginx tests skipped: " << reason;
        nginx_ = std::make_unique<Nginx>();
    }
    std::unique_ptr<Nginx> nginx_;
};

TEST_F(SitemapOverTls, TheCaOptionDecidesWhetherTheSitemapIsTrusted) {
    nginx_->put("/sitemap.xml", urlset({nginx_->https_url("/page1.html")}));
    RunResult run = fetch_sitemap(nginx_->https_url("/sitemap.xml"), {});
    ASSERT_EQ(json_records(run).size(), 1u) << run.out << run.err;
    EXPECT_EQ(json_records(run)[0]["error_kind"].text(), "bad_input") << run.out;
    run = fetch_sitemap(nginx_->https_url("/sitemap.xml"), {"--cacert", nginx_->ca_file()});
    ASSERT_EQ(json_records(run).size(), 1u) << run.out << run.err;
    EXPECT_EQ(json_records(run)[0]["status"].number(), 200) << run.out;
    run = fetch_sitemap(nginx_->https_url("/sitemap.xml"), {"-k"});
    EXPECT_EQ(json_records(run)[0]["status"].number(), 200) << run.out;
}

// A warning that quotes what a server said (here, a sitemap's name from an index) is escaped
// as a record is: no C1 control or bidi override reaches the terminal raw.
TEST(StderrSafety, WarningsQuotingServerTextAreEscaped) {
    const std::string hostile = "/sm\xC2\x9B" "31m\xE2\x80\xAE.xml";
    TestServer server([&](const Request&) {
        Response response;
        response.body = "<?xml version=\"1.0\"?><sitemapindex><sitemap><loc>http://127.0.0.1:1" + hostile +
                        "</loc></sitemap></sitemapindex>";
        return response;
    });
    const RunResult run = run_fetch({"--sitemap", server.url("/index.xml")});
    EXPECT_FALSE(contains(run.err, "\xC2\x9B")) << run.err;
    EXPECT_FALSE(contains(run.err, "\xE2\x80\xAE")) << run.err;
    EXPECT_TRUE(contains(run.err, "\\u202E")) << run.err;
}

// NO_COLOR and --color never reach stderr too: the "warning" label is plain on a terminal.
TEST(StderrSafety, NoColourMeansNoEscapeOnEitherStream) {
    const std::string bad = "--url=not a url";
    for (const auto& [args, environment] :
         std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>{
             {{"--no-progress", bad}, {"NO_COLOR=1"}}, {{"--no-progress", "--color", "never", bad}, {}}}) {
        const TerminalRun run = run_in_terminal(args, environment);
        EXPECT_TRUE(contains(run.screen, "warning")) << run.screen;
        EXPECT_FALSE(contains(run.screen, "\x1b[")) << run.screen;
    }
    const TerminalRun coloured = run_in_terminal({"--no-progress", bad});
    EXPECT_TRUE(contains(coloured.screen, "\x1b[")) << coloured.screen;  // the check can fail
}

}  // namespace
}  // namespace fetch::test
