#include "detect.hpp"

#include <uchardet/uchardet.h>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "encoding.hpp"

namespace fetch::encoding {

namespace {

// Encodings the Encoding Standard has a name for but that no page may be detected as: the
// UTF-16 family needs a byte order mark, and "replacement" stands for the encodings that
// browsers refuse to decode (ISO-2022-KR, HZ, ISO-2022-CN).
bool detectable(std::string_view name) {
    return !name.empty() && name != "replacement" && name != "utf-16le" && name != "utf-16be" &&
           name != "utf-8" && name != "x-user-defined";
}

// ---- Could the bytes be in a multi-byte encoding at all? ----
//
// uchardet costs most of a millisecond on 8 KiB, the scorer a hundredth of that. A page whose
// bytes break the structure of every multi-byte encoding (a letter byte of windows-1250
// followed by a space is no lead and trail of any) is not given to uchardet, which would
// rule each of them out on the same grounds. Each function gives the length of the character
// that starts at `at`, or 0 where none can; a character cut by the end of the bytes counts.

bool in(unsigned char b, unsigned char low, unsigned char high) {
    return b >= low && b <= high;
}

unsigned char byte_at(std::string_view bytes, std::size_t at) {
    return at < bytes.size() ? static_cast<unsigned char>(bytes[at]) : 0x80;  // past the end: anything goes
}

std::size_t shift_jis_length(std::string_view bytes, std::size_t at) {
    const unsigned char lead = byte_at(bytes, at), trail = byte_at(bytes, at + 1);
    if (lead < 0x80 || in(lead, 0xA1, 0xDF)) return 1;
    const bool is_lead = in(lead, 0x81, 0x9F) || in(lead, 0xE0, 0xFC);
    return is_lead && (in(trail, 0x40, 0x7E) || in(trail, 0x80, 0xFC)) ? 2 : 0;
}

std::size_t euc_jp_length(std::string_view bytes, std::size_t at) {
    const unsigned char lead = byte_at(bytes, at), trail = byte_at(bytes, at + 1);
    if (lead < 0x80) return 1;
    if (lead == 0x8E) return in(trail, 0xA1, 0xDF) ? 2 : 0;
    if (lead == 0x8F) return in(trail, 0xA1, 0xFE) && in(byte_at(bytes, at + 2), 0xA1, 0xFE) ? 3 : 0;
    return in(lead, 0xA1, 0xFE) && in(trail, 0xA1, 0xFE) ? 2 : 0;
}

std::size_t gb18030_length(std::string_view bytes, std::size_t at) {
    const unsigned char lead = byte_at(bytes, at), trail = byte_at(bytes, at + 1);
    if (lead < 0x80) return 1;
    if (!in(lead, 0x81, 0xFE)) return 0;
    if (in(trail, 0x30, 0x39))  // four bytes: lead, digit, lead, digit
        return in(byte_at(bytes, at + 2), 0x81, 0xFE) && in(byte_at(bytes, at + 3), 0x30, 0x39) ? 4 : 0;
    return in(trail, 0x40, 0x7E) || in(trail, 0x80, 0xFE) ? 2 : 0;
}

std::size_t big5_length(std::string_view bytes, std::size_t at) {
    const unsigned char lead = byte_at(bytes, at), trail = byte_at(bytes, at + 1);
    if (lead < 0x80) return 1;
    return in(lead, 0x81, 0xFE) && (in(trail, 0x40, 0x7E) || in(trail, 0xA1, 0xFE)) ? 2 : 0;
}

std::size_t euc_kr_length(std::string_view bytes, std::size_t at) {  // UHC, as the standard's euc-kr
    const unsigned char lead = byte_at(bytes, at), trail = byte_at(bytes, at + 1);
    if (lead < 0x80) return 1;
    const bool is_trail = in(trail, 0x41, 0x5A) || in(trail, 0x61, 0x7A) || in(trail, 0x81, 0xFE);
    return in(lead, 0x81, 0xFE) && is_trail ? 2 : 0;
}

bool well_formed(std::string_view bytes, std::size_t (*length)(std::string_view, std::size_t)) {
    for (std::size_t at = 0; at < bytes.size();) {
        const std::size_t step = length(bytes, at);
        if (step == 0) return false;
        at += step;
    }
    return true;
}

bool could_be_multi_byte(std::string_view bytes) {
    for (const auto length : {shift_jis_length, euc_jp_length, gb18030_length, big5_length, euc_kr_length}) {
        if (well_formed(bytes, length)) return true;
    }
    return false;
}

// є і ї ґ and their capitals, in KOI8-U.
bool has_koi8_u_letters(std::string_view bytes) {
    return bytes.find_first_of("\xA4\xA6\xA7\xAD\xB4\xB6\xB7\xBD") != std::string_view::npos;
}

// KOI8-U decodes KOI8-R alike and adds the Ukrainian and Belarusian letters, at codes where
// KOI8-R has box drawing no text uses: a KOI8 page is named KOI8-R unless those letters are
// there (uchardet knows KOI8-R only, the scorer KOI8-U only).
std::string_view koi8_as_written(std::string_view found, std::string_view bytes) {
    if (found != "koi8-r" && found != "koi8-u") return found;
    return has_koi8_u_letters(bytes) ? "koi8-u" : "koi8-r";
}

}  // namespace

std::string_view uchardet_guess(std::string_view bytes) {
    const CPtr<uchardet, uchardet_delete> detector(uchardet_new());
    if (!detector || uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) != 0) return {};
    uchardet_data_end(detector.get());
    const char* name = uchardet_get_charset(detector.get());
    // uchardet spells names its own way (SHIFT_JIS, WINDOWS-1251, MAC-CYRILLIC): the WHATWG
    // label table knows most; the rest are not web encodings.
    std::string label = ascii::lower(name ? name : "");
    if (label == "mac-cyrillic") label = "x-mac-cyrillic";
    if (label == "uhc" || label == "cp949") label = "euc-kr";  // the standard's euc-kr is UHC
    const std::string_view resolved = resolve_label(label);
    return detectable(resolved) ? koi8_as_written(resolved, bytes) : std::string_view{};
}

// A multi-byte answer rests on byte sequences that only that encoding makes valid, which
// uchardet checks as it goes; it is taken. Any other page is single-byte, where uchardet's
// letter frequencies cannot tell the Central European, Baltic and Vietnamese code pages from
// windows-1252 and the scorer can.
std::string_view detect(std::string_view bytes, std::string_view tld) {
    if (could_be_multi_byte(bytes)) {
        const std::string_view multi_byte = uchardet_guess(bytes);
        if (is_multi_byte(multi_byte)) return multi_byte;
    }
    return koi8_as_written(score_single_byte(bytes, tld), bytes);
}

bool has_iso_2022_jp_escapes(std::string_view bytes) {
    for (auto at = bytes.find('\x1b'); at != std::string_view::npos && at + 2 < bytes.size();
         at = bytes.find('\x1b', at + 1)) {
        const std::string_view escape = bytes.substr(at + 1, 2);
        if (escape == "$@" || escape == "$B" || escape == "(J") return true;
    }
    return false;
}

}  // namespace fetch::encoding
