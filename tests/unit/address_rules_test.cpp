#include "fetch/net/options.hpp"

#include <gtest/gtest.h>

#include "net/url_parts.hpp"

namespace fetch {
namespace {

bool allowed(const AddressRules& rules, const char* address) {
    const auto ip = IpAddress::parse(address);
    EXPECT_TRUE(ip.has_value()) << address;
    return ip && rules.allows(*ip);
}

TEST(AddressRules, NoRulesAllowEverything) {
    const AddressRules rules;
    EXPECT_TRUE(rules.empty());
    EXPECT_TRUE(allowed(rules, "10.0.0.1"));
    EXPECT_TRUE(allowed(rules, "::1"));
}

TEST(AddressRules, KeywordsCoverTheirRangesInBothFamilies) {
    AddressRules rules;
    ASSERT_TRUE(rules.deny("private,loopback,link-local,multicast").ok());
    for (const char* refused : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "100.64.0.1", "fd00::1",
                                "127.0.0.1", "127.255.0.9", "::1", "0.0.0.0", "::", "169.254.169.254", "fe80::1",
                                "224.0.0.1", "ff02::1"}) {
        EXPECT_FALSE(allowed(rules, refused)) << refused;
    }
    for (const char* fine : {"8.8.8.8", "172.32.0.1", "192.169.0.1", "2001:db8::1", "1.1.1.1"})
        EXPECT_TRUE(allowed(rules, fine)) << fine;
}

TEST(AddressRules, MappedIpv4IsCheckedAsIpv4) {
    AddressRules rules;
    ASSERT_TRUE(rules.deny("10.0.0.0/8").ok());
    EXPECT_FALSE(allowed(rules, "::ffff:10.0.0.1"));
    EXPECT_EQ(IpAddress::parse("::ffff:10.0.0.1")->to_string(), "10.0.0.1");
    EXPECT_TRUE(allowed(rules, "::ffff:11.0.0.1"));
}

TEST(AddressRules, TheMostSpecificEntryDecidesAndDenyWinsATie) {
    AddressRules rules;
    ASSERT_TRUE(rules.deny("private").ok());
    ASSERT_TRUE(rules.allow("10.1.2.3,all").ok());
    EXPECT_TRUE(allowed(rules, "10.1.2.3"));
    EXPECT_FALSE(allowed(rules, "10.1.2.4"));
    EXPECT_TRUE(allowed(rules, "8.8.8.8"));  // "all" allows what no deny entry covers

    AddressRules tie;
    ASSERT_TRUE(tie.allow("10.0.0.0/8").ok());
    ASSERT_TRUE(tie.deny("10.0.0.0/8").ok());
    EXPECT_FALSE(allowed(tie, "10.0.0.1"));
}

TEST(AddressRules, ARefusalNamesTheEntryThatDecided) {
    AddressRules rules;
    ASSERT_TRUE(rules.deny("Loopback, 10.0.0.0/8").ok());
    ASSERT_TRUE(rules.allow("10.1.0.0/16").ok());
    const auto refusal = [&](const char* address) { return rules.refusal(*IpAddress::parse(address)); };
    EXPECT_EQ(refusal("127.0.0.1"), "--deny-ip loopback");  // the keyword, not its 127.0.0.0/8
    EXPECT_EQ(refusal("10.2.3.4"), "--deny-ip 10.0.0.0/8");
    EXPECT_EQ(refusal("8.8.8.8"), "--allow-ip (no entry holds it)");
}

TEST(AddressRules, AnAllowListAloneRefusesTheRest) {
    AddressRules rules;
    ASSERT_TRUE(rules.allow("203.0.113.0/24, 2001:db8::/32").ok());
    EXPECT_TRUE(allowed(rules, "203.0.113.7"));
    EXPECT_TRUE(allowed(rules, "2001:db8::53"));
    EXPECT_FALSE(allowed(rules, "203.0.114.1"));
    EXPECT_FALSE(allowed(rules, "::1"));
}

TEST(AddressRules, PrefixesThatAreNotByteAligned) {
    AddressRules rules;
    ASSERT_TRUE(rules.deny("172.16.0.0/12,fe80::/10").ok());
    EXPECT_FALSE(allowed(rules, "172.20.1.1"));
    EXPECT_TRUE(allowed(rules, "172.32.1.1"));
    EXPECT_FALSE(allowed(rules, "febf::1"));
    EXPECT_TRUE(allowed(rules, "fec0::1"));
}

TEST(AddressRules, BadEntriesAreNamed) {
    for (const char* bad : {"10.0.0.0/33", "::/129", "10.0.0", "private-ish", "10.0.0.0/", "10.0.0.0/8/8", "/8"}) {
        AddressRules rules;
        const Result<void> added = rules.deny(bad);
        ASSERT_FALSE(added.ok()) << bad;
        EXPECT_NE(added.error().find(std::string("\"") + bad + "\""), std::string::npos) << added.error();
    }
}

TEST(RedirectUrl, OnlyHttpAndHttpsAndNoCredentialsOffOrigin) {
    const UrlParts from = url_parts("http://u:p@a.example:8080/x");
    EXPECT_EQ(from.host, "a.example");
    EXPECT_EQ(from.port, 8080);
    EXPECT_EQ(*redirect_url("http://u:p@a.example:8080/y", from), "http://u:p@a.example:8080/y");
    EXPECT_EQ(*redirect_url("http://u:p@b.example:8080/y", from), "http://b.example:8080/y");
    EXPECT_EQ(*redirect_url("https://u:p@a.example:8080/y", from), "https://a.example:8080/y");
    EXPECT_EQ(*redirect_url("http://bücher.example/", from), "http://xn--bcher-kva.example/");
    EXPECT_NE(redirect_url("ftp://a.example/", from).error().find("ftp: URL, not http or https"), std::string::npos);
    EXPECT_EQ(url_parts("http://[::1]:81/").host, "::1");
    EXPECT_EQ(url_parts("https://h/").port, 443);
}

// The hand-read form and libcurl's reading agree on what libcurl writes, and odd forms still
// get libcurl's answer.
TEST(UrlParts, EveryFormLibcurlWrites) {
    struct Case {
        const char* url;
        const char* scheme;
        const char* host;
        long port;
    };
    const Case cases[] = {
        {"http://Example.COM/", "http", "example.com", 80},
        {"HTTPS://a.example:8443/p?q#f", "https", "a.example", 8443},
        {"http://u:p@h.example:81/x", "http", "h.example", 81},
        {"http://u:p@x@h.example/", "http", "h.example", 80},  // the last @ ends the userinfo
        {"https://[2001:db8::1]/", "https", "2001:db8::1", 443},
        {"http://[::1]:8080?x", "http", "::1", 8080},
        {"http://h.example#frag", "http", "h.example", 80},
        {"http://127.0.0.1:18081/page", "http", "127.0.0.1", 18081},
        {"ftp://files.example/", "ftp", "files.example", 21},  // libcurl's default, by the slow path
        {"not a url", "", "", 0},
    };
    for (const Case& c : cases) {
        const UrlParts parts = url_parts(c.url);
        EXPECT_EQ(parts.scheme, c.scheme) << c.url;
        EXPECT_EQ(parts.host, c.host) << c.url;
        EXPECT_EQ(parts.port, c.port) << c.url;
    }
}

}  // namespace
}  // namespace fetch
