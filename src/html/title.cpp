#include "fetch/html/title.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/utf8.hpp"
#include "fetch/html/char_refs.hpp"
#include "fetch/html/encoding.hpp"

namespace fetch {

namespace {

void free_xml_string(xmlChar* text) {
    xmlFree(text);  // a macro-like global function pointer in libxml2, not a function
}

constexpr int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT;

// A <title> below one of these is not the document's title: foreign content and template
// contents are other trees, and libxml2 parses as markup what HTML5 keeps as text here.
bool hides_titles(const char* tag) {
    static constexpr const char* tags[] = {"svg",     "math",     "template",  "textarea", "iframe",  "xmp",
                                           "noembed", "noframes", "plaintext", "select",   "frameset"};
    for (const char* hidden : tags) {
        if (std::strcmp(tag, hidden) == 0) return true;
    }
    return false;
}

// Called from the start hook of a <title>: the parser's stack of open elements then ends with
// the title itself, and holds its ancestors below it. No tree is needed to read them.
bool is_document_title(const htmlParserCtxt& context) {
    for (int i = 0; i + 1 < context.nameNr; ++i) {
        if (hides_titles(reinterpret_cast<const char*>(context.nameTab[i]))) return false;
    }
    return true;
}

// The encoding a <meta charset> or <meta http-equiv=content-type content=...> declares.
std::string_view declared_encoding(const xmlChar** attributes) {
    std::string_view charset, content;
    bool content_type_pragma = false;
    for (const xmlChar** a = attributes; a && a[0]; a += 2) {
        const std::string name = ascii::lower(reinterpret_cast<const char*>(a[0]));
        const std::string_view value = a[1] ? reinterpret_cast<const char*>(a[1]) : "";
        if (name == "charset") charset = value;
        if (name == "content") content = value;
        if (name == "http-equiv") content_type_pragma = ascii::lower(ascii::trim(value)) == "content-type";
    }
    if (!charset.empty()) return encoding::meta_encoding(charset);
    if (content_type_pragma) return encoding::meta_encoding(encoding::charset_parameter(content));
    return {};
}

constexpr std::size_t restart_window = 64 * 1024;

// Where the RCDATA end tag "</title" (followed by white space, '/' or '>', any case) starts
// in `text`, searching from `from`: npos when it is not there, need_more when `text` ends
// inside what may still become one.
constexpr std::size_t need_more = std::string::npos - 1;

std::size_t find_title_end(std::string_view text, std::size_t from) {
    constexpr std::string_view name = "title";
    for (auto at = text.find("</", from); at != std::string_view::npos; at = text.find("</", at + 2)) {
        const std::string_view rest = text.substr(at + 2);
        if (rest.size() <= name.size()) {  // cut short: wait if it is a prefix of "title>"
            if (ascii::starts_with_ci(name, ascii::lower(rest))) return need_more;
            continue;
        }
        if (!ascii::starts_with_ci(rest, name)) continue;
        const char next = rest[name.size()];
        if (next == '>' || next == '/' || ascii::is_space(next)) return at;
    }
    return std::string_view::npos;
}

// RCDATA text as document.title shows it: NUL replaced, references decoded, space collapsed.
std::string title_text(std::string_view raw) {
    std::string text;
    text.reserve(raw.size());
    for (const char c : raw) {
        if (c == '\0') {
            text.append(utf8::replacement);
        } else {
            text.push_back(c);
        }
    }
    return collapse_whitespace(decode_character_references(text));
}

}  // namespace

// The libxml2 push parser, the tree it builds for --xpath, and the decoded source kept for
// the title.
struct TitleExtractor::Parser {
    Parser(std::string_view encoding_name, bool whole_body)
        : decoder(encoding_name), parse_whole_body(whole_body) {
        // Without --xpath no tree is built: the only SAX event handled is a start tag, whose
        // ancestors the parser's own element stack gives. A page then costs no allocation
        // per node, and the parser's structure (implied and auto-closed elements) is the same.
        htmlSAXHandler events{};
        if (whole_body) xmlSAX2InitHtmlDefaultSAXHandler(&events);
        events.startElement = &Parser::on_start_element;
        ctxt = htmlCreatePushParserCtxt(&events, nullptr, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
        if (!ctxt) return;
        htmlCtxtUseOptions(ctxt, parse_options);
        ctxt->_private = this;
    }
    ~Parser() { release(); }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    // SAX hook: build the tree for --xpath, and note where the document title's start tag is.
    static void on_start_element(void* user, const xmlChar* name, const xmlChar** attributes) noexcept {
        auto* context = static_cast<htmlParserCtxtPtr>(user);
        auto* self = static_cast<Parser*>(context->_private);
        if (self->parse_whole_body) xmlSAX2StartElement(context, name, attributes);
        if (self->declared.empty() && std::strcmp(reinterpret_cast<const char*>(name), "meta") == 0) {
            self->declared = declared_encoding(attributes);
        }
        if (self->title_tag || std::strcmp(reinterpret_cast<const char*>(name), "title") != 0) return;
        if (!is_document_title(*context)) return;
        self->title_tag = self->parsed_offset();
        // The title's text is read from the source; the tree is needed only for --xpath.
        if (!self->parse_whole_body) {
            self->parsing = false;
            xmlStopParser(context);
        }
    }

    // Frees libxml2's context and our buffers; the decoder stays, for encoding(). Called as soon
    // as the title is known without --xpath: the transfer may go on reading the rest of the page
    // (to keep its connection), and at -j 64 the contexts held meanwhile added up.
    void release() {
        if (ctxt) {
            if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
            htmlFreeParserCtxt(ctxt);
            ctxt = nullptr;
        }
        parsing = false;
        utf8 = {};
        source = {};
    }

    // Offset in the decoded stream up to which libxml2 has read: our UTF-8 reaches it without
    // an encoder, so its byte counts are ours.
    std::size_t parsed_offset() const {
        const xmlParserInput* input = ctxt->input;
        return static_cast<std::size_t>(input->consumed) + static_cast<std::size_t>(input->cur - input->base);
    }

    encoding::Decoder decoder;
    htmlParserCtxtPtr ctxt = nullptr;
    const bool parse_whole_body;
    bool parsing = true;  // false once the tree is no longer needed
    std::string utf8;     // scratch buffer for decoded chunks, reused

    // The decoded source from `source_offset` on: only what the title may still need.
    std::string source;
    std::size_t source_offset = 0;
    std::optional<std::size_t> title_tag;      // where libxml2 was at the title's start tag
    std::optional<std::size_t> title_content;  // where the title's text begins
    std::size_t scan_from = 0;                 // where to look for the end tag next
    std::string_view declared;                 // the first <meta> encoding declaration seen
};

bool is_html_content_type(std::string_view content_type) {
    const std::string essence = ascii::lower(ascii::trim(content_type.substr(0, content_type.find(';'))));
    return essence == "text/html" || essence == "application/xhtml+xml";
}

bool looks_like_html(std::string_view head) {
    static constexpr std::string_view tags[] = {
        "<!doctype html", "<html",  "<head", "<script", "<iframe", "<h1", "<div", "<font", "<table", "<a",
        "<style",         "<title", "<b",    "<body",   "<br",     "<p",  "<!--",
    };
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    while (!head.empty() && ascii::is_space(head.front()))
        head.remove_prefix(1);
    const std::string lowered = ascii::lower(head.substr(0, 16));
    for (const std::string_view tag : tags) {
        if (lowered.compare(0, tag.size(), tag) != 0) continue;
        if (lowered.size() == tag.size()) return true;  // cannot see the tag's end: accept
        const char next = lowered[tag.size()];
        if (next == '>' || ascii::is_space(next)) return true;
    }
    return false;
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (const char c : text) {
        if (ascii::is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(c);
    }
    return out;
}

Result<void> check_xpath(const std::string& expression) {
    std::string reason;
    xmlSetStructuredErrorFunc(&reason, [](void* context, xmlErrorPtr error) {
        if (error && error->message) *static_cast<std::string*>(context) = error->message;
    });
    CPtr<xmlXPathCompExpr, xmlXPathFreeCompExpr> compiled(
        xmlXPathCompile(reinterpret_cast<const xmlChar*>(expression.c_str())));
    xmlSetStructuredErrorFunc(nullptr, nullptr);
    if (compiled) return {};
    return fail("invalid XPath expression \"" + expression + "\": " + std::string(ascii::trim(reason)));
}

TitleExtractor::TitleExtractor(std::string_view content_type, std::string xpath, std::size_t max_title)
    : header_charset_(encoding::charset_parameter(content_type)),
      must_sniff_html_(content_type.empty()),
      xpath_(std::move(xpath)),
      max_title_(max_title) {}

TitleExtractor::~TitleExtractor() = default;

std::string_view TitleExtractor::encoding() const {
    return parser_ ? parser_->decoder.encoding() : std::string_view{};
}

bool TitleExtractor::feed(std::string_view bytes) {
    if (done_) return false;
    if (parser_) return push_in_slices(bytes);
    // The encoding is decided on the first prescan_bytes. Usually the first chunk holds them
    // and is used where it lies; only a body that starts in small pieces is gathered first.
    std::string gathered;
    std::string_view head = bytes;
    if (!head_.empty() || bytes.size() < encoding::prescan_bytes) {
        head_.append(bytes);
        if (head_.size() < encoding::prescan_bytes) return true;
        gathered = std::exchange(head_, {});
        head = gathered;
    }
    const std::size_t bom = start(head);
    return !done_ && push_in_slices(head.substr(bom));
}

bool TitleExtractor::stop_waiting() {
    if (done_ || parser_ || head_.empty()) return !done_;
    const std::string gathered = std::exchange(head_, {});
    const std::size_t bom = start(gathered);
    return !done_ && push_in_slices(std::string_view(gathered).substr(bom));
}

// libcurl hands over up to 16 KiB at a time, while a title usually ends within the first
// kilobyte or two: decoding and parsing a slice at a time stops the work where the title ends.
// Slices start at 1 KiB and double, so a late title costs a few more calls, not more bytes.
bool TitleExtractor::push_in_slices(std::string_view bytes) {
    constexpr std::size_t first_slice = 1024, largest_slice = 16 * 1024;
    while (!bytes.empty() && !done_) {
        const std::size_t slice = std::min(std::clamp(pushed_, first_slice, largest_slice), bytes.size());
        push(bytes.substr(0, slice), false);
        pushed_ += slice;
        bytes.remove_prefix(slice);
    }
    return !done_;
}

void TitleExtractor::finish() {
    if (done_) return;
    if (!parser_) {
        const std::string head = std::exchange(head_, {});
        const std::size_t bom = start(head);
        if (done_) return;
        push(std::string_view(head).substr(bom), true);
    } else {
        push({}, true);
    }
    conclude();
}

std::size_t TitleExtractor::start(std::string_view head) {
    if (must_sniff_html_ && !looks_like_html(head)) {
        done_ = true;  // not HTML: no title, and no parse
        return 0;
    }
    const encoding::Sniffed sniffed = encoding::sniff(head, header_charset_);
    guessing_ = sniffed.source == encoding::Source::guess;
    parser_ = std::make_unique<Parser>(sniffed.encoding, !xpath_.empty());
    if (!parser_->ctxt) done_ = true;
    return sniffed.bom_length;
}

void TitleExtractor::push(std::string_view bytes, bool final) {
    if (guessing_) {
        raw_.append(bytes);
        if (raw_.size() > restart_window) {  // too late to start over: keep the guess
            guessing_ = false;
            raw_ = {};
        }
    }
    parse(bytes, final);
    if (guessing_) restart_if_misdecoded(final);
}

// HTML5 "change the encoding": a guess that a <meta> contradicts, or that turned out not to
// be UTF-8, is replaced and everything so far decoded again.
void TitleExtractor::restart_if_misdecoded(bool final) {
    const std::string_view now = parser_->decoder.effective_encoding();
    const std::string_view declared = parser_->declared;
    const bool contradicted = !declared.empty() && declared != now;
    const bool not_utf8 = now == "windows-1252" && parser_->decoder.encoding() == "auto";
    if (!contradicted && !not_utf8) return;
    // A declaration settles the encoding; falling back to windows-1252 is still a guess that
    // a <meta> met later may overturn.
    const std::string next(contradicted ? declared : now);
    guessing_ = !contradicted;
    done_ = false;
    title_.reset();
    parser_ = std::make_unique<Parser>(next, !xpath_.empty());
    if (!parser_->ctxt) {
        done_ = true;
        return;
    }
    const std::string raw = guessing_ ? raw_ : std::exchange(raw_, {});
    parse(raw, final);
    if (guessing_) restart_if_misdecoded(final);
}

void TitleExtractor::parse(std::string_view bytes, bool final) {
    Parser& p = *parser_;
    p.utf8.clear();
    p.decoder.decode(bytes, p.utf8, final);
    if (!title_) p.source.append(p.utf8);
    if (p.parsing && (!p.utf8.empty() || final)) {
        htmlParseChunk(p.ctxt, p.utf8.data(), static_cast<int>(p.utf8.size()), final ? 1 : 0);
    }
    if (title_) return;

    if (!p.title_tag) {  // nothing before libxml2's position can become the title
        const std::size_t parsed = p.parsed_offset();
        p.source.erase(0, std::min(p.source.size(), parsed - p.source_offset));
        p.source_offset = parsed;
        return;
    }
    if (!p.title_content) {  // skip what is left of the start tag: "/>", ">"
        std::size_t at = *p.title_tag - p.source_offset;
        if (p.source.compare(at, 2, "/>") == 0) {
            at += 2;
        } else if (p.source.compare(at, 1, ">") == 0) {
            at += 1;
        }
        p.source.erase(0, at);
        p.source_offset += at;
        p.title_content = p.scan_from = p.source_offset;
    }
    const std::size_t end = find_title_end(p.source, p.scan_from - p.source_offset);
    // A title longer than anyone reads is cut where it stands: its raw text is scanned only so
    // far (references and white space can shrink it, so somewhat past the cap).
    const bool too_long = p.source.size() > std::max<std::size_t>(64 * 1024, 16 * max_title_);
    if ((end == std::string::npos || end == need_more) && !too_long) {
        if (end == std::string::npos) {  // an end tag may still straddle the next chunk
            const std::size_t keep = std::string_view("</title").size();
            p.scan_from = p.source_offset + (p.source.size() > keep ? p.source.size() - keep : 0);
        }
        if (!final) return;  // the title goes on: an unterminated one runs to the end
    }
    const std::size_t length = end >= need_more ? p.source.size() : end;
    title_ = title_text(std::string_view(p.source).substr(0, length));
    title_cut_ = too_long && end >= need_more;
    if (title_->size() > max_title_ || title_cut_) cut_title();
    p.source = {};
    if (!p.parse_whole_body) {
        p.release();
        done_ = true;
    }
}

// The title ends with an ellipsis where it was cut, so that every format shows it is cut (and
// the title_cut field says so for scripts); the whole stays within max_title bytes.
void TitleExtractor::cut_title() {
    constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // U+2026
    title_->resize(utf8::boundary_at_most(*title_, max_title_ - std::min(max_title_, ellipsis.size())));
    title_->append(ellipsis);
    title_cut_ = true;
}

void TitleExtractor::conclude() {
    done_ = true;
    if (!parser_ || xpath_.empty() || !parser_->ctxt || !parser_->ctxt->myDoc) return;
    CPtr<xmlXPathContext, xmlXPathFreeContext> context(xmlXPathNewContext(parser_->ctxt->myDoc));
    if (!context) return;
    CPtr<xmlXPathObject, xmlXPathFreeObject> result(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath_.c_str()), context.get()));
    if (!result) return;
    if (result->type == XPATH_NODESET && xmlXPathNodeSetIsEmpty(result->nodesetval)) return;
    CPtr<xmlChar, free_xml_string> text(xmlXPathCastToString(result.get()));
    if (text) xpath_value_ = collapse_whitespace(reinterpret_cast<const char*>(text.get()));
}

}  // namespace fetch
