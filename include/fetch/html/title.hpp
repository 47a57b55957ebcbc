// Extracts a page's title (and optionally an XPath value) while its bytes arrive, and stops
// as soon as the title is known.
//
// The title is document.title as HTML5 defines it: the first title element of the HTML
// namespace in the document, its RCDATA text with character references decoded and ASCII white
// space collapsed. Which element that is, is decided by the HTML5 tokenizer and tree
// construction rules themselves (html5::TitleFinder), so foreign content, templates, raw text
// elements, framesets and the insertion modes are as a browser has them.
//
// Bytes are held back until the first 1024 are in (or the body ends, or the caller stops
// waiting), because the encoding is decided from them (encoding.hpp); from then on each chunk
// is decoded to UTF-8 and handed on. When the encoding was only guessed, the first 64 KiB are
// kept: a <meta> declaration, or an invalid UTF-8 sequence, restarts the parse in the right
// encoding (HTML5's "change the encoding"). With --xpath, libxml2 also builds a tree of the
// whole body for the expression.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"

namespace fetch {

class TitleExtractor {
public:
    // `content_type` is the response's Content-Type ("" when absent: the body must then look
    // like HTML to be parsed at all). With a non-empty `xpath`, the whole body is parsed and
    // the expression evaluated on the tree at the end.
    // Titles longer than `max_title` bytes of UTF-8 are cut at a character boundary.
    static constexpr std::size_t default_max_title = 4096;
    // The budget of a page's extraction for --xpath and --extract: what its libxml2 tree may
    // take (a page of about 1 MB of ordinary HTML fits), and the XPath operations all its
    // expressions may make (each node an axis visits counts; about 10 ms of CPU, measured in S14).
    static constexpr std::size_t tree_budget_bytes = 8u << 20;
    static constexpr unsigned long xpath_operation_limit = 1'000'000;
    // With `read_head`, parsing goes on to the end of <head> and head() has its facts.
    TitleExtractor(std::string_view content_type, std::vector<std::string> xpaths,
                   std::size_t max_title = default_max_title, bool read_head = false);
    // One expression, or none ("").
    explicit TitleExtractor(std::string_view content_type, const std::string& xpath = {},
                            std::size_t max_title = default_max_title)
        : TitleExtractor(content_type, xpath.empty() ? std::vector<std::string>{} : std::vector<std::string>{xpath},
                         max_title) {}
    ~TitleExtractor();
    TitleExtractor(const TitleExtractor&) = delete;
    TitleExtractor& operator=(const TitleExtractor&) = delete;

    // The host the page came from, before the first feed(): when the encoding has to be
    // detected, its top-level domain is a hint (.pl pages are likely Central European), as
    // browsers use it.
    void set_host(std::string_view host);

    // Feeds the next body bytes. Returns false once everything asked for is known: the rest
    // of the body need not be read.
    bool feed(std::string_view bytes);

    // The body ended (or the caller stops reading it): decide with what was seen.
    void finish();

    // Bytes are held until the first 1024 have come (the encoding is decided on them), and a
    // page that is neither UTF-8 nor declared until 8 KiB have (its encoding is detected from
    // them). When the rest is slow to come, stop waiting and go on with what is there (HTML
    // suggests not waiting more than 500 ms). Returns what feed() would: false once everything
    // is known.
    bool stop_waiting();
    bool waiting() const { return !done_ && ((!parser_ && !head_.empty()) || detecting_); }

    bool done() const { return done_; }
    // The title as document.title gives it; nullopt when the page has no title element.
    const std::optional<std::string>& title() const { return title_; }
    // The title was longer than max_title and is cut.
    bool title_cut() const { return title_cut_; }
    // Each expression's string value, in order; nullopt for an empty node-set or a page not
    // parsed. xpath_value() is the first.
    const std::vector<std::optional<std::string>>& xpath_values() const { return xpath_values_; }
    const std::optional<std::string>& xpath_value() const {
        static const std::optional<std::string> none;
        return xpath_values_.empty() ? none : xpath_values_.front();
    }
    // What the head said (read_head), references decoded and white space collapsed; URLs as
    // written, not resolved.
    const HeadFacts& head() const { return head_facts_; }
    // The hrefs of the head's <link rel~=icon> elements (read_head), in document order, as
    // written: not resolved.
    const std::vector<std::string>& icons() const { return icons_; }
    // Why the extraction was given up ("" when it was not): its budget ran out.
    const std::string& failure() const { return failure_; }
    // The WHATWG name of the encoding used ("" before it is decided), and how it was decided:
    // "bom", "header", "meta", "detected" (from the bytes) or "default" (UTF-8 while the bytes
    // are UTF-8, windows-1252 when they are not and nothing could be detected).
    std::string_view encoding() const;
    std::string_view encoding_source() const { return source_; }

    struct Parser;

private:
    // Decides the encoding from the first bytes and creates the parser; returns the length of
    // the byte order mark to skip.
    std::size_t start(std::string_view head);
    bool push_in_slices(std::string_view bytes);
    void push(std::string_view bytes, bool final);
    void parse(std::string_view bytes, bool final);
    void restart_if_misdecoded(bool final);
    void restart(const std::string& next, bool final);
    std::string detected_encoding();
    void take_title();
    void conclude();
    void cut_title();

    std::string header_charset_;
    std::string tld_;  // of the page's host, for detection
    bool must_sniff_html_;
    std::vector<std::string> xpaths_;
    std::string head_;                // bytes held back until the encoding is decided
    std::string raw_;                 // the body so far, while a wrong guess can be undone
    std::size_t pushed_ = 0;          // bytes handed to the parser so far
    bool guessing_ = false;           // the encoding is a guess that may still change
    std::unique_ptr<Parser> parser_;  // null until start(), when the body is not HTML, and once done
    std::string encoding_;            // the WHATWG name of the encoding in use
    std::string_view source_;         // how it was decided (encoding_source())
    bool detecting_ = false;          // not UTF-8: gathering bytes to detect the encoding
    bool done_ = false;
    std::size_t max_title_;
    std::optional<std::string> title_;
    bool title_cut_ = false;
    std::vector<std::optional<std::string>> xpath_values_;
    bool read_head_;
    HeadFacts head_facts_;
    std::vector<std::string> icons_;
    std::string failure_;
};

// True when a Content-Type names a document fetch parses for a title (text/html,
// application/xhtml+xml); parameters and case are ignored.
bool is_html_content_type(std::string_view content_type);

// The WHATWG MIME sniffing rule for text/html: after leading white space, the body starts with
// a tag such as <!DOCTYPE HTML, <html, <head, <title, <body, <script, <p or a comment.
bool looks_like_html(std::string_view head);

// Strips leading and trailing ASCII white space and collapses inner runs to one space.
std::string collapse_whitespace(std::string_view text);

// Checks that `expression` is valid XPath 1.0.
Result<void> check_xpath(const std::string& expression);

// libxml2's process-wide state: made in main before any thread starts, gone after they end.

class HtmlLibrary {
public:
    HtmlLibrary();
    ~HtmlLibrary();
    HtmlLibrary(const HtmlLibrary&) = delete;
    HtmlLibrary& operator=(const HtmlLibrary&) = delete;

    static std::string version();  // "libxml2 2.9.14"
};

}  // namespace fetch
