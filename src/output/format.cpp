#include "format.hpp"

#include <stdexcept>

#include "fetch/base/escape.hpp"

namespace fetch {

namespace {

// ---- text and tsv ----

// Before the status of a record that missed its expectation, where a person reads it: ERR
// says as much for a record without a response, but "200" alone would read as a success.
constexpr std::string_view failure_mark = "\u2717 ";  // ✗

// A record that missed its expectation (the verdict judged it before it is formatted) is a
// failure whatever its status: a 200 whose title missed is not green.
bool missed(const Record& record) {
    return record.ok() && !record.met;
}

const char* status_colour(const Record& record) {
    if (!record.ok() || !record.status || missed(record)) return "\x1b[1;31m";  // bold red
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
    TextFormatter(FieldSelection fields, bool colour, bool marks)
        : fields_(std::move(fields)), colour_(colour), marks_(marks) {}

    void record(const Record& record, std::string& out) override {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back('\t');
            const Field& field = *fields_[i].field;
            if (field.text_role == TextRole::status) {
                append_status(record, out);
            } else if (!record.ok() && field.text_role == TextRole::message) {
                append_text_field(out, std::string(error_kind_name(record.error_kind)) + ": " + record.error);
            } else {
                append_text_field(out, fields_[i].value(record).to_string());
            }
        }
        out.push_back('\n');
    }

private:
    void append_status(const Record& record, std::string& out) const {
        std::string status = record.ok() ? std::to_string(record.status.value_or(0)) : "ERR";
        if (marks_ && missed(record)) status.insert(0, failure_mark);
        if (!colour_) return out.append(status), void();
        out.append(status_colour(record)).append(status).append("\x1b[0m");
    }

    FieldSelection fields_;
    bool colour_;
    bool marks_;
};

class TsvFormatter final : public Formatter {
public:
    TsvFormatter(FieldSelection fields, bool header) : fields_(std::move(fields)), header_(header) {}

    void begin(std::string& out) override {
        if (!header_) return;
        for (std::size_t i = 0; i < fields_.size(); ++i)
            out.append(i ? "\t" : "").append(fields_[i].key);
        out.push_back('\n');
    }
    void record(const Record& record, std::string& out) override {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back('\t');
            append_text_field(out, fields_[i].value(record).to_string());
        }
        out.push_back('\n');
    }

private:
    FieldSelection fields_;
    bool header_;
};

// ---- csv ----

class CsvFormatter final : public Formatter {
public:
    explicit CsvFormatter(FieldSelection fields) : fields_(std::move(fields)) {}

    void begin(std::string& out) override {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back(',');
            append_csv_cell(out, fields_[i].key);
        }
        out.append("\r\n");
    }
    void record(const Record& record, std::string& out) override {
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back(',');
            const FieldValue value = fields_[i].value(record);
            append_csv_cell(out, value.to_string(),
                            value.type == FieldValue::Type::text || value.type == FieldValue::Type::structured);
        }
        out.append("\r\n");
    }

private:
    FieldSelection fields_;
};

// ---- jsonl ----

void append_json_value(std::string& out, const FieldValue& value) {
    switch (value.type) {
        case FieldValue::Type::null:
            out.append("null");
            return;
        case FieldValue::Type::number:
            out.append(std::to_string(value.number));
            return;
        case FieldValue::Type::real:
            out.append(value.to_string());
            return;
        case FieldValue::Type::text:
            append_json_string(out, value.text);
            return;
        case FieldValue::Type::structured:
            out.append(value.json);
            return;
        case FieldValue::Type::boolean:
            out.append(value.number ? "true" : "false");
            return;
    }
}

class JsonlFormatter final : public Formatter {
public:
    explicit JsonlFormatter(FieldSelection fields) : fields_(std::move(fields)) {}

    void record(const Record& record, std::string& out) override {
        out.push_back('{');
        for (std::size_t i = 0; i < fields_.size(); ++i) {
            if (i > 0) out.push_back(',');
            out.push_back('"');
            out.append(fields_[i].key);
            out.append("\":");
            append_json_value(out, fields_[i].value(record));
        }
        out.append("}\n");
    }

private:
    FieldSelection fields_;
};

// ---- -w TEMPLATE ----

class WriteOutFormatter final : public Formatter {
public:
    explicit WriteOutFormatter(WriteOut write_out) : write_out_(std::move(write_out)) {}

    void record(const Record& record, std::string& out) override { write_out_.write(record, out); }

private:
    WriteOut write_out_;
};

}  // namespace

std::unique_ptr<Formatter> make_formatter(const OutputOptions& output, const VerdictOptions& verdict,
                                          bool colour, bool marks, RecordDatabase* database) {
    if (output.write_out_template) return std::make_unique<WriteOutFormatter>(*output.write_out_template);
    switch (output.format) {
        case Format::text:
            return std::make_unique<TextFormatter>(output.fields, colour, marks);
        case Format::tsv:
            return std::make_unique<TsvFormatter>(output.fields, output.header_row);
        case Format::csv:
            return std::make_unique<CsvFormatter>(output.fields);
        case Format::jsonl:
            return std::make_unique<JsonlFormatter>(output.fields);
        case Format::junit:
            return make_junit_formatter(verdict.expect);
        case Format::sqlite:
            if (!database) throw std::logic_error("--format sqlite without its database");
            return make_sqlite_formatter(*database);
    }
    return nullptr;
}

}  // namespace fetch
