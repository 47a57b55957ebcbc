// A page's bytes, as they arrive, become UTF-8 (encoding.hpp decides the encoding from the
// first 1024 bytes), and the UTF-8 goes to the HTML5 tokenizer and tree construction rules
// (TitleFinder), which say where the document's title is and stop right after it. libxml2
// builds a tree only for --xpath, from the same UTF-8; the title comes from the HTML5 rules
// either way. docs/TITLES.md has the measurements behind that choice.
#include "fetch/html/title.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <algorithm>
#include <utility>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/utf8.hpp"
#include "char_refs.hpp"
#include "detect.hpp"
#include "encoding.hpp"
#include "title_finder.hpp"

namespace fetch {

namespace {

// encoding_source()'s words, by encoding::Source.
std::string_view source_name(encoding::Source source) {
    constexpr std::string_view names[] = {"bom", "header", "meta", "default"};
    static_assert(static_cast<int>(encoding::Source::guess) == 3, "one name per Source, in order");
    return names[static_cast<std::size_t>(source)];
}

void free_xml_string(xmlChar* text) {
    xmlFree(text);  // xmlFree is a function pointer in libxml2, so it cannot be a template argument
}

constexpr int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT;

// libxml2 reports an XPath error to the structured handler as XML_XPATH_EXPRESSION_OK plus
// the xmlXPathError value (xpath.c, xmlXPathErr).
constexpr int xpath_error_code(xmlXPathError error) {
    return static_cast<int>(XML_XPATH_EXPRESSION_OK) + static_cast<int>(error);
}

constexpr std::size_t restart_window = 64 * 1024;
// How much of a page that is neither UTF-8 nor declared is gathered before its encoding is
// detected: enough text for the statistics, early enough to cost little.
constexpr std::size_t detection_bytes = 8 * 1024;

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

// The title's raw text is read so far and no further: references and white space can shrink
// it, so somewhat past the cap on the title itself.
std::size_t raw_title_budget(std::size_t max_title) {
    return std::max<std::size_t>(64 * 1024, 16 * max_title);
}

}  // namespace

// What the tree for --xpath takes, counted as libxml2 builds it: each node at what libxml2
// allocates for it, each text at its length. Past the budget the parser is stopped, so a page
// of millions of tiny tags (a decompression bomb) costs at most the budget, not hundreds of MB.
struct TreeBudget {
    std::size_t used = 0;
    bool exceeded = false;

    static constexpr std::size_t node_bytes = sizeof(xmlNode) + 16;  // and the allocator's own
    static constexpr std::size_t attribute_bytes = sizeof(xmlAttr) + sizeof(xmlNode) + 32;

    // Called from the SAX events; stops the parser when the budget runs out.
    static void charge(void* context, std::size_t bytes) {
        auto* parser = static_cast<htmlParserCtxtPtr>(context);
        auto* budget = static_cast<TreeBudget*>(parser->_private);
        budget->used += bytes;
        if (budget->used <= TitleExtractor::tree_budget_bytes || budget->exceeded) return;
        budget->exceeded = true;
        xmlStopParser(parser);
    }
    static void start_element(void* context, const xmlChar* name, const xmlChar** attributes) {
        std::size_t bytes = node_bytes;
        for (const xmlChar** a = attributes; a && *a; a += 2)
            bytes += attribute_bytes + (a[1] ? static_cast<std::size_t>(xmlStrlen(a[1])) : 0);
        charge(context, bytes);
        xmlSAX2StartElement(context, name, attributes);
    }
    static void text(void* context, const xmlChar* characters, int length) {
        charge(context, node_bytes + static_cast<std::size_t>(length));
        xmlSAX2Characters(context, characters, length);
    }
    static void comment(void* context, const xmlChar* value) {
        charge(context, node_bytes + static_cast<std::size_t>(xmlStrlen(value)));
        xmlSAX2Comment(context, value);
    }
};

// The decoder, the HTML5 title finder, and for --xpath libxml2's push parser and its tree.
struct TitleExtractor::Parser {
    Parser(std::string_view encoding_name, bool build_tree, std::size_t max_title, bool read_head)
        : decoder(encoding_name), finder(raw_title_budget(max_title), read_head) {
        if (!build_tree) return;
        htmlSAXHandler events{};
        xmlSAX2InitHtmlDefaultSAXHandler(&events);
        events.startElement = &TreeBudget::start_element;
        events.characters = &TreeBudget::text;
        events.ignorableWhitespace = &TreeBudget::text;
        events.cdataBlock = &TreeBudget::text;
        events.comment = &TreeBudget::comment;
        tree = htmlCreatePushParserCtxt(&events, nullptr, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
        if (!tree) return;
        htmlCtxtUseOptions(tree, parse_options);
        tree->_private = &budget;
    }
    ~Parser() {
        if (!tree) return;
        if (tree->myDoc) xmlFreeDoc(tree->myDoc);
        htmlFreeParserCtxt(tree);
    }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    encoding::Decoder decoder;
    html5::TitleFinder finder;
    TreeBudget budget;                 // of the tree
    htmlParserCtxtPtr tree = nullptr;  // --xpath only
    std::string utf8;                  // scratch buffer for decoded chunks, reused
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

TitleExtractor::TitleExtractor(std::string_view content_type, std::vector<std::string> xpaths,
                               std::size_t max_title, bool read_head)
    : header_charset_(encoding::charset_parameter(content_type)),
      must_sniff_html_(content_type.empty()),
      xpaths_(std::move(xpaths)),
      max_title_(max_title),
      xpath_values_(xpaths_.size()),
      read_head_(read_head) {}

TitleExtractor::~TitleExtractor() = default;

void TitleExtractor::set_host(std::string_view host) {
    tld_ = encoding::top_level_domain(host);
}

std::string_view TitleExtractor::encoding() const {
    return encoding_;
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
    if (detecting_) {  // a page that is neither UTF-8 nor declared: detect from what there is
        restart(detected_encoding(), false);
        return !done_;
    }
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
    std::string_view chosen = sniffed.encoding;
    source_ = source_name(sniffed.source);
    if (guessing_ && encoding::has_iso_2022_jp_escapes(head)) {  // 7-bit: it looks like UTF-8
        chosen = "iso-2022-jp";
        source_ = "detected";
    }
    parser_ = std::make_unique<Parser>(chosen, !xpaths_.empty(), max_title_, read_head_);
    encoding_ = chosen == "auto" ? "utf-8" : std::string(chosen);
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
    if (detecting_) {
        if (raw_.size() >= detection_bytes || final) restart(detected_encoding(), final);
    } else {
        parse(bytes, final);
        if (guessing_) restart_if_misdecoded(final);
    }
    // Without --xpath nothing more is needed once the title is known: the decoder's encoding
    // is kept for encoding(), the rest freed (the transfer may go on reading to keep its
    // connection, and at -j 64 the parsers held meanwhile added up).
    if (parser_ && parser_->finder.done() && !parser_->tree && !detecting_) {
        parser_.reset();
        done_ = true;
    }
}

// The page is not UTF-8 and says nothing of its encoding: the first few KiB tell, through
// detect(); windows-1252, the standard's fallback, when they do not.
std::string TitleExtractor::detected_encoding() {
    detecting_ = false;
    const std::string_view head = std::string_view(raw_).substr(0, detection_bytes);
    const std::string_view detected = encoding::detect(head, tld_);
    source_ = detected.empty() ? "default" : "detected";
    return std::string(detected.empty() ? "windows-1252" : detected);
}

// HTML5 "change the encoding": a guess that a <meta> contradicts, or that turned out not to
// be UTF-8, is replaced and everything so far decoded again.
void TitleExtractor::restart_if_misdecoded(bool final) {
    const std::string_view now = parser_->decoder.effective_encoding();
    const std::string_view declared = encoding::meta_encoding(parser_->finder.declared_encoding());
    const bool contradicted = !declared.empty() && declared != now;
    const bool not_utf8 = now == "windows-1252" && parser_->decoder.encoding() == "auto";
    if (contradicted) {
        source_ = "meta";
        guessing_ = false;  // a declaration settles the encoding
        return restart(std::string(declared), final);
    }
    if (!not_utf8) return;
    // Not UTF-8: what it is is detected from the first few KiB, so gather them first (the
    // title may be among them, in the encoding that is not known yet).
    detecting_ = true;
    if (raw_.size() >= detection_bytes || final) restart(detected_encoding(), final);
}

// Everything so far decoded again, in `next`. A detected encoding is still a guess that a
// <meta> met later may overturn.
void TitleExtractor::restart(const std::string& next, bool final) {
    done_ = false;
    title_.reset();
    title_cut_ = false;
    parser_ = std::make_unique<Parser>(next, !xpaths_.empty(), max_title_, read_head_);
    encoding_ = next;
    const std::string raw = guessing_ ? raw_ : std::exchange(raw_, {});
    parse(raw, final);
    if (guessing_) restart_if_misdecoded(final);
}

void TitleExtractor::parse(std::string_view bytes, bool final) {
    Parser& p = *parser_;
    p.utf8.clear();
    p.decoder.decode(bytes, p.utf8, final);
    if (!p.finder.done()) {
        p.finder.feed(p.utf8);
        if (final) p.finder.finish();
        if (p.finder.done()) take_title();
    }
    if (p.tree && !p.budget.exceeded && (!p.utf8.empty() || final)) {
        htmlParseChunk(p.tree, p.utf8.data(), static_cast<int>(p.utf8.size()), final ? 1 : 0);
        if (p.budget.exceeded) {
            failure_ = "the page's tree for --xpath/--extract needs more than " +
                       std::to_string(tree_budget_bytes >> 20) + " MiB";
        }
    }
}

void TitleExtractor::take_title() {
    for (const auto& fact : named_values<HeadFact>()) {  // all absent without read_head
        // Attribute values are cut at 1 KiB, maybe inside a character: sanitized first.
        if (const std::optional<std::string>& value = parser_->finder.head()[fact.id])
            head_facts_[fact.id] = collapse_whitespace(decode_character_references(utf8::sanitize(*value)));
    }
    icons_.clear();
    for (const std::string& href : parser_->finder.icons())
        icons_.push_back(collapse_whitespace(decode_character_references(utf8::sanitize(href))));
    const std::optional<std::string>& raw = parser_->finder.raw_title();
    if (!raw) return;
    title_ = title_text(*raw);
    title_cut_ = parser_->finder.title_cut();
    if (title_->size() > max_title_ || title_cut_) cut_title();
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
    if (!failure_.empty() || !parser_ || !parser_->tree || !parser_->tree->myDoc) return;
    CPtr<xmlXPathContext, xmlXPathFreeContext> context(xmlXPathNewContext(parser_->tree->myDoc));
    if (!context) return;
    // Every expression together gets one budget of XPath operations (each node an axis
    // visits counts): a costly expression on a large page fails this page instead of holding
    // the worker's event loop.
    context->opLimit = xpath_operation_limit;
    int error = 0;
    context->userData = &error;
    context->error = [](void* data, xmlErrorPtr raised) {
        if (raised) *static_cast<int*>(data) = raised->code;
    };
    for (std::size_t i = 0; i < xpaths_.size(); ++i) {  // one tree, every expression
        CPtr<xmlXPathObject, xmlXPathFreeObject> result(
            xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpaths_[i].c_str()), context.get()));
        if (error == xpath_error_code(XPATH_OP_LIMIT_EXCEEDED) ||
            error == xpath_error_code(XPATH_RECURSION_LIMIT_EXCEEDED)) {
            failure_ = "the XPath expressions went past " + std::to_string(xpath_operation_limit) + " operations";
            return;
        }
        if (!result || (result->type == XPATH_NODESET && xmlXPathNodeSetIsEmpty(result->nodesetval))) continue;
        CPtr<xmlChar, free_xml_string> text(xmlXPathCastToString(result.get()));
        if (text) xpath_values_[i] = collapse_whitespace(reinterpret_cast<const char*>(text.get()));
    }
}

}  // namespace fetch
