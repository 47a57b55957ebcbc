#include "fetch/format.hpp"

#include <gtest/gtest.h>

namespace fetch {
namespace {

Record page(std::string title) {
    Record record;
    record.index = 4;
    record.origin = {"urls.txt", 7};
    record.url = "https://example.com/";
    record.final_url = "https://example.com/home";
    record.status = 200;
    record.title = std::move(title);
    record.elapsed_ms = 12;
    record.body_bytes = 3456;
    record.attempts = 1;
    return record;
}

Record failure() {
    Record record;
    record.index = 1;
    record.origin = {"-", 2};
    record.url = "https://down.example/";
    record.error_kind = ErrorKind::connect;
    record.error = "Couldn't connect to server";
    return record;
}

std::string text(const Record& record) {
    std::string out;
    format_text(record, out);
    return out;
}

std::string jsonl(const Record& record) {
    std::string out;
    format_jsonl(record, out);
    return out;
}

TEST(TextFormat, StatusUrlTitleTabSeparated) {
    EXPECT_EQ(text(page("Example")), "200\thttps://example.com/\tExample\n");
}

TEST(TextFormat, FailureShowsMarkerKindAndMessage) {
    EXPECT_EQ(text(failure()), "ERR\thttps://down.example/\tconnect: Couldn't connect to server\n");
}

TEST(TextFormat, NoServerTextReachesTheTerminalAsAControlSequence) {
    const std::string line =
        text(page("a\x1b[2Jb\tc\x07\x7f \xC2\x9B"
                  "31m \xE2\x80\xAE"
                  "evil"));
    EXPECT_EQ(line, "200\thttps://example.com/\ta\\x1B[2Jb c\\x07\\x7F \\u009B31m \\u202Eevil\n");
}

TEST(TextFormat, InvalidUtf8IsReplaced) {
    EXPECT_EQ(text(page("a\xFF"
                        "b")),
              "200\thttps://example.com/\ta\xEF\xBF\xBD"
              "b\n");
}

TEST(JsonlFormat, AllFieldsInAStableOrder) {
    EXPECT_EQ(jsonl(page("Example")),
              R"({"index":4,"source":"urls.txt","line":7,"url":"https://example.com/","status":200,)"
              R"("title":"Example","final_url":"https://example.com/home","elapsed_ms":12,"bytes":3456,)"
              R"("attempts":1,"error_kind":null,"error":null})"
              "\n");
}

TEST(JsonlFormat, FailureHasNullStatusAndTitle) {
    EXPECT_EQ(jsonl(failure()),
              R"({"index":1,"source":"-","line":2,"url":"https://down.example/","status":null,)"
              R"("title":null,"final_url":null,"elapsed_ms":0,"bytes":0,"attempts":0,"error_kind":"connect",)"
              R"("error":"Couldn't connect to server"})"
              "\n");
}

TEST(JsonlFormat, EscapesEverythingThatCouldBreakFraming) {
    std::string out;
    append_json_string(out, "q\"b\\n\nt\tc\x01 d\x7f \xE2\x80\xA8 \xFF \xC3\xA9");
    EXPECT_EQ(out, R"("q\"b\\n\nt\tc\u0001 d\u007f \u2028 )"
                   "\xEF\xBF\xBD \xC3\xA9\"");
}

TEST(JsonlFormat, EmptyTitleIsAnEmptyString) {
    EXPECT_NE(jsonl(page("")).find(R"("title":"")"), std::string::npos);
}

}  // namespace
}  // namespace fetch
