#include "html/encoding.hpp"

#include <gtest/gtest.h>

#include "fetch/base/utf8.hpp"

namespace fetch::encoding {
namespace {

std::string decode_all(std::string_view encoding, std::string_view bytes, std::size_t chunk = 0) {
    Decoder decoder(encoding);
    std::string out;
    if (chunk == 0) chunk = bytes.size() + 1;
    for (std::size_t i = 0; i < bytes.size(); i += chunk)
        decoder.decode(bytes.substr(i, chunk), out, false);
    decoder.decode({}, out, true);
    return out;
}

// ASCII is scanned 8 bytes at a time: a non-ASCII byte at any offset, inside a word or at a
// word's edge, must be seen.
TEST(Utf8, NonAsciiIsFoundAtEveryOffset) {
    for (std::size_t at = 0; at < 20; ++at) {
        const std::string before(at, 'a'), after(at % 7, 'b');
        const std::string valid = before + "\xC3\xA9" + after;  // é
        const std::string invalid = before + "\xFF" + after;
        const std::string truncated = before + "\xE2\x82";  // the start of €
        EXPECT_TRUE(utf8::is_valid(valid)) << at;
        EXPECT_FALSE(utf8::is_valid(invalid)) << at;
        EXPECT_FALSE(utf8::is_valid(truncated)) << at;

        std::string out;
        EXPECT_EQ(utf8::append_sanitized(out, valid, false), 0u) << at;
        EXPECT_EQ(out, valid) << at;
        out.clear();
        EXPECT_EQ(utf8::append_sanitized(out, invalid, false), 0u) << at;
        EXPECT_EQ(out, before + std::string(utf8::replacement) + after) << at;
        out.clear();
        EXPECT_EQ(utf8::append_sanitized(out, truncated, false), 2u) << at;  // kept for the next chunk
        EXPECT_EQ(out, before) << at;
    }
}

TEST(ResolveLabel, FollowsTheEncodingStandard) {
    EXPECT_EQ(resolve_label("latin1"), "windows-1252");
    EXPECT_EQ(resolve_label("ISO-8859-1"), "windows-1252");
    EXPECT_EQ(resolve_label("ascii"), "windows-1252");
    EXPECT_EQ(resolve_label(" utf8 "), "utf-8");
    EXPECT_EQ(resolve_label("Shift_JIS"), "shift_jis");
    EXPECT_EQ(resolve_label("gb2312"), "gbk");
    EXPECT_EQ(resolve_label("iso-8859-9"), "windows-1254");
    EXPECT_EQ(resolve_label("utf-16"), "utf-16le");
    EXPECT_EQ(resolve_label("no-such-charset"), "");
}

TEST(CharsetParameter, ReadsQuotedAndUnquotedValues) {
    EXPECT_EQ(charset_parameter("text/html; charset=UTF-8"), "UTF-8");
    EXPECT_EQ(charset_parameter("text/html;charset=\"koi8-r\""), "koi8-r");
    EXPECT_EQ(charset_parameter("text/html; CHARSET = latin1 ; x=y"), "latin1");
    EXPECT_EQ(charset_parameter("text/html"), "");
}

TEST(Prescan, FindsMetaCharsetAndHttpEquiv) {
    EXPECT_EQ(prescan("<html><head><meta charset=\"iso-8859-2\">"), "iso-8859-2");
    EXPECT_EQ(prescan("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"),
              "windows-1251");
    EXPECT_EQ(prescan("<META CONTENT='text/html; charset=koi8-r' HTTP-EQUIV='content-type'>"), "koi8-r");
}

TEST(Prescan, IgnoresCommentsContentWithoutPragmaAndLateDeclarations) {
    EXPECT_EQ(prescan("<!-- <meta charset=koi8-r> --><p>"), "");
    EXPECT_EQ(prescan("<meta content=\"text/html; charset=koi8-r\">"), "");  // no http-equiv
    EXPECT_EQ(prescan(std::string(2000, ' ') + "<meta charset=koi8-r>"), "");
    EXPECT_EQ(prescan("<meta charset=utf-16le>"), "utf-8");  // a meta cannot declare UTF-16
}

TEST(Sniff, BomBeatsHeaderBeatsMeta) {
    EXPECT_EQ(sniff("\xEF\xBB\xBF<meta charset=koi8-r>", "latin1").encoding, "utf-8");
    EXPECT_EQ(sniff("\xEF\xBB\xBF<p>", "").bom_length, 3u);
    EXPECT_EQ(sniff("\xFF\xFE<\0p\0", "").encoding, "utf-16le");
    EXPECT_EQ(sniff("<meta charset=koi8-r>", "latin1").encoding, "windows-1252");
    EXPECT_EQ(sniff("<meta charset=koi8-r>", "bogus").encoding, "koi8-r");
    EXPECT_EQ(sniff("<p>plain</p>", "").encoding, "auto");
}

TEST(Decoder, Windows1252MapsTheC1RangeLikeBrowsers) {
    EXPECT_EQ(decode_all("windows-1252", "caf\xe9 \x80 \x93q\x94 \x81"),
              "caf\xC3\xA9 \xE2\x82\xAC \xE2\x80\x9Cq\xE2\x80\x9D \xC2\x81");
}

TEST(Decoder, Utf8ReplacesInvalidSequencesAndSurvivesSplits) {
    const std::string text = "\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
    for (std::size_t chunk = 1; chunk <= 4; ++chunk)
        EXPECT_EQ(decode_all("utf-8", text, chunk), text);
    EXPECT_EQ(decode_all("utf-8",
                         "a\xFF"
                         "b\xE2\x82"),
              "a\xEF\xBF\xBD"
              "b\xEF\xBF\xBD");
    EXPECT_EQ(decode_all("utf-8", "\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
}

TEST(Decoder, AutoIsUtf8UntilTheFirstInvalidByteThenWindows1252) {
    EXPECT_EQ(decode_all("auto", "\xC3\xA9t\xC3\xA9"), "\xC3\xA9t\xC3\xA9");
    EXPECT_EQ(decode_all("auto", "caf\xe9 cr\xe8me", 1), "caf\xC3\xA9 cr\xC3\xA8me");
}

TEST(Decoder, LegacyMultiByteEncodingsThroughIconv) {
    const std::string nihongo = "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E";  // 日本語
    EXPECT_EQ(decode_all("shift_jis", "\x93\xfa\x96\x7b\x8c\xea", 1), nihongo);
    EXPECT_EQ(decode_all("euc-jp", "\xc6\xfc\xcb\xdc\xb8\xec"), nihongo);
    EXPECT_EQ(decode_all("iso-2022-jp", "\x1b$BF|K\\8l\x1b(B", 2), nihongo);
    EXPECT_EQ(decode_all("koi8-r", "\xf0\xd2\xc9\xd7\xc5\xd4"),
              "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
    EXPECT_EQ(decode_all("gbk", "\xd6\xd0\xce\xc4"), "\xE4\xB8\xAD\xE6\x96\x87");  // 中文
    EXPECT_EQ(decode_all("big5", "\xa4\xa4\xa4\xe5"), "\xE4\xB8\xAD\xE6\x96\x87");
    EXPECT_EQ(decode_all("euc-kr", "\xc7\xd1\xb1\xdb"), "\xED\x95\x9C\xEA\xB8\x80");  // 한글
}

TEST(Decoder, OutputIsAlwaysValidUtf8) {
    std::string garbage;
    for (int i = 0; i < 256; ++i)
        garbage.push_back(static_cast<char>(i));
    for (const char* name : {"utf-8", "auto", "windows-1252", "shift_jis", "euc-jp", "big5", "gb18030",
                             "iso-2022-jp", "utf-16le", "replacement", "x-user-defined"}) {
        EXPECT_TRUE(utf8::is_valid(decode_all(name, garbage + garbage, 7))) << name;
    }
}

}  // namespace
}  // namespace fetch::encoding
