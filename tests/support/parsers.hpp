// Small readers for what fetch writes, independent of fetch's own writers: a test that reads
// output back with these checks the format, not the code that produced it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fetch::test {

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// The JSON value at `pos` in `text` when it is null or a string literal (escapes decoded).
std::optional<std::string> json_string_or_null(const std::string& text, std::size_t pos);

// The value of `key` in a one-line JSON object, when it is null or a string.
std::optional<std::string> json_field(const std::string& line, const std::string& key);

// The value of a numeric key in a one-line JSON object; -1 when it is null or missing.
long long json_number(const std::string& line, const std::string& key);

// RFC 4180: rows of cells, CRLF line ends, "" for a quote inside a quoted cell.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

}  // namespace fetch::test
