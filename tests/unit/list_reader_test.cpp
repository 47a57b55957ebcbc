#include "fetch/input/list_reader.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "run_fetch.hpp"

namespace fetch {
namespace {

std::vector<ListLine> read_all(const std::string& content) {
    test::TempFile file(content);
    ListReader reader = ListReader::open(file.path()).value();
    std::vector<ListLine> lines;
    for (ListLine line; reader.next(line);)
        lines.push_back(line);
    EXPECT_EQ(reader.error(), "");
    return lines;
}

TEST(ListReader, SkipsBlankLinesAndCommentsAndKeepsLineNumbers) {
    const auto lines = read_all("# header\n\na.example\n   \n  # indented comment\nb.example\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "a.example");
    EXPECT_EQ(lines[0].number, 3u);
    EXPECT_EQ(lines[1].text, "b.example");
    EXPECT_EQ(lines[1].number, 6u);
}

TEST(ListReader, ToleratesCrlfBomAndSurroundingWhitespace) {
    const auto lines = read_all("\xEF\xBB\xBFhttp://a.example/\r\n\t http://b.example/ \r\nc.example");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].text, "http://a.example/");
    EXPECT_EQ(lines[1].text, "http://b.example/");
    EXPECT_EQ(lines[2].text, "c.example");  // no final newline
    EXPECT_EQ(lines[2].number, 3u);
}

TEST(ListReader, BomOnlyCountsOnTheFirstLine) {
    const auto lines = read_all(
        "a\n\xEF\xBB\xBF"
        "b\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1].text,
              "\xEF\xBB\xBF"
              "b");  // later a BOM is just bytes: an error later
}

TEST(ListReader, CutsAbsurdlyLongLinesAndKeepsReading) {
    const std::string huge(ListReader::max_line_bytes * 3, 'a');
    const auto lines = read_all("first\n" + huge + "\nlast\n");
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_FALSE(lines[0].too_long);
    EXPECT_TRUE(lines[1].too_long);
    EXPECT_LE(lines[1].text.size(), ListReader::max_line_bytes);
    EXPECT_EQ(lines[2].text, "last");
    EXPECT_EQ(lines[2].number, 3u);
}

TEST(ListReader, LinesSpanningBufferBoundariesStayWhole) {
    std::string content;
    for (int i = 0; i < 20000; ++i)
        content += "http://host" + std::to_string(i) + ".example/path\n";
    const auto lines = read_all(content);
    ASSERT_EQ(lines.size(), 20000u);
    for (int i = 0; i < 20000; ++i) {
        ASSERT_EQ(lines[static_cast<std::size_t>(i)].text,
                  "http://host" + std::to_string(i) + ".example/path");
    }
}

TEST(ListReader, MissingFileNamesTheFile) {
    const Result<ListReader> reader = ListReader::open("/nonexistent/urls.txt");
    ASSERT_FALSE(reader);
    EXPECT_NE(reader.error().find("/nonexistent/urls.txt"), std::string::npos);
}

TEST(ListReader, DirectoryIsRejected) {
    EXPECT_FALSE(ListReader::open("/"));
}

TEST(ListReader, ALoneCarriageReturnEndsALine) {
    const auto lines = read_all("a.example\rb.example\r\rc.example\r\nd.example");
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[1].text, "b.example");
    EXPECT_EQ(lines[2].text, "c.example");
    EXPECT_EQ(lines[2].number, 4u);  // the blank line between counts
    EXPECT_EQ(lines[3].number, 5u);  // CRLF is one line end, not two
}

TEST(ListReader, CrLfSplitAcrossReadsIsOneLineEnd) {
    // The first read of a list is 64 KiB: put the CR last in it and its LF first in the next.
    const std::string first = std::string(64 * 1024 - 1 - 9, ' ') + "a.example\r";
    const auto lines = read_all(first + "\nb.example\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[1].text, "b.example");
    EXPECT_EQ(lines[1].number, 2u);
}

TEST(ListReader, Utf16WithAByteOrderMarkIsDecoded) {
    const auto utf16 = [](const std::u16string& text, bool big_endian) {
        std::string bytes = big_endian ? "\xFE\xFF" : "\xFF\xFE";
        for (const char16_t unit : text) {
            const char high = static_cast<char>(unit >> 8), low = static_cast<char>(unit & 0xFF);
            bytes += big_endian ? std::string{high, low} : std::string{low, high};
        }
        return bytes;
    };
    for (const bool big_endian : {false, true}) {
        const auto lines =
            read_all(utf16(u"a.example\r\nb\u00FCcher.example\n\U0001F600.example", big_endian));
        ASSERT_EQ(lines.size(), 3u) << big_endian;
        EXPECT_EQ(lines[0].text, "a.example");
        EXPECT_EQ(lines[1].text,
                  "b\xC3\xBC"
                  "cher.example");
        EXPECT_EQ(lines[2].text, "\xF0\x9F\x98\x80.example");
    }
}

TEST(ListReader, TrimsOnlyAsciiWhitespace) {
    const auto lines = read_all(" \t\fx\f \n\xC2\xA0y\n");
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "x");
    EXPECT_EQ(lines[1].text, "\xC2\xA0y");  // NBSP is not ASCII white space
}

}  // namespace
}  // namespace fetch
