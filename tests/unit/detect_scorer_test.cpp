// The single-byte scorer and the domain's hint (detect_scorer.cpp): the pages issue #29 named,
// which uchardet read as windows-1252 or a neighbour, and what the top-level domain may and may
// not decide. Sentences written for this test, encoded with glibc's iconv.
#include <gtest/gtest.h>
#include <iconv.h>

#include <set>

#include "fetch/base/handle.hpp"
#include "fetch/html/title.hpp"
#include "html/detect.hpp"

namespace fetch {
namespace {

void close_iconv(void* cd) {
    iconv_close(static_cast<iconv_t>(cd));
}

std::string encode(const std::string& utf8, const char* to) {
    const iconv_t opened = iconv_open(to, "UTF-8");
    if (opened == reinterpret_cast<iconv_t>(-1)) {
        ADD_FAILURE() << "no converter to " << to;
        return {};
    }
    const CPtr<void, close_iconv> cd(opened);
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    char* at = out.data();
    std::size_t in_left = utf8.size(), out_left = out.size();
    EXPECT_NE(iconv(opened, &in, &in_left, &at, &out_left), static_cast<std::size_t>(-1)) << to;
    out.resize(out.size() - out_left);
    return out;
}

struct Seen {
    std::optional<std::string> title;
    std::string encoding, source;
};

Seen extract(const std::string& bytes, std::string_view host) {
    TitleExtractor extractor("text/html");
    extractor.set_host(host);
    extractor.feed(bytes);
    extractor.finish();
    return {extractor.title(), std::string(extractor.encoding()), std::string(extractor.encoding_source())};
}

std::string page(const std::string& title, const std::string& text) {
    return "<!DOCTYPE html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>" +
           text + "</p></body></html>";
}

struct Case {
    const char* iconv_name;
    std::set<std::string> accept;  // the WHATWG names that decode the page alike
    const char* host;
    const char* title;
    const char* text;
};

const Case issue_cases[] = {
    {"WINDOWS-1250",
     {"windows-1250"},
     "przepisy.pl",
     "Łatwy przepis na żurek",
     "Ten przepis jest bardzo łatwy i szybki. Wszyscy go lubią, a zupa gotuje się pół godziny."},
    {"ISO-8859-2",
     {"iso-8859-2"},
     "przepisy.pl",
     "Łatwy przepis na żurek",
     "Ten przepis jest bardzo łatwy i szybki. Wszyscy go lubią, a zupa gotuje się pół godziny."},
    {"WINDOWS-1257",
     {"windows-1257", "iso-8859-13"},
     "orai.lt",
     "Orų prognozė Vilniuje",
     "Šiandien bus šilta ir saulėta, o rytoj visoje Lietuvoje lis lietus."},
    {"ISO-8859-13",
     {"iso-8859-13", "windows-1257"},
     "orai.lt",
     "Orų prognozė Vilniuje",
     "Šiandien bus šilta ir saulėta, o rytoj visoje Lietuvoje lis lietus."},
    {"WINDOWS-1257",
     {"windows-1257", "iso-8859-13"},
     "zinas.lv",
     "Jaunākās ziņas no Rīgas",
     "Šodien Rīgā būs saulains laiks, bet vakarā gaidāms lietus un vējš."},
    {"WINDOWS-1258",
     {"windows-1258"},
     "tintuc.vn",
     "Tin tức Việt Nam hôm nay",
     "Hà Nội hôm nay trời nắng đẹp, nhiệt độ khoảng ba mươi độ. Người dân đi chơi rất đông."},
};

TEST(DetectScorer, TheIssuesPagesReadAsABrowserShowsThem) {
    for (const Case& c : issue_cases) {
        const std::string bytes = encode(page(c.title, c.text), c.iconv_name);
        for (const char* host : {c.host, "example.com", ""}) {
            const Seen seen = extract(bytes, host);
            EXPECT_EQ(seen.title, std::string(c.title))
                << c.iconv_name << " from " << host << " as " << seen.encoding;
            EXPECT_TRUE(c.accept.count(seen.encoding))
                << c.iconv_name << " from " << host << " as " << seen.encoding;
            EXPECT_EQ(seen.source, "detected");
        }
    }
}

TEST(DetectScorer, TopLevelDomain) {
    EXPECT_EQ(encoding::top_level_domain("www.Example.PL"), "pl");
    EXPECT_EQ(encoding::top_level_domain("example.com."), "com");
    EXPECT_EQ(encoding::top_level_domain("localhost"), "localhost");
    EXPECT_EQ(encoding::top_level_domain("xn--80ak6aa92e.xn--p1ai"), "xn--p1ai");
    EXPECT_EQ(encoding::top_level_domain("192.168.0.1"), "");
    EXPECT_EQ(encoding::top_level_domain("::1"), "");
    EXPECT_EQ(encoding::top_level_domain(""), "");
}

// Bytes that read alike in windows-1250 and windows-1252 ("Kraków": ó is 0xF3 in both) leave
// the choice open: a Polish domain settles it, as it does in browsers, since the rest of the
// page, past what detection saw, is likely to need it; anywhere else it is windows-1252.
TEST(DetectScorer, TheDomainSettlesWhatTheLettersLeaveOpen) {
    const std::string bytes = encode(page("Kraków", "Witamy"), "WINDOWS-1250");
    EXPECT_EQ(encoding::detect(bytes, "pl"), "windows-1250");
    EXPECT_EQ(encoding::detect(bytes, "com"), "windows-1252");
    EXPECT_EQ(encoding::detect(bytes, ""), "windows-1252");
    EXPECT_EQ(extract(bytes, "www.krakow.pl").title, "Kraków");
}

TEST(DetectScorer, TheDomainDoesNotOverruleTheLetters) {
    const std::string russian =
        encode(page("Новости Москвы", "Сегодня в Москве открылась новая станция метро."), "WINDOWS-1251");
    EXPECT_EQ(encoding::detect(russian, "pl"), "windows-1251");
    const std::string polish =
        encode(page("Łatwy przepis na żurek", "Zupa gotuje się pół godziny."), "WINDOWS-1250");
    EXPECT_EQ(encoding::detect(polish, "ru"), "windows-1250");
    EXPECT_EQ(encoding::detect(polish, "de"), "windows-1250");
}

// UTF-8 read byte by byte is no text in any single-byte encoding: the standard's fallback.
TEST(DetectScorer, NoPlausibleReadingIsNoAnswer) {
    EXPECT_EQ(encoding::score_single_byte("<title>caf\xC3\xA9 caf\xE9</title>"), "");
    EXPECT_EQ(encoding::score_single_byte("<p>plain ASCII</p>"), "");
}

TEST(DetectScorer, FamiliesAsTheTableNamesThem) {
    EXPECT_EQ(encoding::family_of("windows-1250"), "central");
    EXPECT_EQ(encoding::family_of("iso-8859-13"), "baltic");
    EXPECT_EQ(encoding::family_of("koi8-r"), "cyrillic");
    EXPECT_EQ(encoding::family_of("shift_jis"), "japanese");
    EXPECT_EQ(encoding::family_of("utf-8"), "");
    EXPECT_TRUE(encoding::is_multi_byte("big5"));
    EXPECT_FALSE(encoding::is_multi_byte("windows-1258"));
}

}  // namespace
}  // namespace fetch
