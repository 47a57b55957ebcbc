// Fuzz target for the output escapers. The input, split at NUL bytes, gives a record's title,
// url, error and final_url. Oracle: jsonl and csv read back (by parsers independent of the
// writers) give the same strings, made valid UTF-8 (csv: formula-like cells with their
// leading '); text is one line, exactly two tabs, no control or C1 byte, valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fetch/base/escape.hpp"
#include "fetch/base/utf8.hpp"
#include "output/format.hpp"
#include "parsers.hpp"

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

std::string render(const fetch::Record& record, fetch::Format format, const std::string& fields) {
    fetch::OutputOptions output;
    output.format = format;
    output.fields =
        fields.empty() ? fetch::default_fields(format, false) : fetch::parse_fields(fields).value().fields;
    const auto formatter = fetch::make_formatter(output, fetch::VerdictOptions{}, false);
    std::string out;
    formatter->begin(out);
    formatter->record(record, out);
    formatter->end([&](std::string_view piece) { out.append(piece); });
    return out;
}

std::string neutralised(const std::string& cell) {
    if (!cell.empty() && std::string("=+-@\t\r").find(cell[0]) != std::string::npos) return "'" + cell;
    return cell;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> parts(4);
    std::size_t part = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0 && part < 3) {
            ++part;
        } else {
            parts[part].push_back(static_cast<char>(data[i]));
        }
    }
    fetch::Record record;
    record.title = parts[0];
    record.url = parts[1];
    record.final_url = parts[3];
    record.status = 200;
    if (!parts[2].empty()) {
        record.error_kind = fetch::ErrorKind::network;
        record.error = parts[2];
    }

    const std::string json = render(record, fetch::Format::jsonl, "title,url,error,final_url");
    check(!json.empty() && json.back() == '\n' && json.find('\n') == json.size() - 1);
    check(fetch::test::json_field(json, "title") == fetch::utf8::sanitize(parts[0]));
    check(fetch::test::json_field(json, "url") == fetch::utf8::sanitize(parts[1]));
    for (const char c : json)
        check(static_cast<unsigned char>(c) >= 0x20 || c == '\n');

    const auto rows = fetch::test::parse_csv(render(record, fetch::Format::csv, "title,url"));
    check(rows.size() == 2 && rows[1].size() == 2);
    const auto visible = [](const std::string& text) {
        std::string out;
        fetch::append_text_field(out, text);
        return out;
    };
    check(rows[1][0] == neutralised(visible(parts[0])));
    check(rows[1][1] == neutralised(visible(parts[1])));
    for (const char c : rows[1][0] + rows[1][1])
        check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F);

    const std::string text = render(record, fetch::Format::text, "");
    check(text.find('\n') == text.size() - 1 && fetch::utf8::is_valid(text));
    std::size_t tabs = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\t') ++tabs;
        check(byte >= 0x20 || byte == '\t' || byte == '\n');
        check(byte != 0x7F &&
              !(byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0));
    }
    check(tabs == 2);
    return 0;
}
