// Rows of other tools' output as lists (--input-format): JSON members, CSV records as RFC 4180
// defines them, TSV, header rows and column numbers.
#include "input/row_reader.hpp"

#include <gtest/gtest.h>

#include "input/siphash.hpp"
#include "input/url_set.hpp"
#include "run_fetch.hpp"

namespace fetch {
namespace {

TEST(JsonMember, FindsTheKeyAndSkipsEverythingElse) {
    const std::string line =
        R"({"index":3,"nested":{"url":"not this","list":[1,"]",{"x":"}"}]},"flag":true,"url":"http://a\/b?q=\"1\"","z":null})";
    EXPECT_EQ(json_member(line, "url").value(), "http://a/b?q=\"1\"");
    EXPECT_EQ(json_member(R"( { "url" : "x\u00e9\ud83d\ude00" } )", "url").value(),
              "x\xC3\xA9\xF0\x9F\x98\x80");
}

// As jq reads {"url":"a","url":"b"}: the last wins.
TEST(JsonMember, OfDuplicateKeysTheLastWins) {
    EXPECT_EQ(json_member(R"({"url":"http://first/","url":"http://last/"})", "url").value(), "http://last/");
}

TEST(JsonMember, SaysWhatIsWrong) {
    EXPECT_NE(json_member("not json", "url").error().find("not a JSON object"), std::string::npos);
    EXPECT_NE(json_member("[1,2]", "url").error().find("not a JSON object: a array"), std::string::npos);
    EXPECT_NE(json_member(R"({"final_url":"x"})", "url").error().find("no \"url\" key"), std::string::npos);
    EXPECT_NE(json_member(R"({"url":null})", "url").error().find("is not a string"), std::string::npos);
    EXPECT_FALSE(json_member(R"({"a":[1,2)", "url"));
    EXPECT_FALSE(json_member(R"({"url":"x)", "url"));
    EXPECT_FALSE(json_member(R"({"a" 1,"url":"x"})", "url"));
    EXPECT_FALSE(json_member(R"({"url":"\ud800"})", "url"));  // a lone surrogate is no text
}

std::vector<ListRecord> records_of(const std::string& content, InputFormat format) {
    test::TempFile file(content);
    ListReader list = ListReader::open(file.path()).value();
    RecordStream stream(list, format);
    std::vector<ListRecord> records;
    for (ListRecord record; stream.next(record);)
        records.push_back(record);
    return records;
}

// RFC 4180 §2.6: a quoted cell may hold a line break; the record is one, and starts on its line.
TEST(RecordStream, CsvRecordsSpanLinesAsQuotedCellsDo) {
    const auto records =
        records_of("\xEF\xBB\xBFnote,url\r\n\"two\r\nlines, \"\"quoted\"\"\",http://a/\r\n\r\nx,http://b/",
                   InputFormat::csv);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].cells, (std::vector<std::string>{"note", "url"}));  // the BOM is not in the header
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(records[1].cells, (std::vector<std::string>{"two\nlines, \"quoted\"", "http://a/"}));
    EXPECT_EQ(records[2].line, 5u);
    EXPECT_EQ(records[2].cells, (std::vector<std::string>{"x", "http://b/"}));
}

TEST(RecordStream, AnUnterminatedQuoteIsABadRecordNotTheRestOfTheList) {
    auto records = records_of("url\n\"http://a/\n", InputFormat::csv);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].error, "a quoted CSV cell does not end");
    records = records_of("url\n\"" + std::string(70000, 'x') + "\nhttp://b/\n", InputFormat::csv);
    ASSERT_GE(records.size(), 2u);
    EXPECT_TRUE(records[1].too_long);
}

TEST(RecordStream, TsvKeepsEmptyCellsAtEitherEnd) {
    const auto records = records_of("a\turl\tb\n\thttp://a/\t\n", InputFormat::tsv);
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].cells, (std::vector<std::string>{"", "http://a/", ""}));
}

TEST(RowReader, TheHeaderRowNamesTheColumn) {
    RowReader csv(InputFormat::csv, "final_url");
    ASSERT_TRUE(csv.wants_header());
    ListRecord header;
    header.cells = {"status", "final_url", "title"};
    ASSERT_TRUE(csv.header(header, "list.csv"));
    ListRecord row;
    row.cells = {"200", "http://a/", "A, title"};
    EXPECT_EQ(csv.url_of(row).value(), "http://a/");
    row.cells = {"200"};
    EXPECT_FALSE(csv.url_of(row));  // no such column in this row
}

// A list without a header row: its first row is not taken for one. A missing column is one
// error naming the columns there are; a number reads every row.
TEST(RowReader, AMissingColumnNamesTheColumnsFoundAndANumberNeedsNoHeader) {
    RowReader tsv(InputFormat::tsv, "url");
    ListRecord first;
    first.cells = {"200", "http://a/"};
    const Result<void> header = tsv.header(first, "rows.tsv");
    ASSERT_FALSE(header);
    EXPECT_EQ(header.error(),
              "--input-field url: the header row of rows.tsv has no \"url\" column (it has: 200, http://a/); "
              "a list "
              "without a header row takes the column's number, --input-field N");
    RowReader numbered(InputFormat::tsv, "2");
    EXPECT_FALSE(numbered.wants_header());
    EXPECT_EQ(numbered.url_of(first).value(), "http://a/");
}

// SipHash-2-4-128's reference vector: key 00..0f, the empty message.
TEST(SipHash128, MatchesTheReferenceVector) {
    Hash128 key{0x0706050403020100u, 0x0f0e0d0c0b0a0908u};
    SipHash128 hash(key);
    EXPECT_EQ(hash.hex(),
              "e6a825ba047f81a3930255c71472f66d");  // the bytes a3817f04ba25a8e6 6df67214c7550293, as words
    SipHash128 pieces(key), whole(key);
    const std::string text(1000, 'x');
    whole.add(text);
    for (std::size_t at = 0; at < text.size(); at += 7)
        pieces.add(std::string_view(text).substr(at, 7));
    EXPECT_EQ(pieces.value(), whole.value());
}

TEST(UrlSet, RemembersEveryUrlExactly) {
    UrlSet seen;
    for (int i = 0; i < 100000; ++i)
        ASSERT_TRUE(seen.insert("http://example.test/" + std::to_string(i)));
    for (int i = 0; i < 100000; i += 997)
        EXPECT_FALSE(seen.insert("http://example.test/" + std::to_string(i)));
    EXPECT_EQ(seen.size(), 100000u);
    EXPECT_LE(seen.capacity_bytes(), 100000u * 43);
}

}  // namespace
}  // namespace fetch
