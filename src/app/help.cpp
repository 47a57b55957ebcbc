// --help, printed from the tables: options (option_table.cpp), formats, fields, error kinds
// and exit statuses. Nothing here names an option or a value itself, so help cannot drift
// from what the program does. Lines stay within 80 columns.
#include <string>
#include <string_view>

#include "fetch/app/cli.hpp"
#include "fetch/app/exit_status.hpp"
#include "fetch/app/option_table.hpp"

namespace fetch {

namespace {

constexpr std::size_t width = 80;
constexpr std::size_t indent = 24;  // where the description column starts

// Appends `text` word by word, wrapped at `width`, continuation lines indented to `indent`.
void append_wrapped(std::string& out, std::string_view text, std::size_t column) {
    while (!text.empty()) {
        const auto space = text.find(' ');
        const std::string_view word = text.substr(0, space);
        if (column > indent && column + 1 + word.size() > width) {
            out.append("\n").append(indent, ' ');
            column = indent;
        } else if (column > indent) {
            out.push_back(' ');
            ++column;
        }
        out.append(word);
        column += word.size();
        text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    }
    out.push_back('\n');
}

// "  -j, --jobs N" padded to the description column (or on a line of its own when longer).
void append_row(std::string& out, const std::string& left, std::string_view description) {
    out.append(left);
    if (left.size() + 2 > indent) {
        out.append("\n").append(indent, ' ');
    } else {
        out.append(indent - left.size(), ' ');
    }
    append_wrapped(out, description, indent);
}

std::string option_label(const OptionSpec& option) {
    if (is_positional(option)) return "  " + std::string(option.value_name);
    std::string names = comma_spaced(option.names);
    if (names.rfind("--", 0) == 0) names.insert(0, "    ");  // long only: align with "-x, --long"
    std::string label = "  " + names;
    if (!option.value_name.empty()) label += " " + std::string(option.value_name);
    return label;
}

// The help line, then "(default 16; also --parallel-max)".
std::string option_description(const OptionSpec& option) {
    std::string notes;
    if (!option.default_value.empty()) notes = "default " + std::string(option.default_value);
    if (!option.aliases.empty()) notes += (notes.empty() ? "also " : "; also ") + comma_spaced(option.aliases);
    return std::string(option.help) + (notes.empty() ? "" : " (" + notes + ")");
}

void append_options(std::string& out, bool all) {
    for (const auto& group : named_values<OptionGroup>()) {
        bool heading = false;
        for (const OptionSpec& option : option_table()) {
            if (option.group != group.id || !(all || option.common)) continue;
            if (!heading) out.append("\n").append(group.name).append(":\n");
            heading = true;
            append_row(out, option_label(option), option_description(option));
        }
    }
}

template <typename E>
void append_named(std::string& out, std::string_view heading) {
    out.append("\n").append(heading).append(":\n");
    for (const auto& entry : named_values<E>())
        append_row(out, "  " + std::string(entry.name), entry.description);
}

void append_fields(std::string& out) {
    out.append("\nFields (--fields):\n");
    for (const Field& field : all_fields())
        append_row(out, "  " + field_label(field), field.description);
}

void append_exit_statuses(std::string& out) {
    out.append("\nExit status:\n");
    for (const ExitStatus& status : exit_statuses())
        append_row(out, "  " + std::to_string(status.code), status.meaning);
}

}  // namespace

std::string help_text(bool all) {
    std::string out =
        "Usage: fetch [OPTIONS] [LIST...]\n"
        "Fetch URLs concurrently and print each one's HTTP status and page title.\n"
        "A URL without a scheme gets https://; only http and https are fetched. With no\n"
        "list and no --url, stdin is read when it is not a terminal. A LIST that is not\n"
        "a file but an http(s) URL is fetched as that URL.\n";
    append_options(out, all);
    if (all) {
        append_named<Format>(out, "Formats (--format)");
        append_fields(out);
        append_named<ErrorKind>(out, "Error kinds (error_kind)");
    }
    append_exit_statuses(out);
    if (!all) out.append("\nRun 'fetch --help all' for every option, the formats and the fields.\n");
    return out;
}

}  // namespace fetch
