#include "input/url.hpp"
#include "fetch/base/redact.hpp"

#include <gtest/gtest.h>

namespace fetch {
namespace {

TEST(NormalizeUrl, KeepsHttpAndHttps) {
    EXPECT_EQ(normalize_url("http://example.com/a?b=c")->url, "http://example.com/a?b=c");
    EXPECT_EQ(normalize_url("https://example.com")->url, "https://example.com/");
}

TEST(NormalizeUrl, AddsHttpsWhenTheSchemeIsMissing) {
    EXPECT_EQ(normalize_url("example.com/x")->url, "https://example.com/x");
    EXPECT_EQ(normalize_url("localhost:8080/x")->url, "https://localhost:8080/x");
}

TEST(NormalizeUrl, SchemeAndHostAreCaseInsensitive) {
    const auto url = normalize_url("HTTP://Example.COM/Path");
    ASSERT_TRUE(url.ok()) << url.error();
    EXPECT_EQ(url->url.substr(0, 7), "http://");
    EXPECT_EQ(url->host, "example.com:80");
    EXPECT_NE(url->url.find("/Path"), std::string::npos);  // paths stay as they are
}

TEST(NormalizeUrl, RejectsOtherSchemesByName) {
    for (const char* line :
         {"ftp://example.com/", "file:///etc/passwd", "gopher://x/", "mailto:a@b.c", "javascript:alert(1)"}) {
        const auto url = normalize_url(line);
        EXPECT_FALSE(url.ok()) << line;
        EXPECT_NE(url.error().find("unsupported scheme"), std::string::npos) << url.error();
    }
}

TEST(NormalizeUrl, RejectsControlBytesSpacesAndInvalidUtf8) {
    EXPECT_NE(normalize_url(std::string("http://a\0b/", 11)).error().find("control byte 0x00"),
              std::string::npos);
    EXPECT_NE(normalize_url("http://a/\x1b[31m").error().find("control byte 0x1B"), std::string::npos);
    EXPECT_NE(normalize_url("http://a b/").error().find("space"), std::string::npos);
    EXPECT_NE(normalize_url("http://a/\xff").error().find("UTF-8"), std::string::npos);
}

TEST(NormalizeUrl, RejectsHostsThatDecodeToBadBytes) {
    // Found by the list fuzzer: libcurl decodes %XX in host names.
    EXPECT_NE(
        normalize_url("l%calhost:8080/x").error().find("not valid UTF-8 once its %-escapes are decoded"),
        std::string::npos);
    EXPECT_FALSE(normalize_url("http://a%00b/").ok());
    EXPECT_FALSE(normalize_url("http://a%0ab/").ok());
}

TEST(NormalizeUrl, RejectsWhatLibcurlCannotParse) {
    EXPECT_FALSE(normalize_url("http://").ok());
    EXPECT_FALSE(normalize_url("http://[::1/").ok());
    EXPECT_FALSE(normalize_url("http://example.com:99999/").ok());
}

TEST(NormalizeUrl, RoutesByLowerCaseHostAndPort) {
    EXPECT_EQ(normalize_url("http://127.0.0.1:8080/")->host, "127.0.0.1:8080");
    EXPECT_EQ(normalize_url("WWW.Example.org")->host, "www.example.org:443");
    EXPECT_EQ(normalize_url("http://[::1]/")->host, "[::1]:80");
}

TEST(NormalizeUrl, CredentialsAreFetchedButNeverShown) {
    const auto url = normalize_url("https://alice:s3cret@example.com/x");
    ASSERT_TRUE(url.ok()) << url.error();
    EXPECT_NE(url->url.find("s3cret"), std::string::npos);  // libcurl gets them
    EXPECT_EQ(url->display, "https://alice:***@example.com/x");
    EXPECT_EQ(normalize_url("https://example.com/")->display, "https://example.com/");
}

TEST(NormalizeUrl, InternationalHostsAreFetchedInPunycodeAndShownAsWritten) {
    const auto url = normalize_url("http://bücher.example/straße?q=ü");
    ASSERT_TRUE(url.ok()) << url.error();
    EXPECT_EQ(url->url.rfind("http://xn--bcher-kva.example/", 0), 0u) << url->url;
    EXPECT_EQ(url->host, "xn--bcher-kva.example:80");
    EXPECT_EQ(url->display.rfind("http://bücher.example/", 0), 0u) << url->display;
    // UTS #46 maps case and compatibility forms, as a browser does.
    EXPECT_EQ(normalize_url("BÜCHER.example")->host, "xn--bcher-kva.example:443");
    EXPECT_EQ(normalize_url("http://例え.テスト/")->host, "xn--r8jz45g.xn--zckzah:80");
    // Non-transitional: ß stays ß (xn--zca), as in today's browsers, not "ss".
    EXPECT_EQ(normalize_url("http://straße.de/")->host, "xn--strae-oqa.de:80");
}

TEST(NormalizeUrl, InvalidInternationalNamesAreBadInputNamingTheHost) {
    const auto url = normalize_url("http://a\u2488b.example/");  // U+2488 DIGIT ONE FULL STOP: disallowed
    ASSERT_FALSE(url.ok());
    EXPECT_NE(url.error().find("not a valid international name"), std::string::npos) << url.error();
}

TEST(NormalizeUrl, KnowsWhetherTheSchemeWasImplied) {
    EXPECT_TRUE(normalize_url("example.com:8080/x")->scheme_implied);
    EXPECT_FALSE(normalize_url("https://example.com/")->scheme_implied);
    EXPECT_FALSE(normalize_url("http://example.com/")->scheme_implied);
}

TEST(RedactCredentials, AnyUrlAnyScheme) {
    EXPECT_EQ(redact_credentials("http://u:p@h/"), "http://u:***@h/");
    EXPECT_EQ(redact_credentials("ftp://u:p@h/f"), "ftp://u:***@h/f");
    EXPECT_EQ(redact_credentials("http://u@h/"), "http://u@h/");
    EXPECT_EQ(redact_credentials("not a url"), "not a url");
}

}  // namespace
}  // namespace fetch
