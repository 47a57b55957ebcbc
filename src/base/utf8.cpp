#include "fetch/base/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace fetch::utf8 {

namespace {

// Length of the leading run of ASCII bytes, tested 8 at a time: most of a page is ASCII
// markup, and a byte-at-a-time loop was most of the cost of decoding it.
std::size_t ascii_prefix(std::string_view bytes) {
    constexpr std::uint64_t high_bits = 0x8080808080808080u;
    std::size_t n = 0;
    for (std::uint64_t word = 0; n + sizeof word <= bytes.size(); n += sizeof word) {
        std::memcpy(&word, bytes.data() + n, sizeof word);
        if (word & high_bits) break;
    }
    while (n < bytes.size() && static_cast<unsigned char>(bytes[n]) < 0x80)
        ++n;
    return n;
}

bool is_continuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

// Expected sequence length and the allowed range of the second byte, per lead byte; the
// narrowed ranges exclude overlongs (E0, F0), surrogates (ED) and values past U+10FFFF (F4).
struct Lead {
    std::size_t length;
    unsigned char low, high;
    char32_t bits;
};

Lead classify(unsigned char b) {
    if (b >= 0xC2 && b <= 0xDF) return {2, 0x80, 0xBF, b & 0x1Fu};
    if (b == 0xE0) return {3, 0xA0, 0xBF, b & 0x0Fu};
    if (b == 0xED) return {3, 0x80, 0x9F, b & 0x0Fu};
    if (b >= 0xE1 && b <= 0xEF) return {3, 0x80, 0xBF, b & 0x0Fu};
    if (b == 0xF0) return {4, 0x90, 0xBF, b & 0x07u};
    if (b == 0xF4) return {4, 0x80, 0x8F, b & 0x07u};
    if (b >= 0xF1 && b <= 0xF3) return {4, 0x80, 0xBF, b & 0x07u};
    return {0, 0, 0, 0};
}

}  // namespace

Decoded decode(std::string_view bytes) {
    const auto first = static_cast<unsigned char>(bytes[0]);
    if (first < 0x80) return {Step::ok, first, 1};
    const Lead lead = classify(first);
    if (lead.length == 0) return {Step::invalid, 0, 1};

    char32_t code_point = lead.bits;
    for (std::size_t i = 1; i < lead.length; ++i) {
        if (i >= bytes.size()) return {Step::truncated, 0, i};
        const auto byte = static_cast<unsigned char>(bytes[i]);
        const bool in_range = i == 1 ? (byte >= lead.low && byte <= lead.high) : is_continuation(byte);
        if (!in_range) return {Step::invalid, 0, i};
        code_point = (code_point << 6) | (byte & 0x3Fu);
    }
    return {Step::ok, code_point, lead.length};
}

bool is_valid(std::string_view bytes) {
    while (!bytes.empty()) {
        bytes.remove_prefix(ascii_prefix(bytes));
        if (bytes.empty()) break;
        const Decoded d = decode(bytes);
        if (d.step != Step::ok) return false;
        bytes.remove_prefix(d.length);
    }
    return true;
}

std::size_t append_sanitized(std::string& out, std::string_view bytes, bool final) {
    while (!bytes.empty()) {
        // Fast path: runs of ASCII are copied as they are.
        const std::size_t ascii = ascii_prefix(bytes);
        out.append(bytes.substr(0, ascii));
        bytes.remove_prefix(ascii);
        if (bytes.empty()) break;

        const Decoded d = decode(bytes);
        if (d.step == Step::truncated && !final) return bytes.size();
        if (d.step == Step::ok) {
            out.append(bytes.substr(0, d.length));
        } else {
            out.append(replacement);
        }
        bytes.remove_prefix(d.length);
    }
    return 0;
}

void append_code_point(std::string& out, char32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        out.append(replacement);
    } else if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::size_t append_utf16(std::string& out, std::string_view bytes, bool big_endian, bool final) {
    const auto unit_at = [&](std::size_t i) {
        const auto a = static_cast<unsigned char>(bytes[i]), b = static_cast<unsigned char>(bytes[i + 1]);
        return static_cast<char32_t>(big_endian ? (a << 8) | b : (b << 8) | a);
    };
    std::size_t i = 0;
    while (i + 2 <= bytes.size()) {
        const char32_t unit = unit_at(i);
        if (unit >= 0xD800 && unit <= 0xDBFF) {  // a high surrogate: its pair follows
            if (i + 4 > bytes.size() && !final) break;
            const char32_t low = i + 4 <= bytes.size() ? unit_at(i + 2) : 0;
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_code_point(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                i += 4;
                continue;
            }
        }
        append_code_point(out, unit >= 0xD800 && unit <= 0xDFFF ? 0xFFFD : unit);
        i += 2;
    }
    if (final && i < bytes.size()) {
        out.append(replacement);
        i = bytes.size();
    }
    return i;
}

}  // namespace fetch::utf8
