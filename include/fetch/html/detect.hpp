// The encoding of a page that does not say it, as browsers find it (Firefox's chardetng and
// Chrome's CED do the same job): from the bytes themselves. Used only on the standard's
// fallback path: no byte order mark, no charset in Content-Type or <meta>, and bytes that are
// not UTF-8. uchardet (Debian's libuchardet) does the statistics; its answer is mapped onto
// the Encoding Standard's names, and an answer outside the Encoding Standard is no answer.
#pragma once

#include <string_view>

namespace fetch::encoding {

// The WHATWG name of the encoding `bytes` (a page's first few KiB) are most likely in, or ""
// when there is no usable answer (the caller falls back to windows-1252).
std::string_view detect(std::string_view bytes);

// ISO-2022-JP is 7-bit, so it is valid UTF-8 and never reaches detect(): its escape sequences
// (ESC $ @, ESC $ B, ESC ( J) name it.
bool has_iso_2022_jp_escapes(std::string_view bytes);

}  // namespace fetch::encoding
