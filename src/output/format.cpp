#include "fetch/output/format.hpp"

#include <libxml/xmlwriter.h>

#include <cstdio>
#include <stdexcept>

#include "fetch/base/utf8.hpp"

namespace fetch {

namespace {

bool is_bidi_control(char32_t cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F;
}

void append_escape(std::string& out, const char* pattern, unsigned value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, pattern, value);
    out.append(buffer);
}

// Calls visit(code_point, encoded_bytes) for each code point of the sanitised text.
template <typename Visit>
void for_each_code_point(std::string_view text, Visit visit) {
    const std::string clean = utf8::is_valid(text) ? std::string() : utf8::sanitize(text);
    std::string_view rest = clean.empty() ? text : std::string_view(clean);
    while (!rest.empty()) {
        const utf8::Decoded d = utf8::decode(rest);  // valid by construction
        visit(d.code_point, rest.substr(0, d.length));
        rest.remove_prefix(d.length);
    }
}

std::vector<const Field*> chosen_fields(const Options& options) {
    if (options.fields.empty()) return default_fields(options);
    std::string error;
    return parse_fields(options.fields, error);  // validated by the command line
}

// ---- text and tsv ----

const char* status_colour(const Record& record) {
    if (!record.ok() || !record.status) return "\x1b[1;31m";  // bold red
    switch (*record.status / 100) {
        case 2:
            return "\x1b[32m";  // green
        case 3:
            return "\x1b[36m";  // cyan
        case 4:
            return "\x1b[33m";  // yellow
        default:
            return "\x1b[31m";  // red
    }
}

class TextFormatter final : public Formatter {
public:
    TextFormatter(std::vector<const Field*> fields, bool colour)
        : fields_(std::move(fields)), colour_(colour) {}

    void record(const Record& record, std::string& out) override {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back('\t');
            const std::string_view name = fields_[i]->name;
            if (name == "status") {
                append_status(record, out);
            } else if (!record.ok() && (name == "title" || name == "xpath")) {
                append_text_field(out, std::string(error_kind_name(record.error_kind)) + ": " + record.error);
            } else {
                append_text_field(out, fields_[i]->get(record).to_string());
            }
        }
        out.push_back('\n');
    }

private:
    void append_status(const Record& record, std::string& out) const {
        const std::string status = record.ok() ? std::to_string(record.status.value_or(0)) : "ERR";
        if (!colour_) return out.append(status), void();
        out.append(status_colour(record)).append(status).append("\x1b[0m");
    }

    std::vector<const Field*> fields_;
    bool colour_;
};

class TsvFormatter final : public Formatter {
public:
    TsvFormatter(std::vector<const Field*> fields, bool header)
        : fields_(std::move(fields)), header_(header) {}

    void begin(std::string& out) override {
        if (!header_) return;
        for (std::size_t i = 0; i < fields_.size(); ++i)
            out.append(i ? "\t" : "").append(fields_[i]->name);
        out.push_back('\n');
    }
    void record(const Record& record, std::string& out) override {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back('\t');
            append_text_field(out, fields_[i]->get(record).to_string());
        }
        out.push_back('\n');
    }

private:
    std::vector<const Field*> fields_;
    bool header_;
};

// ---- csv ----

class CsvFormatter final : public Formatter {
public:
    explicit CsvFormatter(std::vector<const Field*> fields) : fields_(std::move(fields)) {}

    void begin(std::string& out) override {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back(',');
            append_csv_cell(out, fields_[i]->name);
        }
        out.append("\r\n");
    }
    void record(const Record& record, std::string& out) override {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back(',');
            const FieldValue value = fields_[i]->get(record);
            append_csv_cell(out, value.to_string(), value.type == FieldValue::Type::text);
        }
        out.append("\r\n");
    }

private:
    std::vector<const Field*> fields_;
};

// ---- jsonl ----

class JsonlFormatter final : public Formatter {
public:
    explicit JsonlFormatter(std::vector<const Field*> fields) : fields_(std::move(fields)) {}

    void record(const Record& record, std::string& out) override {
        out.push_back('{');
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back(',');
            out.push_back('"');
            out.append(fields_[i]->name);
            out.append("\":");
            const FieldValue value = fields_[i]->get(record);
            switch (value.type) {
                case FieldValue::Type::null:
                    out.append("null");
                    break;
                case FieldValue::Type::number:
                    out.append(std::to_string(value.number));
                    break;
                case FieldValue::Type::text:
                    append_json_string(out, value.text);
                    break;
            }
        }
        out.append("}\n");
    }

private:
    std::vector<const Field*> fields_;
};

// ---- junit ----

struct TextWriterDeleter {
    void operator()(xmlTextWriter* writer) const noexcept { xmlFreeTextWriter(writer); }
};
struct BufferDeleter {
    void operator()(xmlBuffer* buffer) const noexcept { xmlBufferFree(buffer); }
};
struct FileCloser {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};

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
    std::unique_ptr<xmlBuffer, BufferDeleter> buffer_;
    std::unique_ptr<xmlTextWriter, TextWriterDeleter> writer_;
};

std::string seconds(std::int64_t ms) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", static_cast<double>(ms) / 1000.0);
    return buffer;
}

// JUnit's counts come before its test cases, so the cases go to a temporary file as they
// arrive (memory stays flat) and the document is put together at the end.
class JunitFormatter final : public Formatter {
public:
    explicit JunitFormatter(const Options& options) : expect_(options.expect), cases_(std::tmpfile()) {
        if (!cases_) throw std::runtime_error("cannot create a temporary file for the JUnit report");
    }

    void record(const Record& record, std::string&) override {
        ++tests_;
        total_ms_ += record.elapsed_ms;
        XmlFragment xml;
        xml.start("testcase");
        xml.attribute("classname", record.origin.source + ":" + std::to_string(record.origin.line));
        xml.attribute("name", record.url);
        xml.attribute("time", seconds(record.elapsed_ms));
        if (!record.ok()) {
            ++errors_;
            xml.start("error");
            xml.attribute("type", error_kind_name(record.error_kind));
            xml.attribute("message", record.error);
            xml.end();
        } else if (!expect_.met_by(record)) {
            ++failures_;
            xml.start("failure");
            xml.attribute("type", "status");
            xml.attribute("message", "HTTP " + std::to_string(record.status.value_or(0)) + ", expected " +
                                         expect_.spec());
            xml.end();
        }
        if (record.title) {
            xml.start("system-out");
            xml.text(*record.title);
            xml.end();
        }
        xml.end();
        const std::string fragment = xml.finish();
        std::fwrite(fragment.data(), 1, fragment.size(), cases_.get());
    }

    void end(std::string& out) override {
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        const std::string counts = " tests=\"" + std::to_string(tests_) + "\" failures=\"" +
                                   std::to_string(failures_) + "\" errors=\"" + std::to_string(errors_) +
                                   "\" time=\"" + seconds(total_ms_) + "\"";
        out.append("<testsuites name=\"fetch\"" + counts + ">\n<testsuite name=\"fetch\"" + counts + ">\n");
        std::rewind(cases_.get());
        char buffer[1 << 16];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, cases_.get())) > 0;)
            out.append(buffer, n);
        out.append("</testsuite>\n</testsuites>\n");
    }

private:
    const Expectation& expect_;
    std::unique_ptr<std::FILE, FileCloser> cases_;
    std::uint64_t tests_ = 0, failures_ = 0, errors_ = 0;
    std::int64_t total_ms_ = 0;
};

}  // namespace

std::unique_ptr<Formatter> make_formatter(const Options& options, bool colour) {
    switch (options.format) {
        case Format::text:
            return std::make_unique<TextFormatter>(chosen_fields(options), colour);
        case Format::tsv:
            return std::make_unique<TsvFormatter>(chosen_fields(options), options.header);
        case Format::csv:
            return std::make_unique<CsvFormatter>(chosen_fields(options));
        case Format::jsonl:
            return std::make_unique<JsonlFormatter>(chosen_fields(options));
        case Format::junit:
            return std::make_unique<JunitFormatter>(options);
    }
    return nullptr;
}

void append_text_field(std::string& out, std::string_view text) {
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            out.push_back(' ');
        } else if (cp < 0x20 || cp == 0x7F) {
            append_escape(out, "\\x%02X", static_cast<unsigned>(cp));
        } else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
            append_escape(out, "\\u%04X", static_cast<unsigned>(cp));
        } else {
            out.append(bytes);
        }
    });
}

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
            case '"':
                out.append("\\\"");
                return;
            case '\\':
                out.append("\\\\");
                return;
            case '\n':
                out.append("\\n");
                return;
            case '\r':
                out.append("\\r");
                return;
            case '\t':
                out.append("\\t");
                return;
            default:
                break;
        }
        // Controls, DEL, C1 and the JavaScript line separators are escaped so that the line
        // is safe to print, to embed in JS, and to read back with any JSON parser.
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || is_bidi_control(cp)) {
            append_escape(out, "\\u%04x", static_cast<unsigned>(cp));
        } else {
            out.append(bytes);
        }
    });
    out.push_back('"');
}

void append_csv_cell(std::string& out, std::string_view text, bool neutralise_formula) {
    std::string cell;
    for_each_code_point(text, [&](char32_t, std::string_view bytes) { cell.append(bytes); });
    if (neutralise_formula && !cell.empty() &&
        (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' ||
         cell[0] == '\r')) {
        cell.insert(0, "'");
    }
    if (cell.find_first_of(",\"\r\n") == std::string::npos) return out.append(cell), void();
    out.push_back('"');
    for (const char c : cell) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string xml_safe(std::string_view text) {
    std::string out;
    for_each_code_point(text, [&](char32_t cp, std::string_view bytes) {
        const bool allowed =
            cp == '\t' || cp == '\n' || cp == '\r' || (cp >= 0x20 && cp != 0xFFFE && cp != 0xFFFF);
        out.append(allowed ? bytes : utf8::replacement);
    });
    return out;
}

}  // namespace fetch
