// Which encoding a page is in (the WHATWG sniffing order), and a streaming decoder to UTF-8.
//
// fetch hands libxml2 nothing but UTF-8: the parser's own detection (no BOM check on the push
// path, ISO-8859-1 at the first non-ASCII byte) is what garbles titles, so it is bypassed.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace fetch::encoding {

// The code point windows-1252 maps byte `b` to (HTML5 also uses it for &#128;-&#159;).
char32_t windows1252_code_point(unsigned char b);

// The encoding a <meta> declaration found while parsing switches to (HTML5 "change the
// encoding"): UTF-16 means UTF-8, x-user-defined means windows-1252; "" for unknown labels.
std::string_view meta_encoding(std::string_view label);

// The WHATWG name of a label ("latin1" -> "windows-1252"), or "" for an unknown label.
std::string_view resolve_label(std::string_view label);

// The charset parameter of a Content-Type value, unresolved; "" when absent.
std::string charset_parameter(std::string_view content_type);

// The WHATWG prescan of a document's first bytes for <meta charset> or
// <meta http-equiv="Content-Type" content="...;charset=...">. Returns the resolved name or "".
std::string_view prescan(std::string_view head);

// How a page's encoding was decided, in WHATWG order.
enum class Source { bom, header, meta, guess };

struct Sniffed {
    std::string_view encoding;  // WHATWG name; "auto" when guessing (see Decoder)
    std::size_t bom_length;     // bytes to skip
    Source source;
};

inline constexpr std::size_t prescan_bytes = 1024;

// `head` is the first prescan_bytes of the body (or all of it, if shorter).
Sniffed sniff(std::string_view head, std::string_view header_charset);

// Decodes a byte stream in any supported encoding to valid UTF-8, chunk by chunk; sequences
// cut by a chunk boundary are carried over. "auto" decodes UTF-8 until the first invalid
// sequence and windows-1252 from there on: the streaming form of "UTF-8 if valid, else
// windows-1252".
class Decoder {
public:
    explicit Decoder(std::string_view encoding);
    ~Decoder();
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    void decode(std::string_view bytes, std::string& out, bool final);
    std::string_view encoding() const { return encoding_; }
    // The encoding the bytes decode as so far: for "auto", utf-8 until the first invalid
    // sequence and windows-1252 after it.
    std::string_view effective_encoding() const;

    class Impl;

private:
    std::string encoding_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fetch::encoding
