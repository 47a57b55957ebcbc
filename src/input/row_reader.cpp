#include "row_reader.hpp"

#include <csv.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

void free_parser(csv_parser* parser) {
    csv_free(parser);
    delete parser;
}

// A header cell or a row, made short and printable for a one-line message.
std::string shown(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 40))
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c;
    return text.size() > 40 ? out + "..." : out;
}

std::optional<std::size_t> column_number(const std::string& field) {
    if (field.empty() || field.size() > 6 || field.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const std::size_t number = std::stoul(field);
    return number > 0 ? std::optional<std::size_t>(number - 1) : std::nullopt;
}

}  // namespace

// libcsv parses as bytes come and calls back per cell and per record; a record is taken from
// it whole, one line fed at a time, so the line where each record starts is known.
struct RecordStream::CsvState {
    CPtr<csv_parser, free_parser> parser{new csv_parser};
    std::vector<std::string> cells;
    std::size_t bytes = 0;  // fed since the record began
    bool ended = false;     // a record is complete
    bool too_long = false;

    CsvState() {
        if (csv_init(parser.get(), CSV_APPEND_NULL) != 0) throw std::bad_alloc();
    }
    static void cell(void* data, std::size_t size, void* self) {
        auto* state = static_cast<CsvState*>(self);
        state->cells.emplace_back(data ? static_cast<const char*>(data) : "", data ? size : 0);
    }
    static void row(int, void* self) { static_cast<CsvState*>(self)->ended = true; }
    void feed(std::string_view text) { csv_parse(parser.get(), text.data(), text.size(), cell, row, this); }
    void restart() {
        csv_free(parser.get());
        csv_init(parser.get(), CSV_APPEND_NULL);
        cells.clear();
        bytes = 0;
        ended = too_long = false;
    }
};

RecordStream::RecordStream(ListReader& list, InputFormat format) : list_(&list), format_(format) {
    if (format_ == InputFormat::csv) csv_ = std::make_unique<CsvState>();
}
RecordStream::~RecordStream() = default;
RecordStream::RecordStream(RecordStream&&) noexcept = default;

bool RecordStream::next(ListRecord& record) {
    record.cells.clear();
    record.error.clear();
    if (format_ == InputFormat::csv) return next_csv(record);
    if (format_ == InputFormat::tsv) return next_tsv(record);
    ListLine line;
    if (!list_->next(line)) return false;
    record.line = line.number;
    record.text = std::move(line.text);
    record.too_long = line.too_long;
    return true;
}

// A line is a record; an empty line is none. Nothing is trimmed: a cell may be empty at either end.
bool RecordStream::next_tsv(ListRecord& record) {
    ListLine line;
    do {
        if (!list_->next_raw(line)) return false;
    } while (line.text.empty() && !line.too_long);
    record.line = line.number;
    record.too_long = line.too_long;
    record.text = std::move(line.text);
    for (std::string_view rest = record.text;;) {
        const auto tab = rest.find('\t');
        record.cells.emplace_back(rest.substr(0, tab));
        if (tab == std::string_view::npos) break;
        rest.remove_prefix(tab + 1);
    }
    return true;
}

// Lines are fed until libcsv ends a record. A record past the line limit (an unterminated
// quote swallowing the list, say) is cut there: a bad_input record, and the next line starts afresh.
bool RecordStream::next_csv(ListRecord& record) {
    CsvState& csv = *csv_;
    csv.restart();
    record.text.clear();
    ListLine line;
    while (!csv.ended) {
        if (!list_->next_raw(line)) {
            if (csv.bytes == 0) return false;
            // Every line went in with its line break, so a record still open is inside quotes.
            record.error = "a quoted CSV cell does not end";
            break;
        }
        if (csv.bytes == 0 && line.text.empty() && !line.too_long) continue;  // a blank line: no record
        if (csv.bytes == 0) record.line = line.number;
        csv.too_long |= line.too_long || csv.bytes + line.text.size() > ListReader::max_line_bytes;
        if (csv.too_long) break;
        record.text.append(csv.bytes ? "\n" : "").append(line.text);
        csv.bytes += line.text.size() + 1;
        csv.feed(line.text);
        csv.feed("\n");
    }
    record.too_long = csv.too_long;
    record.cells = std::move(csv.cells);
    return true;
}

RowReader::RowReader(InputFormat format, std::string field) : format_(format), field_(std::move(field)) {
    if (format_ != InputFormat::csv && format_ != InputFormat::tsv) return;
    column_ = column_number(field_);
    wants_header_ = !column_;
}

Result<void> RowReader::header(const ListRecord& row, const std::string& list_name) {
    wants_header_ = false;
    std::string columns;
    for (std::size_t i = 0; i < row.cells.size(); ++i) {
        if (ascii::trim(row.cells[i]) == field_ && !column_) column_ = i;
        if (i < 8) columns.append(i ? ", " : "").append(shown(ascii::trim(row.cells[i])));
    }
    if (column_) return {};
    if (row.cells.size() > 8) columns += ", ...";
    return fail("--input-field " + field_ + ": the header row of " + list_name + " has no \"" + field_ +
                "\" column (it has: " + columns +
                "); a list without a header row takes the column's number, "
                "--input-field N");
}

Result<std::string> RowReader::url_of(const ListRecord& record) const {
    if (!record.error.empty()) return fail(record.error);
    if (format_ == InputFormat::lines) return record.text;
    if (format_ == InputFormat::jsonl) return json_member(record.text, field_);
    if (*column_ >= record.cells.size())
        return fail("the row has no column " + std::to_string(*column_ + 1) +
                    (column_number(field_) ? "" : " (\"" + field_ + "\")"));
    return std::string(ascii::trim(record.cells[*column_]));
}

// nlohmann::json reports a malformed text by exception: it is caught here, at the library's
// edge, and becomes the record's reason like every other.
Result<std::string> json_member(std::string_view line, std::string_view key) {
    nlohmann::json row;
    try {
        row = nlohmann::json::parse(line.begin(), line.end());
    } catch (const nlohmann::json::parse_error& error) {
        const std::string what = error.what();
        return fail("not a JSON object: " + what.substr(std::min(what.size(), what.find("] ") + 2)));
    }
    if (!row.is_object()) return fail("not a JSON object: a " + std::string(row.type_name()));
    const auto member = row.find(key);
    if (member == row.end()) return fail("it has no \"" + std::string(key) + "\" key");
    if (!member->is_string()) return fail("its \"" + std::string(key) + "\" is not a string");
    return member->get<std::string>();
}

}  // namespace fetch
