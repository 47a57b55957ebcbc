#include "char_refs.hpp"

#include <algorithm>
#include <iterator>

#include "fetch/base/utf8.hpp"
#include "encoding.hpp"

namespace fetch {

namespace {

struct NamedReference {
    std::string_view name;  // without '&'; with ';' where the table has it
    std::string_view utf8;
};

constexpr NamedReference named_references[] = {
#include "html_entities.inc"
};

constexpr std::size_t longest_name = 32;

bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_digit(char c, bool hex) {
    return (c >= '0' && c <= '9') || (hex && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
}

unsigned digit_value(char c) {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    return static_cast<unsigned>((c | 0x20) - 'a' + 10);
}

const NamedReference* find_named(std::string_view name) {
    const auto* end = std::end(named_references);
    const auto* it = std::lower_bound(std::begin(named_references), end, name,
                                      [](const NamedReference& r, std::string_view n) { return r.name < n; });
    return it != end && it->name == name ? it : nullptr;
}

// The longest table name that `text` starts with. Names are alphanumerics with an optional
// ';', so none reaches past the run of alphanumerics and the ';' after it.
const NamedReference* longest_named_prefix(std::string_view text) {
    std::size_t run = 0;
    while (run < text.size() && run < longest_name && is_ascii_alnum(text[run]))
        ++run;
    if (run < text.size() && text[run] == ';') ++run;
    for (std::size_t length = run; length > 0; --length) {
        if (const NamedReference* found = find_named(text.substr(0, length))) return found;
    }
    return nullptr;
}

char32_t numeric_code_point(std::uint32_t value) {
    if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0xFFFD;
    if (value >= 0x80 && value <= 0x9F)
        return encoding::windows1252_code_point(static_cast<unsigned char>(value));
    return value;
}

// Decodes "&#..." at the start of `text`; returns the bytes consumed, 0 when it is no reference.
std::size_t append_numeric(std::string_view text, std::string& out) {
    std::size_t pos = 2;
    const bool hex = pos < text.size() && (text[pos] == 'x' || text[pos] == 'X');
    if (hex) ++pos;
    const std::size_t digits_start = pos;
    std::uint32_t value = 0;
    for (; pos < text.size() && is_digit(text[pos], hex); ++pos) {
        value = std::min<std::uint32_t>(0x110000, value * (hex ? 16 : 10) + digit_value(text[pos]));
    }
    if (pos == digits_start) return 0;
    if (pos < text.size() && text[pos] == ';') ++pos;
    utf8::append_code_point(out, numeric_code_point(value));
    return pos;
}

}  // namespace

std::string decode_character_references(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto amp = text.find('&', i);
        out.append(text.substr(i, amp - i));
        if (amp == std::string_view::npos) break;
        const std::string_view rest = text.substr(amp);
        std::size_t consumed = 0;
        if (rest.size() > 1 && rest[1] == '#') {
            consumed = append_numeric(rest, out);
        } else if (rest.size() > 1 && is_ascii_alnum(rest[1])) {
            if (const NamedReference* found = longest_named_prefix(rest.substr(1))) {
                out.append(found->utf8);
                consumed = 1 + found->name.size();
            }
        }
        if (consumed == 0) {
            out.push_back('&');
            consumed = 1;
        }
        i = amp + consumed;
    }
    return out;
}

}  // namespace fetch
