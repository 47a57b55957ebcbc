#include "fetch/html/detect.hpp"

#include <uchardet/uchardet.h>

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

// є і ї ґ and their capitals, in KOI8-U.
bool has_koi8_u_letters(std::string_view bytes) {
    return bytes.find_first_of("\xA4\xA6\xA7\xAD\xB4\xB6\xB7\xBD") != std::string_view::npos;
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
    return detectable(resolved) ? resolved : std::string_view{};
}

// A multi-byte answer rests on byte sequences that only that encoding makes valid, which
// uchardet checks as it goes; it is taken. Any other page is single-byte, where uchardet's
// letter frequencies cannot tell the Central European, Baltic and Vietnamese code pages from
// windows-1252 and the scorer can.
std::string_view detect(std::string_view bytes, std::string_view tld) {
    const std::string_view multi_byte = uchardet_guess(bytes);
    if (is_multi_byte(multi_byte)) return multi_byte;
    std::string_view single = score_single_byte(bytes, tld);
    // The scorer knows KOI8-U, which decodes KOI8-R alike and adds the Ukrainian and
    // Belarusian letters, at codes where KOI8-R has box drawing no text uses: the page is
    // named KOI8-R unless those letters are there.
    if (single == "koi8-u" && !has_koi8_u_letters(bytes)) single = "koi8-r";
    return single;
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
