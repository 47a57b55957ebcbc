// UTF-8 decoding as the WHATWG Encoding Standard does it: each maximal invalid subpart becomes
// one U+FFFD. Everything fetch prints passes through here, so output is always valid UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fetch::utf8 {

inline constexpr std::string_view replacement = "\xEF\xBF\xBD";  // U+FFFD

enum class Step { ok, invalid, truncated };

struct Decoded {
    Step step;
    char32_t code_point;  // valid only when step == ok
    std::size_t length;   // bytes consumed (for invalid: the maximal subpart, at least 1)
};

// Decodes the sequence at the start of `bytes` (which must not be empty). `truncated` means
// the bytes so far are a valid prefix of a longer sequence that was cut off.
Decoded decode(std::string_view bytes);

bool is_valid(std::string_view bytes);

// Appends `bytes` to `out` with invalid subparts replaced. Returns the number of trailing bytes
// of an incomplete sequence that were *not* consumed when `final` is false (the caller keeps
// them for the next chunk); with `final` true they are replaced too and 0 is returned.
std::size_t append_sanitized(std::string& out, std::string_view bytes, bool final);

inline std::string sanitize(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    append_sanitized(out, bytes, true);
    return out;
}

void append_code_point(std::string& out, char32_t code_point);

// The largest length <= `most` that does not end inside a UTF-8 sequence of `text`.
inline std::size_t boundary_at_most(std::string_view text, std::size_t most) {
    if (most >= text.size()) return text.size();
    while (most > 0 && (static_cast<unsigned char>(text[most]) & 0xC0) == 0x80)
        --most;
    return most;
}

// Appends UTF-16 `bytes` (little- or big-endian) as UTF-8, unpaired surrogates as U+FFFD.
// Returns the bytes consumed: all of them when `final`, otherwise all but an incomplete code
// unit or a high surrogate still waiting for its pair.
std::size_t append_utf16(std::string& out, std::string_view bytes, bool big_endian, bool final);

}  // namespace fetch::utf8
