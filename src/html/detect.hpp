// The encoding of a page that does not say it, as browsers find it (Firefox's chardetng and
// Chrome's CED do the same job): from the bytes themselves, with the page's top-level domain
// as a hint. Used only on the standard's fallback path: no byte order mark, no charset in
// Content-Type or <meta>, and bytes that are not UTF-8.
//
// Two parts, each doing what it measured best at (docs/TITLES.md has the numbers):
// - the multi-byte encodings (Shift_JIS, EUC-JP, GBK, GB18030, Big5, EUC-KR) are told by their
//   byte structure and character frequencies: uchardet (Debian's libuchardet) decides them;
// - the single-byte ones, where the same bytes are letters in every candidate, by how
//   plausible each candidate's letters are next to each other in the languages written in it
//   (detect_scorer.cpp, in the manner of chardetng; its model is generated from real text).
#pragma once

#include <string>
#include <string_view>

namespace fetch::encoding {

// The WHATWG name of the encoding `bytes` (a page's first few KiB) are most likely in, or ""
// when there is no usable answer (the caller falls back to windows-1252). `tld` is the last
// label of the page's host, lower-case ("pl", "com"), or "" when unknown.
std::string_view detect(std::string_view bytes, std::string_view tld = {});

// The last label of a host name, lower-case, as detect() takes it; "" for an IP address.
std::string top_level_domain(std::string_view host);

// ISO-2022-JP is 7-bit, so it is valid UTF-8 and never reaches detect(): its escape sequences
// (ESC $ @, ESC $ B, ESC ( J) name it.
bool has_iso_2022_jp_escapes(std::string_view bytes);

// The two parts of detect(), for the tests and for measuring them against other detectors.
// uchardet's answer, mapped onto the Encoding Standard ("" when it has none there).
std::string_view uchardet_guess(std::string_view bytes);
// The single-byte encoding the scorer finds most plausible ("" when every byte is ASCII).
std::string_view score_single_byte(std::string_view bytes, std::string_view tld = {});
// The family an encoding belongs to ("central", "baltic", "cyrillic", "japanese", ...), as
// detect_languages.py names them; "" for an encoding detection never answers.
std::string_view family_of(std::string_view encoding);
// True for the encodings of the multi-byte families (Japanese, Chinese, Korean).
bool is_multi_byte(std::string_view encoding);

}  // namespace fetch::encoding
