// The JUnit report, written with libxml2's text writer so that every attribute and text node
// is escaped by the library that defines the format.
#include <libxml/xmlwriter.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <vector>

#include "fetch/base/escape.hpp"
#include "fetch/base/handle.hpp"
#include "format.hpp"
#include "spool.hpp"

namespace fetch {

namespace {

// An XML fragment written with libxml2's text writer into memory.
class XmlFragment {
public:
    XmlFragment() : buffer_(xmlBufferCreate()), writer_(xmlNewTextWriterMemory(buffer_.get(), 0)) {
        if (!writer_) throw std::runtime_error("libxml2: cannot create an XML writer");
        xmlTextWriterSetIndent(writer_.get(), 1);
        xmlTextWriterSetIndentString(writer_.get(), BAD_CAST "  ");
    }
    xmlTextWriter* writer() { return writer_.get(); }
    void start(const char* name) { xmlTextWriterStartElement(writer(), BAD_CAST name); }
    void attribute(const char* name, std::string_view value) {
        xmlTextWriterWriteAttribute(writer(), BAD_CAST name, BAD_CAST xml_safe(value).c_str());
    }
    void text(std::string_view value) {
        xmlTextWriterWriteString(writer(), BAD_CAST xml_safe(value).c_str());
    }
    void end() { xmlTextWriterEndElement(writer()); }
    std::string finish() {
        writer_.reset();  // flushes into the buffer
        return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                           static_cast<std::size_t>(xmlBufferLength(buffer_.get())));
    }

private:
    CPtr<xmlBuffer, xmlBufferFree> buffer_;
    CPtr<xmlTextWriter, xmlFreeTextWriter> writer_;
};

// When the run began, as JUnit's timestamp wants it: ISO 8601 local time, no zone.
std::string timestamp_now() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local);
    return text;
}

// This machine's name, made safe for an attribute (XML-escaped by hand: it is the only text
// written around the libxml2 writer).
std::string hostname() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || !*name) return "localhost";
    std::string safe;
    for (const char c : xml_safe(name)) {
        if (c == '&' || c == '<' || c == '>' || c == '"') continue;
        safe += c;
    }
    return safe.empty() ? "localhost" : safe;
}

std::string seconds(std::int64_t ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(ms) / 1000.0);
    return buffer;
}

// JUnit's counts come before its test cases, so the cases go to a temporary file as they
// arrive (memory stays flat) and the document is put together at the end.
class JunitFormatter final : public Formatter {
public:
    explicit JunitFormatter(const Expectation& expect) : expect_(expect) {}

    void record(const Record& record, std::string&) override {
        total_ms_ += record.elapsed_ms;
        XmlFragment xml;
        start_case(xml, record);
        if (!record.ok() && record.met) {  // --robots left it alone, and nothing asked for it
            ++left_alone_;
            xml.start("skipped");
            xml.attribute("message", std::string(error_kind_name(record.error_kind)) + ": " + record.error);
            xml.end();
        } else if (!record.ok()) {
            ++errors_;
            xml.start("error");
            xml.attribute("type", error_kind_name(record.error_kind));
            xml.attribute("message", record.error);
            xml.end();
        } else if (record.expect_failed) {
            ++failures_;
            xml.start("failure");
            xml.attribute("type", record.expect_failed->first);
            xml.attribute("message", record.expect_failed->second);
            xml.end();
        }
        if (record.title) {
            xml.start("system-out");
            xml.text(*record.title);
            xml.end();
        }
        xml.end();
        cases_.append(xml.finish());
    }

    bool not_fetched(const Record& record) override {
        ++skipped_;
        XmlFragment xml;
        start_case(xml, record);
        xml.start("skipped");
        xml.attribute("message", "not fetched: the run stopped first");
        xml.end();
        xml.end();
        cases_.append(xml.finish());
        return true;
    }

    void unread(const std::string& what) override { unread_ = what; }

    // The counts, then the suite's facts (when and where it ran, and how: fetch's version and
    // --expect, as properties), then the cases.
    void end(const Emit& emit) override {
        const std::string counts = " tests=\"" + std::to_string(tests_) + "\" failures=\"" +
                                   std::to_string(failures_) + "\" errors=\"" + std::to_string(errors_) +
                                   "\" skipped=\"" + std::to_string(skipped_ + left_alone_) + "\" time=\"" +
                                   seconds(total_ms_) + "\"";
        XmlFragment facts;
        facts.start("properties");
        std::vector<std::pair<const char*, std::string>> properties = {{"fetch.version", FETCH_VERSION},
                                                                       {"fetch.expect", expect_.spec()}};
        // The URLs a signal left unfetched are skipped cases; input never read cannot be.
        if (skipped_ > 0) properties.emplace_back("fetch.not_fetched", std::to_string(skipped_));
        if (!unread_.empty()) properties.emplace_back("fetch.not_read", unread_ + ": never read, so not counted");
        for (const auto& [name, value] : properties) {
            facts.start("property");
            facts.attribute("name", name);
            facts.attribute("value", value);
            facts.end();
        }
        facts.end();
        emit("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"fetch\"" + counts +
             ">\n<testsuite name=\"fetch\"" + counts + " timestamp=\"" + started_ + "\" hostname=\"" +
             hostname() + "\">\n" + facts.finish());
        cases_.replay(emit);
        emit("<system-out/>\n<system-err/>\n</testsuite>\n</testsuites>\n");
    }

    std::string failure() const override {
        if (!cases_.error()) return {};
        return "the JUnit report's temporary file in " + cases_.directory() + ": " +
               std::strerror(cases_.error());
    }

private:
    void start_case(XmlFragment& xml, const Record& record) {
        ++tests_;
        xml.start("testcase");
        xml.attribute("classname", record.origin.source + ":" + std::to_string(record.origin.line));
        xml.attribute("name", record.url);
        xml.attribute("time", seconds(record.elapsed_ms));
    }

    const Expectation& expect_;
    const std::string started_ = timestamp_now();
    Spool cases_;  // the test cases, until the counts are known
    std::uint64_t tests_ = 0, failures_ = 0, errors_ = 0, skipped_ = 0;
    std::uint64_t left_alone_ = 0;  // --robots: skipped on purpose, not by a signal
    std::string unread_;  // input a signal left unread
    std::int64_t total_ms_ = 0;
};

}  // namespace

std::unique_ptr<Formatter> make_junit_formatter(const Expectation& expect) {
    return std::make_unique<JunitFormatter>(expect);
}

}  // namespace fetch
