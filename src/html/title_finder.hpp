// Which element is a page's title, by the HTML5 tree construction rules (WHATWG HTML
// §13.2.6), without building a tree.
//
// document.title is the text of the first title element of the HTML namespace in the
// document. Whether a <title> tag makes one depends on everything before it: foreign content
// (an <svg> title is not one, unless HTML broke out of the svg first), template contents
// (not in the document), the insertion mode (ignored in a frameset; raw text inside noscript,
// iframe, xmp...), and the tokenizer state the rules put the bytes in. None of that needs the
// tree itself: it needs the stack of open elements, the list of active formatting elements
// (whose reconstruction and adoption agency move elements on the stack), the insertion modes,
// the template modes, the head and form pointers, the frameset-ok flag and quirks mode. That
// is what this class keeps, and all it keeps: an element is a tag id, a namespace and, for
// formatting elements, its attributes; a text node is never stored, except the title's.
//
// It stops as soon as the title's end tag is read (or the title can no longer appear): a page
// costs its head. Memory is bounded: the stack and the list are capped (a deeper document is
// parsed as if its deepest elements were not there), and so is the title's text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/record.hpp"
#include "tags.hpp"
#include "tokenizer.hpp"

namespace fetch::html5 {

class TitleFinder final : private TokenSink {
public:
    // The raw title text (references not decoded) is kept up to `max_raw_title` bytes.
    // With `read_head`, parsing goes on past the title to the end of <head>, and head() has
    // what the head said (values as written: references not decoded, URLs not resolved).
    explicit TitleFinder(std::size_t max_raw_title, bool read_head = false);

    void feed(std::string_view utf8) { tokenizer_.feed(utf8); }
    void finish() { tokenizer_.finish(); }

    // The title is known, or no title can come any more: nothing else need be fed.
    bool done() const { return done_; }
    // The first title element's text, as written (references and U+0000 as they came); nullopt
    // while none has been found.
    const std::optional<std::string>& raw_title() const { return title_; }
    // The title's text was longer than max_raw_title and is cut there.
    bool title_cut() const { return title_cut_; }
    // The encoding label of the first <meta charset> (or http-equiv Content-Type) in head.
    const std::string& declared_encoding() const { return declared_encoding_; }
    const HeadFacts& head() const { return head_; }
    // With `read_head`: the hrefs of the head's <link rel~=icon> elements, in document order, as
    // written (the first few; an empty href makes no link).
    const std::vector<std::string>& icons() const { return icons_; }
    static constexpr std::size_t max_icons = 8;

    enum class Mode : std::uint8_t;

private:
    struct Element {
        TagId tag = TagId::other;
        Ns ns = Ns::html;
        bool html_integration_point = false;  // annotation-xml with an HTML encoding
        std::uint32_t id = 0;
        std::string name;  // for TagId::other: end tags match it by name
    };
    struct Formatting {
        Element element;
        std::vector<Attribute> attributes;  // sorted, for the Noah's Ark clause
        bool marker = false;
    };
    struct Token {
        enum class Kind : std::uint8_t { start, end, characters, comment, doctype, eof } kind;
        const Tag* tag = nullptr;
        TagId id = TagId::other;
        std::string_view text;
        const Doctype* doctype = nullptr;
    };

    // TokenSink
    void doctype(const Doctype& doctype) override;
    void start_tag(const Tag& tag) override;
    void end_tag(const Tag& tag) override;
    void comment() override;
    void characters(std::string_view text) override;
    void end_of_file() override;
    bool in_foreign_content() const override;

    // Dispatch
    void dispatch(Token token);
    // Comments, doctypes and white space around the document's first elements change nothing a
    // title depends on: true when `token` is one of them (a characters token loses its leading
    // white space, and is skipped when nothing else is left).
    static bool skip_blank(Token& token);
    bool use_html_rules(const Token& token) const;
    void process(Token token);
    void process_in(Mode mode, Token token);
    void foreign_content(Token token);
    void foreign_end_tag(const Token& token);

    // The stack of open elements
    Element make(const Tag& tag, TagId id, Ns ns);
    void insert(const Tag& tag, TagId id, Ns ns = Ns::html);
    void insert_void(const Tag& tag, TagId id) { insert(tag, id), pop(); }
    void insert_implied(TagId id);
    void pop();
    void pop_until(TagId id);
    void pop_until_one_of(std::initializer_list<TagId> ids);
    bool current_is(TagId id) const;
    bool current_is_one_of(std::initializer_list<TagId> ids) const;
    bool on_stack(TagId id) const;
    bool in_scope(TagId id) const { return in_scope_kind(id, Scope::plain); }
    enum class Scope : std::uint8_t { plain, list_item, button, table, select };
    bool in_scope_kind(TagId id, Scope scope) const;
    bool in_scope_by_name(const Element& target) const;
    void generate_implied_end_tags(TagId except = TagId::other);
    void generate_all_implied_end_tags();
    void close_p();
    void close_p_in_button_scope();
    void reset_insertion_mode();
    void clear_stack_back_to(std::initializer_list<TagId> ids);

    // The list of active formatting elements
    void push_formatting(const Tag& tag, TagId id);
    void insert_marker();
    void clear_to_last_marker();
    void reconstruct_formatting();
    bool adoption_agency(const Token& token);
    bool adoption_round(Element formatting);
    std::uint32_t adoption_inner_loop(std::uint32_t formatting_id, std::size_t furthest);
    bool element_in_scope(std::uint32_t id) const;
    std::size_t formatting_index(std::uint32_t id) const;
    std::size_t stack_index(std::uint32_t id) const;

    // Text and the title
    void insert_characters(std::string_view text, bool non_whitespace);
    void generic_text(const Tag& tag, TagId id, Tokenizer::Content content);
    void title_found();
    void head_ended();
    void read_head_facts(const Tag& tag, HeadSource element);
    void read_head_icon(const Tag& tag);
    void set_quirks(const Doctype& doctype);

    // Insertion modes (title_finder.cpp: the ones before the body; body.cpp: in body;
    // tables.cpp: the table modes; after.cpp: templates, framesets and the ends)
    void initial(Token token);
    void before_html(Token token);
    void before_head(Token token);
    void in_head(Token token);
    void in_head_start(const Token& token);
    void end_template();
    void after_head(Token token);
    void in_head_again(const Token& token);
    void in_body(Token token);
    void in_body_start(const Token& token);
    bool in_body_start_block(const Token& token);
    bool in_body_start_lists(const Token& token);
    bool in_body_start_formatting(const Token& token);
    bool in_body_start_forms(const Token& token);
    bool in_body_start_other(const Token& token);
    void in_body_end(const Token& token);
    bool in_body_end_block(const Token& token);
    void end_form();
    void in_body_end_other(const Token& token);
    void text_mode(Token token);
    void in_table(Token token);
    void in_table_start(const Token& token);
    void in_table_text(Token token);
    void in_caption(Token token);
    void in_column_group(Token token);
    void in_table_body(Token token);
    void in_row(Token token);
    void in_cell(Token token);
    void in_template(Token token);
    void after_body(Token token);
    void in_frameset(Token token);
    void after_frameset(Token token);
    void after_after_body(Token token);
    void after_after_frameset(Token token);
    void in_table_anything_else(const Token& token);
    void close_cell();

    Tokenizer tokenizer_{*this};
    std::size_t max_raw_title_;

    Mode mode_;
    Mode original_mode_;
    std::vector<Mode> template_modes_;
    std::vector<Element> stack_;
    std::vector<Formatting> formatting_;
    std::uint32_t next_id_ = 1;
    std::uint32_t head_id_ = 0;  // the head element pointer (0: none)
    std::uint32_t form_id_ = 0;  // the form element pointer (0: none)
    bool frameset_ok_ = true;
    bool quirks_ = false;
    bool foster_parenting_ = false;
    bool table_text_non_whitespace_ = false;  // "pending table character tokens" holds some

    std::uint32_t title_id_ = 0;  // the title element being read, while its text comes
    std::optional<std::string> title_;
    bool title_cut_ = false;
    bool done_ = false;
    std::string declared_encoding_;

    const bool read_head_;
    bool head_over_ = false;    // the head element was closed
    bool title_known_ = false;  // found, while reading on to the end of the head
    HeadFacts head_;
    std::vector<std::string> icons_;
};

}  // namespace fetch::html5
