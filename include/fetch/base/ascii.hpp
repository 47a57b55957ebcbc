// ASCII-only text helpers. Web formats (URLs, HTTP headers, HTML tag and charset names) are
// case-insensitive and white-space-trimmed in ASCII only, never by locale: these do exactly
// that, and nothing more.
#pragma once

#include <string>
#include <string_view>

namespace fetch::ascii {

// "ASCII whitespace" as WHATWG defines it: tab, LF, FF, CR, space.
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

constexpr char to_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

inline std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = to_lower(c);
    return out;
}

inline std::string_view trim(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

inline bool starts_with_ci(std::string_view text, std::string_view lower_prefix) {
    if (text.size() < lower_prefix.size()) return false;
    for (std::size_t i = 0; i < lower_prefix.size(); ++i) {
        if (to_lower(text[i]) != lower_prefix[i]) return false;
    }
    return true;
}

}  // namespace fetch::ascii
