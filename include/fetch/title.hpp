// Extracts a page's title while its bytes arrive, and stops parsing as soon as it is known.
//
// Bytes are held back until the first 1024 are in (or the body ends), because the encoding
// is decided from them (BOM, Content-Type charset, <meta> prescan); from then on each chunk
// is decoded to UTF-8 and pushed into libxml2's HTML push parser. A SAX hook stops the parser
// at the first </title>, and XPath selects the title from the partial tree: parsing a page
// costs its head, not its whole body.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fetch {

class TitleExtractor {
public:
    // `content_type` is the response's Content-Type ("" when absent: the body must then look
    // like HTML to be parsed at all).
    explicit TitleExtractor(std::string_view content_type);
    ~TitleExtractor();
    TitleExtractor(const TitleExtractor&) = delete;
    TitleExtractor& operator=(const TitleExtractor&) = delete;

    // Feeds the next body bytes. Returns false once the result is known: the rest of the
    // body need not be read for the title.
    bool feed(std::string_view bytes);

    // The body ended (or the caller stops reading it): decide with what was seen.
    void finish();

    bool done() const { return done_; }
    // The title with ASCII white space stripped and collapsed; nullopt when there is none.
    const std::optional<std::string>& title() const { return title_; }
    // The WHATWG name of the encoding used ("" before it is decided).
    std::string_view encoding() const;

    struct Parser;

private:
    void start();
    void push(std::string_view utf8, bool final);
    void conclude();

    std::string header_charset_;
    bool must_sniff_html_;
    std::string head_;                // bytes held back until the encoding is decided
    std::unique_ptr<Parser> parser_;  // null until start(), and when the body is not HTML
    bool done_ = false;
    std::optional<std::string> title_;
};

// True when a Content-Type names a document fetch parses for a title (text/html,
// application/xhtml+xml); parameters and case are ignored.
bool is_html_content_type(std::string_view content_type);

// The WHATWG MIME sniffing rule for text/html: after leading white space, the body starts with
// a tag such as <!DOCTYPE HTML, <html, <head, <title, <body, <script, <p or a comment.
bool looks_like_html(std::string_view head);

// Strips leading and trailing ASCII white space and collapses inner runs to one space.
std::string collapse_whitespace(std::string_view text);

}  // namespace fetch
