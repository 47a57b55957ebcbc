// favicon_mmh3 and favicon_url (issue #28): the page's first <link rel~=icon>, resolved against
// the final URL, or else /favicon.ico; fetched through the same path as any request, once per
// icon URL per run; hashed as Shodan does. The expected hashes come from the test's own
// implementation (tests/support/icons.hpp), itself checked against values computed outside
// fetch in the unit tests (favicon_hash_test.cpp).
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "icons.hpp"
#include "json.hpp"
#include "parsers.hpp"
#include "run_fetch.hpp"
#include "site.hpp"

namespace fetch::test {
namespace {

std::string page(const std::string& head) {
    return "<!DOCTYPE html><html><head><title>t</title>" + head + "</head><body>x</body></html>";
}

std::map<std::string, Json> by_url(const RunResult& run) {
    std::map<std::string, Json> records;
    for (const std::string& line : run.lines()) {
        const Json record = parse_json(line);
        records[record["url"].text()] = record;
    }
    return records;
}

RunResult fetch_icons(const std::vector<std::string>& urls, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--format", "jsonl", "--fields", "url,status,favicon_url,favicon_mmh3,error"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (const std::string& url : urls)
        args.push_back("--url=" + url);
    return run_fetch(args);
}

double expected_hash(const std::string& icon) {
    return static_cast<double>(reference_favicon_hash(icon));
}

// Icons on both sides of a base64 line (57 bytes, 76 characters), empty, and of .ico sizes,
// each named by a page, in each of the ways a page can name one.
TEST(Favicon, IconsOfEverySizeHashAsShodanDoes) {
    Site site;
    const std::size_t sizes[] = {0, 1, 57, 58, 76, 77, 1000, 5000};
    const std::string rels[] = {"icon", "shortcut icon", "Shortcut Icon", "ICON", "icon mask-ish"};
    std::vector<std::string> urls;
    std::map<std::string, std::string> icons;  // page URL -> icon bytes
    for (std::size_t i = 0; i < std::size(sizes); ++i) {
        const std::string n = std::to_string(sizes[i]);
        const std::string icon = icon_bytes(sizes[i], static_cast<std::uint32_t>(sizes[i]) + 3);
        site.serve("/icons/" + n + ".ico", icon, "image/x-icon");
        site.serve("/p/" + n, page("<link rel=\"" + rels[i % std::size(rels)] + "\" href=\"../icons/" + n + ".ico\">"),
                   "text/html");
        urls.push_back(site.url("/p/" + n));
        icons[urls.back()] = icon;
    }
    const RunResult run = fetch_icons(urls);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto records = by_url(run);
    ASSERT_EQ(records.size(), urls.size()) << run.out;
    for (const auto& [url, icon] : icons) {
        const Json& record = records.at(url);
        EXPECT_EQ(record["favicon_mmh3"].number(), expected_hash(icon)) << url << " (" << icon.size() << " bytes)";
        EXPECT_EQ(record["favicon_url"].text(), site.url("/icons/" + std::to_string(icon.size()) + ".ico")) << url;
    }
    EXPECT_EQ(records.at(site.url("/p/0"))["favicon_mmh3"].number(), 0);  // mmh3 of "" is 0
}

// The first icon in document order wins; what is not an icon (apple-touch-icon), an empty
// href and a data: URL are passed over; a page without one, or a redirect to one, falls back
// to /favicon.ico of where it ended.
class Favicons : public ::testing::Test {
protected:
    void SetUp() override {
        for (const std::size_t size : {57u, 318u, 1150u, 4286u})
            icons[size] = icon_bytes(size, static_cast<std::uint32_t>(size) * 7 + 1);
        site.serve("/linked", page("<link rel=\"shortcut icon\" href=\"/static/a.png\">"), "text/html");
        site.serve("/static/a.png", icons[318], "image/png");
        site.serve("/dir/page",
                   page("<link rel=apple-touch-icon href=/touch.png><link rel=icon href=\"\">"
                        "<link rel=\"data-icon icon\" href=\"data:image/png;base64,AAAA\">"
                        "<LINK REL=\"Shortcut Icon\" HREF=\"icons/b.ico\"><link rel=icon href=/second.png>"),
                   "text/html");
        site.serve("/dir/icons/b.ico", icons[1150], "image/x-icon");
        site.redirect("/moved", site.url("/dir/page"));  // resolved against where it ended
        site.serve("/plain", page(""), "text/html");
        site.serve("/favicon.ico", icons[4286], "image/x-icon");
        site.serve("/data.json", "{\"a\": 1}", "application/json");
    }
    Site site;
    std::map<std::size_t, std::string> icons;
};

TEST_F(Favicons, EachRuleFindsItsIcon) {
    const RunResult run =
        fetch_icons({site.url("/linked"), site.url("/moved"), site.url("/plain"), site.url("/data.json")});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const auto records = by_url(run);
    const std::pair<std::string, std::pair<std::string, std::size_t>> expected[] = {
        {"/linked", {"/static/a.png", 318}},
        {"/moved", {"/dir/icons/b.ico", 1150}},
        {"/plain", {"/favicon.ico", 4286}},  // no <link>: the origin's /favicon.ico
        {"/data.json", {"/favicon.ico", 4286}},  // not HTML: the same
    };
    for (const auto& [path, icon] : expected) {
        const Json& record = records.at(site.url(path));
        EXPECT_EQ(record["favicon_url"].text(), site.url(icon.first)) << path;
        EXPECT_EQ(record["favicon_mmh3"].number(), expected_hash(icons[icon.second])) << path;
    }
    EXPECT_EQ(site.asked("/touch.png"), 0u);
    EXPECT_EQ(site.asked("/second.png"), 0u);  // the first icon only
}

// One request per distinct icon URL per run, however many pages (and workers) name it.
TEST_F(Favicons, AnIconIsFetchedOncePerRun) {
    std::vector<std::string> urls;
    for (int i = 0; i < 40; ++i)
        urls.push_back(site.url(i % 2 ? "/linked?n=" : "/plain?n=") + std::to_string(i));
    const RunResult run = fetch_icons(urls, {"-j", "16", "--workers", "2"});
    ASSERT_EQ(run.lines().size(), 40u) << run.err;
    for (const auto& [url, record] : by_url(run))
        EXPECT_FALSE(record["favicon_mmh3"].is_null()) << url;
    EXPECT_EQ(site.asked("/static/a.png"), 1u);
    EXPECT_EQ(site.asked("/favicon.ico"), 1u);
}

// Without the fields, no icon is fetched and the head is not read for one.
TEST_F(Favicons, NothingIsFetchedUnlessAskedFor) {
    const RunResult run = run_fetch({"--url=" + site.url("/linked"), "--url=" + site.url("/plain")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(site.asked("/static/a.png"), 0u);
    EXPECT_EQ(site.asked("/favicon.ico"), 0u);
}

// No icon is null in both fields, not an error: nothing at /favicon.ico, an HTML page there (a
// "soft 404"), a 204; and no page at all.
TEST(Favicon, NoIconIsNullNotAnError) {
    Site missing, soft, no_content;
    soft.serve("/favicon.ico", page(""), "text/html");
    Response empty;
    empty.status = 204;
    no_content.serve("/favicon.ico", empty);
    const RunResult run =
        fetch_icons({missing.url("/page?title=a"), soft.url("/page?title=b"), no_content.url("/page?title=c")});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    for (const auto& [url, record] : by_url(run)) {
        EXPECT_EQ(record["status"].number(), 200) << url;
        EXPECT_TRUE(record["favicon_mmh3"].is_null()) << url;
        EXPECT_TRUE(record["favicon_url"].is_null()) << url;
        EXPECT_TRUE(record["error"].is_null()) << url;
    }
    EXPECT_EQ(missing.asked("/favicon.ico"), 1u);
    EXPECT_EQ(soft.asked("/favicon.ico"), 1u);
    const RunResult failed = fetch_icons({"http://127.0.0.1:" + std::to_string(closed_port()) + "/"});
    const Json record = parse_json(failed.out);
    EXPECT_TRUE(record["favicon_mmh3"].is_null()) << failed.out;
    EXPECT_TRUE(record["favicon_url"].is_null()) << failed.out;
}

// The icon goes through the one network path: an icon on a denied address is never asked for,
// -H and -A are sent, redirects are followed hop by hop, and --resolve names its host.
TEST(Favicon, TheIconTakesTheSameNetworkPathAsAPage) {
    Site pages, denied("127.0.0.2");
    const std::string icon = icon_bytes(500, 5);
    pages.serve("/", page("<link rel=icon href=\"" + denied.url("/i.png") + "\">"), "text/html");
    pages.serve("/redirecting", page("<link rel=icon href=/old.ico>"), "text/html");
    pages.redirect("/old.ico", "/new.ico", 301);
    pages.serve("/new.ico", icon, "image/x-icon");
    const std::string port = std::to_string(pages.server().port());
    pages.serve("/named", page("<link rel=icon href=\"http://icons.fetch.test:" + port + "/new.ico\">"), "text/html");
    denied.serve("/i.png", icon, "image/png");
    const RunResult run =
        fetch_icons({pages.url("/"), pages.url("/redirecting"), pages.url("/named")},
                    {"--deny-ip", "127.0.0.2", "-H", "X-Test: icon", "-A", "icon-agent/2", "--resolve",
                     "icons.fetch.test:" + port + ":127.0.0.1"});
    const auto records = by_url(run);
    ASSERT_EQ(records.size(), 3u) << run.out << run.err;
    const Json& blocked = records.at(pages.url("/"));
    EXPECT_EQ(blocked["status"].number(), 200) << run.out;
    EXPECT_TRUE(blocked["favicon_mmh3"].is_null()) << run.out;
    EXPECT_TRUE(blocked["error"].is_null()) << run.out;
    EXPECT_TRUE(denied.requests().empty());
    const Json& redirected = records.at(pages.url("/redirecting"));
    EXPECT_EQ(redirected["favicon_mmh3"].number(), expected_hash(icon)) << run.out;
    EXPECT_EQ(redirected["favicon_url"].text(), pages.url("/old.ico"));  // the icon the page names
    EXPECT_EQ(records.at(pages.url("/named"))["favicon_mmh3"].number(), expected_hash(icon)) << run.out;
    std::size_t seen = 0;
    for (const Request& request : pages.requests()) {
        if (request.path != "/new.ico") continue;
        ++seen;
        EXPECT_EQ(request.headers.at("x-test"), "icon");
        EXPECT_EQ(request.headers.at("user-agent"), "icon-agent/2");
    }
    EXPECT_EQ(seen, 2u);  // two icon URLs (two hosts) led there
}

}  // namespace
}  // namespace fetch::test
