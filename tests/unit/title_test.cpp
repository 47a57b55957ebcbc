#include "fetch/html/title.hpp"

#include <gtest/gtest.h>

#include "fetch/base/utf8.hpp"

namespace fetch {
namespace {

// Feeds `body` in chunks of `chunk` bytes, as a transfer would, then finishes it.
std::optional<std::string> title_of(std::string_view body, std::string_view content_type = "text/html",
                                    std::size_t chunk = 4096) {
    TitleExtractor extractor(content_type);
    for (std::size_t i = 0; i < body.size() && extractor.feed(body.substr(i, chunk)); i += chunk) {
    }
    extractor.finish();
    return extractor.title();
}

TEST(Title, ExtractsAndCollapsesWhitespace) {
    EXPECT_EQ(title_of("<html><head><title>\n  Hello \t  World\r\n </title></head></html>"), "Hello World");
}

TEST(Title, DecodesEntities) {
    EXPECT_EQ(title_of("<title>Fish &amp; Chips &eacute; &#8212; &#x263A;</title>"),
              "Fish & Chips \xC3\xA9 \xE2\x80\x94 \xE2\x98\xBA");
}

TEST(Title, KeepsNonBreakingSpaceAndUnicode) {
    EXPECT_EQ(title_of("<meta charset=utf-8><title>a&nbsp;b \xE2\x9C\x93</title>"),
              "a\xC2\xA0"
              "b \xE2\x9C\x93");
}

TEST(Title, SameResultWhateverTheChunkSize) {
    const std::string page =
        "<!doctype html><html><head><meta charset=utf-8>"
        "<title>Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC</title></head><body></body></html>";
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 64u, 4096u}) {
        EXPECT_EQ(title_of(page, "text/html", chunk), "Caf\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC") << chunk;
    }
}

TEST(Title, Latin1FromHeaderOrMetaOrGuess) {
    const std::string body = "<title>Caf\xe9 \x93quoted\x94</title>";
    const std::string expected = "Caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D";
    EXPECT_EQ(title_of(body, "text/html; charset=ISO-8859-1"), expected);
    EXPECT_EQ(title_of("<meta charset=latin1>" + body), expected);
    EXPECT_EQ(title_of(body), expected);  // undeclared and not UTF-8: windows-1252
}

TEST(Title, HeaderCharsetBeatsMeta) {
    EXPECT_EQ(title_of("<meta charset=koi8-r><title>\xC3\xA9</title>", "text/html; charset=utf-8"),
              "\xC3\xA9");
}

TEST(Title, LegacyEncodingsByMeta) {
    EXPECT_EQ(title_of("<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'>"
                       "<title>\x93\xfa\x96\x7b\x8c\xea</title>"),
              "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E");
}

TEST(Title, Utf16WithBom) {
    const std::string le("\xFF\xFE<\0t\0i\0t\0l\0e\0>\0\xE9\0<\0/\0t\0i\0t\0l\0e\0>\0", 34);
    EXPECT_EQ(title_of(le, "text/html"), "\xC3\xA9");
}

TEST(Title, AbsentWhenThereIsNone) {
    EXPECT_EQ(title_of("<html><body><p>no title here</p></body></html>"), std::nullopt);
    EXPECT_EQ(title_of(""), std::nullopt);
}

TEST(Title, EmptyTitleIsEmptyNotAbsent) {
    EXPECT_EQ(title_of("<title>   </title>"), "");
}

TEST(Title, FirstOfTwoTitles) {
    EXPECT_EQ(title_of("<title>one</title><title>two</title>"), "one");
}

TEST(Title, ContentIsRcdataMarkupIncluded) {
    EXPECT_EQ(title_of("<title>a <b>b</b> <!-- c --></title>"), "a <b>b</b> <!-- c -->");
    EXPECT_EQ(title_of("<title>x</TITLE >y</title>"), "x");
    EXPECT_EQ(title_of("<title>x</titles></title/>"), "x</titles>");
    EXPECT_EQ(title_of("<title>&lt;b&gt; &amp;amp; &hellip; &copy2024 &#150;</title>"),
              "<b> &amp; \xE2\x80\xA6 \xC2\xA9"
              "2024 \xE2\x80\x93");
}

TEST(Title, UnterminatedRunsToTheEndAndSelfClosingStillOpens) {
    EXPECT_EQ(title_of("<title>no end <body><p>text"), "no end <body><p>text");
    EXPECT_EQ(title_of("<head><title/>after</title>"), "after");
    EXPECT_EQ(title_of("<title>cut</title"), "cut</title");
}

TEST(Title, NotInsideTextareaIframeOrComments) {
    EXPECT_EQ(title_of("<body><textarea><title>t</title></textarea><title>real</title>"), "real");
    EXPECT_EQ(title_of("<!-- <title>c</title> --><title>real</title>"), "real");
    EXPECT_EQ(title_of("<script>x='<title>s</title>'</script><title>real</title>"), "real");
    EXPECT_EQ(title_of("<style>/*</title>*/</style><title>real</title>"), "real");
}

TEST(Title, SourceOffsetsSurviveEveryChunkBoundary) {
    // Past the 1024-byte sniffing window the page reaches the parser chunk by chunk, so the
    // title's position in the source must be tracked across chunks of any size.
    const std::string padding = "<!--" + std::string(2000, '-') + "-->\n";
    const std::pair<std::string, std::string> cases[] = {
        {"<title>a <b>b</b></title>", "a <b>b</b>"},
        {"<title  lang=en\n>x &amp; y</TITLE>", "x & y"},
        {"<svg><title>no</title></svg><title/>yes</title>", "yes"},
        {"<title>\xC3\xA9t\xC3\xA9</title >", "\xC3\xA9t\xC3\xA9"},
    };
    for (const auto& [html, expected] : cases) {
        for (std::size_t chunk : {1u, 2u, 7u, 100u, 1023u, 4096u}) {
            EXPECT_EQ(title_of("<meta charset=utf-8>" + padding + html, "text/html", chunk), expected)
                << html << " in chunks of " << chunk;
        }
    }
}

TEST(Title, LateMetaChangesAGuessedEncoding) {
    // The prescan sees only 1024 bytes; the parser meets the <meta> later and, the encoding
    // being a guess, decoding starts over (HTML5 "change the encoding").
    const std::string page =
        "<!--" + std::string(1100, 'x') + "--><meta charset=koi8-r><title>\xf0\xd2\xc9</title>";
    for (std::size_t chunk : {1u, 512u, 4096u}) {
        EXPECT_EQ(title_of(page, "text/html", chunk), "\xD0\x9F\xD1\x80\xD0\xB8") << chunk;
    }
    // A declared encoding is not a guess: the late meta changes nothing.
    EXPECT_EQ(title_of(page, "text/html; charset=windows-1252", 512), "\xC3\xB0\xC3\x92\xC3\x89");
}

TEST(Title, InvalidUtf8RestartsAGuessAsWindows1252) {
    const std::string page = "<title>caf\xC3\xA9 caf\xE9</title>" + std::string(2000, ' ');
    for (std::size_t chunk : {1u, 16u, 4096u}) {
        EXPECT_EQ(title_of(page, "text/html", chunk), "caf\xC3\x83\xC2\xA9 caf\xC3\xA9") << chunk;
    }
}

TEST(Title, NulBecomesReplacementCharacter) {
    EXPECT_EQ(title_of(std::string("<title>a\0b</title>", 19)),
              "a\xEF\xBF\xBD"
              "b");
}

TEST(Title, AfterAMegabyteOfScript) {
    const std::string page = "<head><script>" + std::string(1 << 20, 'v') + "</script><title>late</title>";
    for (std::size_t chunk : {1000u, 16384u})
        EXPECT_EQ(title_of(page, "text/html", chunk), "late");
}

TEST(Title, XPathValueNeedsTheWholePage) {
    TitleExtractor extractor("text/html", "string(//meta[@name='description']/@content)");
    const std::string page =
        "<title>t</title>" + std::string(5000, ' ') + "<meta name=description content='  the   page '>";
    EXPECT_TRUE(extractor.feed(page));  // not done at </title>: the meta comes later
    extractor.finish();
    EXPECT_EQ(extractor.title(), "t");
    EXPECT_EQ(extractor.xpath_value(), "the page");
}

TEST(Title, XPathEmptyNodeSetIsAbsent) {
    TitleExtractor extractor("text/html", "//nothing");
    extractor.feed("<title>t</title>");
    extractor.finish();
    EXPECT_EQ(extractor.xpath_value(), std::nullopt);
}

TEST(Title, CheckXPath) {
    EXPECT_TRUE(check_xpath("count(//a)"));
    EXPECT_NE(check_xpath("//a[").error().find("invalid XPath"), std::string::npos);
}

TEST(Title, IgnoresTitlesOfSvgMathAndTemplates) {
    EXPECT_EQ(title_of("<body><svg><title>icon</title></svg><title>page</title>"), "page");
    EXPECT_EQ(title_of("<body><math><title>formula</title></math><p>x<title>page</title>"), "page");
    EXPECT_EQ(title_of("<head><template><title>tpl</title></template><title>page</title>"), "page");
    EXPECT_EQ(title_of("<body><svg><g><title>only an icon</title></g></svg></body>"), std::nullopt);
}

TEST(Title, StopsParsingAtTheEndOfTheTitle) {
    const std::string page = "<html><head><title>early</title></head><body>" + std::string(1 << 20, 'x');
    TitleExtractor extractor("text/html");
    std::size_t fed = 0;
    while (fed < page.size() && extractor.feed(std::string_view(page).substr(fed, 4096)))
        fed += 4096;
    EXPECT_TRUE(extractor.done());
    EXPECT_LT(fed, 16u * 1024);  // stopped within the first chunks, not after 1 MiB
    EXPECT_EQ(extractor.title(), "early");
}

TEST(Title, UnknownTypeIsParsedOnlyWhenItLooksLikeHtml) {
    EXPECT_EQ(title_of("  <!DOCTYPE html><title>sniffed</title>", ""), "sniffed");
    EXPECT_EQ(title_of("just text <title>no</title>", ""), std::nullopt);
}

TEST(ContentType, HtmlTypes) {
    EXPECT_TRUE(is_html_content_type("text/html"));
    EXPECT_TRUE(is_html_content_type("Text/HTML; charset=utf-8"));
    EXPECT_TRUE(is_html_content_type("application/xhtml+xml"));
    EXPECT_FALSE(is_html_content_type("text/plain"));
    EXPECT_FALSE(is_html_content_type("application/json"));
}

TEST(CollapseWhitespace, AsciiOnly) {
    EXPECT_EQ(collapse_whitespace("  a \n\t b  "), "a b");
    EXPECT_EQ(collapse_whitespace("\xC2\xA0"
                                  "a"),
              "\xC2\xA0"
              "a");
    EXPECT_EQ(collapse_whitespace(""), "");
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

struct Cut {
    std::string title;
    bool cut;
};

Cut cut_title_of(const std::string& body, std::size_t max_title) {
    TitleExtractor extractor("text/html", std::string(), max_title);
    for (std::size_t i = 0; i < body.size() && extractor.feed(std::string_view(body).substr(i, 16384));
         i += 16384) {
    }
    extractor.finish();
    return {extractor.title().value_or("(none)"), extractor.title_cut()};
}

TEST(Title, LongTitlesAreCutAtACharacterBoundaryAndMarked) {
    std::string text;
    for (int i = 0; i < 400; ++i)
        text += "\xC3\xA9t\xC3\xA9 ";  // 2-byte characters, so a cut can land inside one
    const Cut cut = cut_title_of("<title>" + text + "</title>", 100);
    EXPECT_TRUE(cut.cut);
    EXPECT_LE(cut.title.size(), 100u);
    EXPECT_EQ(cut.title.substr(cut.title.size() - 3), "\xE2\x80\xA6");  // …
    EXPECT_TRUE(utf8::is_valid(cut.title));
    const Cut whole = cut_title_of("<title>short</title>", 100);
    EXPECT_EQ(whole.title, "short");
    EXPECT_FALSE(whole.cut);
}

TEST(Title, AHugeTitleIsScannedOnlySoFar) {
    // 2 MB of title and no end tag within reach: the extractor stops scanning and cuts.
    const Cut cut = cut_title_of("<title>" + std::string(2 << 20, 'x') + "</title>", 4096);
    EXPECT_TRUE(cut.cut);
    EXPECT_LE(cut.title.size(), 4096u);
}

}  // namespace
}  // namespace fetch
