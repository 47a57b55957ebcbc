// Rows of other tools' output as lists (--input-format): JSON members, CSV cells, headers.
#include "fetch/input/row_reader.hpp"

#include <gtest/gtest.h>

namespace fetch {
namespace {

TEST(JsonMember, FindsTheKeyAndSkipsEverythingElse) {
    const std::string line =
        R"({"index":3,"nested":{"url":"not this","list":[1,"]",{"x":"}"}]},"flag":true,"url":"http://a\/b?q=\"1\"","z":null})";
    EXPECT_EQ(json_member(line, "url").value(), "http://a/b?q=\"1\"");
    EXPECT_EQ(json_member(R"( { "url" : "x\u00e9\ud83d\ude00" } )", "url").value(),
              "x\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_EQ(json_member(R"({"url":"\ud800"})", "url").value(), "\xEF\xBF\xBD");  // a lone surrogate
}

TEST(JsonMember, SaysWhatIsWrong) {
    EXPECT_NE(json_member("not json", "url").error().find("not a JSON object"), std::string::npos);
    EXPECT_NE(json_member(R"({"final_url":"x"})", "url").error().find("no \"url\" key"), std::string::npos);
    EXPECT_NE(json_member(R"({"url":null})", "url").error().find("is not a string"), std::string::npos);
    EXPECT_NE(json_member(R"({"a":[1,2)", "url").error().find("does not end"), std::string::npos);
    EXPECT_FALSE(json_member(R"({"url":"x)", "url"));
    EXPECT_FALSE(json_member(R"({"a" 1,"url":"x"})", "url"));
}

TEST(CsvCells, QuotesAndDoubledQuotes) {
    EXPECT_EQ(csv_cells(R"(a,"b,c","say ""hi""",)").value(),
              (std::vector<std::string>{"a", "b,c", "say \"hi\"", ""}));
    EXPECT_FALSE(csv_cells(R"(a,"open)"));
}

TEST(RowReader, TheHeaderRowNamesTheColumn) {
    RowReader csv(InputFormat::csv, "final_url");
    EXPECT_EQ(csv.url_of("status,final_url,title").value(), std::nullopt);  // the header: no record
    EXPECT_EQ(csv.url_of(R"(200,http://a/,"A, title")").value(), std::optional<std::string>("http://a/"));
    EXPECT_FALSE(csv.url_of("200"));  // no such column in this row
    RowReader tsv(InputFormat::tsv, "url");
    EXPECT_EQ(tsv.url_of("status\ttitle").value(), std::nullopt);
    EXPECT_NE(tsv.url_of("200\tx").error().find("no \"url\" column"), std::string::npos);
}

}  // namespace
}  // namespace fetch
