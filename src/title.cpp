#include "fetch/title.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/xpath.h>

#include <cstring>
#include <utility>

#include "fetch/ascii.hpp"
#include "fetch/encoding.hpp"

namespace fetch {

namespace {

struct XPathContextDeleter {
    void operator()(xmlXPathContext* p) const noexcept { xmlXPathFreeContext(p); }
};
struct XPathObjectDeleter {
    void operator()(xmlXPathObject* p) const noexcept { xmlXPathFreeObject(p); }
};
struct XmlCharDeleter {
    void operator()(xmlChar* p) const noexcept { xmlFree(p); }
};

// The first title in tree order that is not inside foreign content or a template.
constexpr char title_xpath[] =
    "/descendant::title[not(ancestor::svg or ancestor::math or ancestor::template)][1]";

constexpr int parse_options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                              HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT;

}  // namespace

// The libxml2 push-parser context and the document it builds, freed together.
struct TitleExtractor::Parser {
    explicit Parser(std::string_view encoding_name) : decoder(encoding_name) {
        ctxt = htmlCreatePushParserCtxt(nullptr, nullptr, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
        if (!ctxt) return;
        htmlCtxtUseOptions(ctxt, parse_options);
        ctxt->_private = this;
        ctxt->sax->endElement = &Parser::on_end_element;
    }
    ~Parser() {
        if (!ctxt) return;
        if (ctxt->myDoc) xmlFreeDoc(ctxt->myDoc);
        htmlFreeParserCtxt(ctxt);
    }
    Parser(const Parser&) = delete;
    Parser& operator=(const Parser&) = delete;

    // SAX hook: build the tree as usual, and stop the parser at the end of the document's
    // title. A title inside <svg>, <math> or <template> is not the document's (HTML5), so
    // parsing goes on past it.
    static void on_end_element(void* user, const xmlChar* name) noexcept {
        auto* context = static_cast<htmlParserCtxtPtr>(user);
        const xmlNode* closing = context->node;
        xmlSAX2EndElement(context, name);
        if (std::strcmp(reinterpret_cast<const char*>(name), "title") != 0) return;
        if (closing && is_foreign_or_template_content(closing)) return;
        static_cast<Parser*>(context->_private)->title_closed = true;
        xmlStopParser(context);
    }

    static bool is_foreign_or_template_content(const xmlNode* node) {
        for (const xmlNode* parent = node->parent; parent; parent = parent->parent) {
            if (parent->type != XML_ELEMENT_NODE) continue;
            const auto* tag = reinterpret_cast<const char*>(parent->name);
            if (!std::strcmp(tag, "svg") || !std::strcmp(tag, "math") || !std::strcmp(tag, "template")) {
                return true;
            }
        }
        return false;
    }

    std::optional<std::string> select_title() const {
        if (!ctxt || !ctxt->myDoc) return std::nullopt;
        std::unique_ptr<xmlXPathContext, XPathContextDeleter> xpath(xmlXPathNewContext(ctxt->myDoc));
        if (!xpath) return std::nullopt;
        std::unique_ptr<xmlXPathObject, XPathObjectDeleter> result(
            xmlXPathEvalExpression(BAD_CAST title_xpath, xpath.get()));
        if (!result || !result->nodesetval || result->nodesetval->nodeNr == 0) return std::nullopt;
        std::unique_ptr<xmlChar, XmlCharDeleter> text(xmlNodeGetContent(result->nodesetval->nodeTab[0]));
        return collapse_whitespace(text ? reinterpret_cast<const char*>(text.get()) : "");
    }

    encoding::Decoder decoder;
    htmlParserCtxtPtr ctxt = nullptr;
    bool title_closed = false;
    std::string utf8;  // scratch buffer for decoded chunks, reused
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

TitleExtractor::TitleExtractor(std::string_view content_type)
    : header_charset_(encoding::charset_parameter(content_type)), must_sniff_html_(content_type.empty()) {}

TitleExtractor::~TitleExtractor() = default;

std::string_view TitleExtractor::encoding() const {
    return parser_ ? parser_->decoder.encoding() : std::string_view{};
}

bool TitleExtractor::feed(std::string_view bytes) {
    if (done_) return false;
    if (!parser_) {
        head_.append(bytes);
        if (head_.size() < encoding::prescan_bytes) return true;
        start();
        if (done_) return false;
        const std::string head = std::exchange(head_, {});
        push(head, false);
        return !done_;
    }
    push(bytes, false);
    return !done_;
}

void TitleExtractor::finish() {
    if (done_) return;
    if (!parser_) {
        start();
        if (done_) return;
        const std::string head = std::exchange(head_, {});
        push(head, true);
    } else {
        push({}, true);
    }
    conclude();
}

void TitleExtractor::start() {
    if (must_sniff_html_ && !looks_like_html(head_)) {
        done_ = true;  // not HTML: no title, and no parse
        return;
    }
    const encoding::Sniffed sniffed = encoding::sniff(head_, header_charset_);
    head_.erase(0, sniffed.bom_length);
    parser_ = std::make_unique<Parser>(sniffed.encoding);
    if (!parser_->ctxt) done_ = true;
}

void TitleExtractor::push(std::string_view bytes, bool final) {
    Parser& p = *parser_;
    p.utf8.clear();
    p.decoder.decode(bytes, p.utf8, final);
    if (!p.utf8.empty() || final) {
        htmlParseChunk(p.ctxt, p.utf8.data(), static_cast<int>(p.utf8.size()), final ? 1 : 0);
    }
    if (p.title_closed) conclude();
}

void TitleExtractor::conclude() {
    if (done_) return;
    done_ = true;
    if (parser_) title_ = parser_->select_title();
}

}  // namespace fetch
