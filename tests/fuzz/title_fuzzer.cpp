// Fuzz target for the title extractor, encoding sniffing included.
//
// Input: byte 0 picks the Content-Type (none, plain text/html, or a charset among the
// encodings fetch decodes) and --xpath on or off; byte 1 picks the chunk size the body is fed
// in; the rest is the body. Oracle: no crash, no sanitizer report, and whatever title comes
// out is valid UTF-8 without ASCII white space at either end or twice in a row.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/base/utf8.hpp"
#include "fetch/html/title.hpp"

namespace {

constexpr const char* content_types[] = {
    "",
    "text/html",
    "text/html; charset=utf-8",
    "text/html; charset=windows-1252",
    "text/html; charset=shift_jis",
    "text/html; charset=iso-2022-jp",
    "text/html; charset=gb18030",
    "text/html; charset=big5",
    "text/html; charset=euc-kr",
    "text/html; charset=utf-16le",
    "text/html; charset=koi8-u",
    "application/xhtml+xml",
};

bool is_collapsed(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; };
    if (!text.empty() && (space(text.front()) || space(text.back()))) return false;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (space(text[i]) && (text[i] != ' ' || space(text[i - 1]))) return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t type = data[0] % std::size(content_types);
    const bool with_xpath = (data[0] / std::size(content_types)) % 2 == 1;
    const bool read_head = (data[0] / std::size(content_types)) % 4 >= 2;  // the head fields' path
    const std::size_t chunk = 1 + data[1] % 64 * (data[1] >= 128 ? 257 : 1);
    const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);

    constexpr std::size_t max_title = 256;
    const auto extract = [&](std::size_t piece) {
        std::vector<std::string> xpaths;
        if (with_xpath) xpaths.emplace_back("string(//meta/@content)");
        fetch::TitleExtractor extractor(content_types[type], xpaths, max_title, read_head);
        for (std::size_t at = 0; at < body.size() && extractor.feed(body.substr(at, piece)); at += piece) {
        }
        extractor.finish();
        for (const auto* value : {&extractor.title(), &extractor.xpath_value()}) {
            if (*value && (!fetch::utf8::is_valid(**value) || !is_collapsed(**value))) std::abort();
        }
        if (extractor.title() && extractor.title()->size() > max_title) std::abort();
        for (const auto& fact : extractor.head()) {
            if (fact && (!fetch::utf8::is_valid(*fact) || !is_collapsed(*fact))) std::abort();
        }
        return std::make_pair(extractor.title(), extractor.head());
    };
    // Where the chunks are cut must not change the title or the head's facts: every state
    // survives a boundary.
    if (extract(chunk) != extract(body.size() + 1)) std::abort();
    return 0;
}
