#include "output/format.hpp"
#include "fetch/output/verdict.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>

#include "fetch/app/option_table.hpp"
#include "fetch/base/escape.hpp"
#include "fetch/output/fields.hpp"
#include "output/field_habits.hpp"
#include "parsers.hpp"

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

std::string formatted(const std::vector<Record>& records, Options options, bool colour = false) {
    const auto formatter = make_formatter(options.output, options.verdict, colour);
    std::string out;
    formatter->begin(out);
    RunStats stats;
    Verdict verdict(options.verdict, stats);  // as the writer does: judged, then formatted
    for (Record record : records) {
        verdict.judge(record);
        formatter->record(record, out);
    }
    formatter->end([&](std::string_view piece) { out.append(piece); });
    return out;
}

Options with_format(Format format, std::string fields = {}) {
    Options options = default_options();
    options.output.format = format;
    options.output.fields = fields.empty() ? default_fields(format, false) : parse_fields(fields).value().fields;
    return options;
}

std::string text(const Record& record) {
    return formatted({record}, with_format(Format::text));
}
std::string jsonl(const Record& record) {
    return formatted({record}, with_format(Format::jsonl));
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
              R"("attempts":1,"expect_failed":null,"error_kind":null,"error":null})"
              "\n");
}

TEST(JsonlFormat, FailureHasNullStatusAndTitle) {
    EXPECT_EQ(jsonl(failure()),
              R"({"index":1,"source":"-","line":2,"url":"https://down.example/","status":null,)"
              R"("title":null,"final_url":null,"elapsed_ms":0,"bytes":0,"attempts":0,"expect_failed":null,)"
              R"("error_kind":"connect",)"
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

TEST(TextFormat, ColoursTheStatusByClassWhenItMeetsItsExpectation) {
    Record missing = page("Gone");
    missing.status = 404;
    Options options = with_format(Format::text);
    options.verdict.expect = Expectation::parse("any").value();
    EXPECT_EQ(formatted({page("Example"), missing, failure()}, options, true),
              "\x1b[32m200\x1b[0m\thttps://example.com/\tExample\n"
              "\x1b[33m404\x1b[0m\thttps://example.com/\tGone\n"
              "\x1b[1;31mERR\x1b[0m\thttps://down.example/\tconnect: Couldn't connect to server\n");
}

// A 200 whose title missed, or a 404 where 2xx was expected, is a failure where a person reads
// it: coloured as one, and on a terminal marked, whatever its status. Piped, it stays "200".
TEST(TextFormat, ARecordThatMissedItsExpectationIsMarkedAsAFailure) {
    Options options = with_format(Format::text);
    options.verdict.expect_title = Regex::compile("Sign in").value();
    const std::vector<Record> records{page("Sign up")};
    EXPECT_EQ(formatted(records, options, true), "\x1b[1;31m200\x1b[0m\thttps://example.com/\tSign up\n");
    const auto formatter = make_formatter(options.output, options.verdict, false, true);
    RunStats stats;
    Verdict verdict(options.verdict, stats);
    Record record = records.front();
    verdict.judge(record);
    std::string out;
    formatter->record(record, out);
    EXPECT_EQ(out, "\u2717 200\thttps://example.com/\tSign up\n");
    EXPECT_EQ(formatted(records, options), "200\thttps://example.com/\tSign up\n");
}

TEST(TsvFormat, StableColumnsEmptyForNullOptionalHeader) {
    Options options = with_format(Format::tsv, "status,url,title,error_kind");
    EXPECT_EQ(formatted({page("A\tB"), failure()}, options),
              "200\thttps://example.com/\tA B\t\n\thttps://down.example/\t\tconnect\n");
    options.output.header_row = true;
    EXPECT_EQ(formatted({}, options), "status\turl\ttitle\terror_kind\n");
}

TEST(CsvFormat, ReadsBackExactlyAndNeutralisesFormulas) {
    Record tricky = page("a,\"b\"\nc");
    Record formula = page("=HYPERLINK(\"http://evil\")");
    formula.url = "https://example.com/-x";
    const auto rows = test::parse_csv(
        formatted({tricky, formula, failure()}, with_format(Format::csv, "status,url,title,error")));
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"status", "url", "title", "error"}));
    // Line breaks become spaces, as in text: no reader ever sees a record split over lines.
    EXPECT_EQ(rows[1], (std::vector<std::string>{"200", "https://example.com/", "a,\"b\" c", ""}));
    EXPECT_EQ(rows[2][2], "'=HYPERLINK(\"http://evil\")");
    EXPECT_EQ(rows[3],
              (std::vector<std::string>{"", "https://down.example/", "", "Couldn't connect to server"}));
}

TEST(CsvFormat, ControlsAreShownAsInText) {
    Record hostile = page(
        "a\x1b[2Jb\x07"
        "c\xC2\x9B"
        "d\xE2\x80\xAE"
        "e\xE2\x80\xA8"
        "f");
    hostile.content_type = "text/html\x1b]0;x\x07";
    const std::string out = formatted({hostile}, with_format(Format::csv, "title,content_type"));
    for (const char c : out)
        EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 || c == '\r' || c == '\n') << out;
    EXPECT_NE(out.find("a\\x1B[2Jb\\x07c\\u009Bd\\u202Ee\\u2028f"), std::string::npos) << out;
    EXPECT_NE(out.find("text/html\\x1B]0;x\\x07"), std::string::npos) << out;
}

TEST(TextFormat, LineSeparatorsAreEscaped) {
    const std::string out = text(page("one\xE2\x80\xA8two\xE2\x80\xA9three"));
    EXPECT_NE(out.find("one\\u2028two\\u2029three"), std::string::npos) << out;
    EXPECT_EQ(formatted({page("a\xE2\x80\xA8"
                              "b")},
                        with_format(Format::tsv, "title")),
              "a\\u2028b\n");
}

TEST(CsvFormat, NumbersAreNotNeutralised) {
    Record unknown = page("x");
    const auto rows = test::parse_csv(formatted({unknown}, with_format(Format::csv, "content_length,index")));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"", "4"}));
}

TEST(JsonlFormat, FieldsChooseTheKeys) {
    EXPECT_EQ(formatted({page("T")}, with_format(Format::jsonl, "url,status,content_length")),
              R"({"url":"https://example.com/","status":200,"content_length":null})"
              "\n");
}

struct DocDeleter {
    void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

std::string xpath_string(xmlDoc* doc, const char* expression) {
    xmlXPathContext* context = xmlXPathNewContext(doc);
    xmlXPathObject* result = xmlXPathEvalExpression(BAD_CAST expression, context);
    xmlChar* text = xmlXPathCastToString(result);
    std::string value = reinterpret_cast<const char*>(text);
    xmlFree(text);
    xmlXPathFreeObject(result);
    xmlXPathFreeContext(context);
    return value;
}

TEST(JunitFormat, AWellFormedReportWithFailuresAndErrors) {
    Record missing = page("Gone");
    missing.status = 404;
    Record control = page("bell\x07 and \xEF\xBF\xBF");  // not allowed in XML 1.0
    const std::string xml =
        formatted({page("Fine & <ok>"), missing, failure(), control}, with_format(Format::junit));
    std::unique_ptr<xmlDoc, DocDeleter> doc(
        xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "report.xml", nullptr, XML_PARSE_NONET));
    ASSERT_TRUE(doc) << xml;  // libxml2's XML parser is strict: this proves well-formedness
    EXPECT_EQ(xpath_string(doc.get(), "string(/testsuites/testsuite/@tests)"), "4");
    EXPECT_EQ(xpath_string(doc.get(), "string(/testsuites/testsuite/@failures)"), "1");
    EXPECT_EQ(xpath_string(doc.get(), "string(/testsuites/testsuite/@errors)"), "1");
    EXPECT_EQ(xpath_string(doc.get(), "count(//testcase)"), "4");
    EXPECT_EQ(xpath_string(doc.get(), "string(//testcase[1]/system-out)"), "Fine & <ok>");
    EXPECT_EQ(xpath_string(doc.get(), "string(//testcase[2]/failure/@message)"),
              "HTTP 404, expected 2xx,3xx");
    EXPECT_EQ(xpath_string(doc.get(), "string(//testcase[3]/error/@type)"), "connect");
    EXPECT_EQ(xpath_string(doc.get(), "string(//testcase[1]/@classname)"), "urls.txt:7");
    // What XML cannot hold reads as the text format shows it, not as an anonymous U+FFFD.
    EXPECT_EQ(xpath_string(doc.get(), "string(//testcase[4]/system-out)"), "bell\\x07 and \\uFFFF");
}

TEST(Fields, UnknownNamesAreRejectedByName) {
    const auto unknown = parse_fields("status,nope");
    EXPECT_FALSE(unknown);
    EXPECT_NE(unknown.error().find("\"nope\""), std::string::npos) << unknown.error();
    const auto known = parse_fields(" status , URL ");
    ASSERT_TRUE(known) << known.error();
    EXPECT_EQ(known->fields.size(), 2u);
    EXPECT_FALSE(known->adding);
}

TEST(Fields, AllAndAddedFields) {
    const auto all = parse_fields("all");
    ASSERT_TRUE(all) << all.error();
    std::size_t plain = 0;
    for (const Field& field : all_fields())
        plain += field.takes_argument ? 0 : 1;
    EXPECT_EQ(all->fields.size(), plain);
    const auto added = parse_fields("+ip, +SERVER");
    ASSERT_TRUE(added) << added.error();
    EXPECT_TRUE(added->adding);
    ASSERT_EQ(added->fields.size(), 2u);
    EXPECT_EQ(added->fields[1].key, "server");
    const auto mixed = parse_fields("+ip,server");
    ASSERT_FALSE(mixed);
    EXPECT_NE(mixed.error().find("\"server\""), std::string::npos) << mixed.error();
    FieldSelection fields = default_fields(Format::text, false);
    add_fields(fields, added->fields);
    add_fields(fields, parse_fields("+status").value().fields);  // already there: not twice
    ASSERT_EQ(fields.size(), 5u);
    EXPECT_EQ(fields[3].key, "ip");
}

// Whether `record` meets `options` (and its own expectations), and what the verdict says.
std::optional<std::pair<std::string, std::string>> judged(Record record, const VerdictOptions& options) {
    RunStats stats;
    Verdict verdict(options, stats);
    verdict.judge(record);
    return record.met ? std::nullopt
                      : std::optional(record.expect_failed.value_or(std::pair<std::string, std::string>{"", ""}));
}

VerdictOptions expecting(std::string_view spec) {
    VerdictOptions options;
    options.expect = Expectation::parse(spec).value();
    return options;
}

TEST(Expect, SpecsAndDefaults) {
    Record moved = page("m");
    moved.status = 301;
    Record found = page("f");
    found.status = 302;
    EXPECT_FALSE(judged(page("x"), expecting("2xx,301")));
    EXPECT_FALSE(judged(moved, expecting("2xx,301")));
    EXPECT_EQ(judged(found, expecting("2xx,301")),
              (std::pair<std::string, std::string>{"status", "HTTP 302, expected 2xx,301"}));
    EXPECT_FALSE(judged(found, default_options().verdict));  // default: 200-399
    Record server_error = page("e");
    server_error.status = 503;
    EXPECT_FALSE(judged(server_error, expecting("any")));
    EXPECT_EQ(judged(failure(), expecting("any")), (std::pair<std::string, std::string>{"", ""}))
        << "no response meets nothing, and the error says why";
    EXPECT_FALSE(judged(server_error, expecting("500-599")));
    EXPECT_FALSE(Expectation::parse("2x"));
    EXPECT_FALSE(Expectation::parse(""));
    EXPECT_FALSE(Expectation::parse("600"));
}

TEST(Expect, TitlePatternsAndALinesOwnExpectations) {
    VerdictOptions options = default_options().verdict;
    options.expect_title = Regex::compile("^Home").value();
    EXPECT_FALSE(judged(page("Home — Site"), options));
    EXPECT_EQ(judged(page("Login"), options),
              (std::pair<std::string, std::string>{"title", "\"Login\", expected /^Home/"}));
    Record own = page("Login");
    own.status = 404;
    own.expectation = parse_url_expectation("404\t^Log").value();  // the line's own win
    EXPECT_FALSE(judged(own, options));
    own.expectation = parse_url_expectation("200").value();
    EXPECT_EQ(judged(own, options)->first, "status");
    EXPECT_FALSE(parse_url_expectation("2x"));
    EXPECT_FALSE(parse_url_expectation("200\t(unclosed"));
}

// A pattern built to backtrack gives up after PCRE2's match limit instead of hanging: the
// expectation is missed, and says so.
TEST(Expect, ABacktrackingPatternGivesUpInsteadOfHanging) {
    VerdictOptions options = default_options().verdict;
    options.expect_title = Regex::compile("^(a+)+$").value();
    const auto missed = judged(page(std::string(4000, 'a') + "!"), options);
    ASSERT_TRUE(missed);
    EXPECT_EQ(missed->first, "title");
    EXPECT_NE(missed->second.find("gave up"), std::string::npos) << missed->second;
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

// httpx's and curl's names: an alias selects its fetch field under the name given; the others
// are answered with fetch's spelling, which must name real fields.
TEST(Fields, OtherToolsNamesAreAliasesOrAnswered) {
    for (const ForeignField& foreign : foreign_fields()) {
        EXPECT_EQ(find_field(foreign.name), nullptr) << foreign.name << " is a fetch field already";
        const std::string fields(foreign.fields);
        EXPECT_TRUE(parse_fields(fields)) << fields;
        const auto parsed = parse_fields(foreign.name);
        EXPECT_EQ(bool(parsed), foreign.alias) << foreign.name;
        if (parsed) {
            EXPECT_EQ(parsed->fields[0].key, foreign.name);
            EXPECT_EQ(parsed->fields[0].field, find_field(fields));
        } else {
            EXPECT_NE(parsed.error().find("fetch spells it " + fields), std::string::npos) << parsed.error();
        }
    }
    EXPECT_NE(parse_fields("titel").error().find("did you mean title?"), std::string::npos);
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

TEST(WriteOut, CurlVariablesFieldsAndEscapes) {
    Record record = page("Ex\x1b[2Jample");
    record.time_dns = 1.5;
    record.redirects = 2;
    record.extracted.emplace_back("price", "9.99");
    const auto write_out = WriteOut::parse(
        "%{http_code} %{time_namelookup} %{time_appconnect} %{num_redirects} %{url_effective} [%{title}] "
        "%{price} %{index}%%\\n",
        {"price"});
    ASSERT_TRUE(write_out) << write_out.error();
    std::string out;
    write_out->write(record, out);
    EXPECT_EQ(out, "200 0.001500 0.000000 2 https://example.com/home [Ex\\x1B[2Jample] 9.99 4%\n");
    Record failed = failure();
    out.clear();
    WriteOut::parse("%{http_code} %{exitcode} %{errormsg}", {}).value().write(failed, out);
    EXPECT_EQ(out, "000 7 Couldn't connect to server");
    EXPECT_FALSE(WriteOut::parse("%{json}", {}));
    EXPECT_FALSE(WriteOut::parse("%{status,title}", {}));
    EXPECT_FALSE(WriteOut::parse("%{http_code", {}));
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

// The field table's type column is what --format sqlite declares each column as: every getter
// gives null or a value of that type, on a record where every value is known.
TEST(FieldTable, EveryValueHasItsFieldsDeclaredType) {
    Record record;
    record.url = record.final_url = "http://a/";
    record.origin = {"list", 3};
    record.status = 200;
    record.title = "T";
    record.xpath_value = "x";
    for (auto& fact : record.head.values)
        fact = "h";
    record.extracted = {{"name", "v"}};
    record.charset = "utf-8";
    record.charset_source = "header";
    record.content_type = "text/html";
    record.content_length = 10;
    record.ip = "127.0.0.1";
    record.http_version = "1.1";
    record.redirect_chain = {{"http://a/", 301}, {"http://b/", 200}};
    record.headers = {{"name", "v"}, {"location", "/x"}, {"server", "s"}};
    record.scheme = "http";
    record.port = 80;
    record.fallback_reason = "why";
    record.time_dns = record.time_connect = record.time_tls = record.time_ttfb = 1.5;
    record.tls_version = "TLSv1.3";
    record.cert_expiry = record.cert_subject = record.cert_issuer = "c";
    record.body_sha256 = "00";
    record.crawl_delay = 2;
    record.words = record.lines = 1;
    record.favicon_url = "http://a/favicon.ico";
    record.favicon_mmh3 = -1;
    record.stored = "00/00";
    record.expect_failed = std::pair<std::string, std::string>{"status", "HTTP 200, expected 404"};
    for (const Field& field : all_fields()) {
        if (field.name == "error_kind" || field.name == "error") continue;  // below
        const FieldValue value = field.get(record, "name");
        EXPECT_NE(value.type, FieldValue::Type::null) << field.name << ": set every value above";
        EXPECT_EQ(value.type, field.type) << field.name;
    }
    record.error_kind = ErrorKind::robots;  // error and error_kind are none on a success
    record.error = "e";
    EXPECT_EQ(find_field("error_kind")->get(record, "").type, FieldValue::Type::text);
    EXPECT_EQ(find_field("error")->get(record, "").type, FieldValue::Type::text);
}

}  // namespace
}  // namespace fetch
