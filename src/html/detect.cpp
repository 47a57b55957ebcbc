#include "fetch/html/detect.hpp"

#include <uchardet/uchardet.h>

#include <algorithm>
#include <iterator>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/html/encoding.hpp"

namespace fetch::encoding {

namespace {

// Encodings the Encoding Standard has a name for but that no page may be detected as: the
// UTF-16 family needs a byte order mark, and "replacement" stands for the encodings that
// browsers refuse to decode (ISO-2022-KR, HZ, ISO-2022-CN).
bool detectable(std::string_view name) {
    return !name.empty() && name != "replacement" && name != "utf-16le" && name != "utf-16be" &&
           name != "utf-8" && name != "x-user-defined";
}

// A multi-byte answer (Shift_JIS, EUC-JP, GBK, GB18030, Big5, EUC-KR) rests on byte sequences
// that only that encoding makes valid, and a Cyrillic, Greek, Hebrew, Arabic or Thai one on
// bytes that are letters there and rarely anything a Western page writes. A Latin-script
// answer other than windows-1252 (windows-1250, ISO-8859-2, windows-1254, ...) only weighs
// letter frequencies against windows-1252's, which a few accented words cannot settle: below
// this many non-ASCII bytes it is not taken, and the page stays windows-1252, the fallback.
constexpr std::size_t latin_evidence = 32;

bool is_other_latin(std::string_view name) {
    static constexpr std::string_view latin[] = {
        "windows-1250", "windows-1254", "windows-1257", "windows-1258", "iso-8859-2",
        "iso-8859-3",   "iso-8859-4",   "iso-8859-10",  "iso-8859-13",  "iso-8859-14",
        "iso-8859-15",  "iso-8859-16",  "macintosh"};
    return std::find(std::begin(latin), std::end(latin), name) != std::end(latin);
}

std::size_t non_ascii(std::string_view bytes) {
    std::size_t count = 0;
    for (const char c : bytes)
        count += static_cast<unsigned char>(c) >= 0x80 ? 1 : 0;
    return count;
}

// є і ї ґ and their capitals, in KOI8-U.
bool has_koi8_u_letters(std::string_view bytes) {
    return bytes.find_first_of("\xA4\xA6\xA7\xAD\xB4\xB6\xB7\xBD") != std::string_view::npos;
}

}  // namespace

std::string_view detect(std::string_view bytes) {
    const CPtr<uchardet, uchardet_delete> detector(uchardet_new());
    if (!detector || uchardet_handle_data(detector.get(), bytes.data(), bytes.size()) != 0) return {};
    uchardet_data_end(detector.get());
    const char* name = uchardet_get_charset(detector.get());
    // uchardet spells names its own way (SHIFT_JIS, WINDOWS-1251, MAC-CYRILLIC): the WHATWG
    // label table knows most; the rest are not web encodings.
    std::string label = ascii::lower(name ? name : "");
    if (label == "mac-cyrillic") label = "x-mac-cyrillic";
    if (label == "uhc" || label == "cp949") label = "euc-kr";  // the standard's euc-kr is UHC
    std::string_view resolved = resolve_label(label);
    if (!detectable(resolved)) return {};
    if (is_other_latin(resolved) && non_ascii(bytes) < latin_evidence) return {};
    // uchardet knows KOI8-R only; the standard's KOI8-U decodes it alike and adds the Ukrainian
    // and Belarusian letters, at codes where KOI8-R has box drawing no text uses.
    if (resolved == "koi8-r" && has_koi8_u_letters(bytes)) resolved = "koi8-u";
    return resolved;
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
