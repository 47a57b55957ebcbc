// The "in head" start tags, "after head", "in body" and "text" insertion modes (WHATWG HTML
// §13.2.6.4.4-13.2.6.4.8), with the 2025 rules for customizable <select> (no "in select" mode:
// select, option, optgroup, hr and input are handled in body).
#include <algorithm>
#include <utility>

#include "encoding.hpp"
#include "title_finder.hpp"
#include "title_finder_internal.hpp"

namespace fetch::html5 {

using T = TagId;

namespace {

// Start tags that close an open p, then open their element.
constexpr TagId plain_blocks[] = {T::address,  T::article,    T::aside,   T::blockquote, T::center,
                                  T::details,  T::dialog,     T::dir,     T::div,        T::dl,
                                  T::fieldset, T::figcaption, T::figure,  T::footer,     T::header,
                                  T::hgroup,   T::main,       T::menu,    T::nav,        T::ol,
                                  T::p,        T::search,     T::section, T::summary,    T::ul};
constexpr TagId headings[] = {T::h1, T::h2, T::h3, T::h4, T::h5, T::h6};
// End tags that close the nearest open element of their name, in scope.
constexpr TagId closing_blocks[] = {
    T::address, T::article, T::aside,  T::blockquote, T::button,   T::center,     T::details,
    T::dialog,  T::dir,     T::div,    T::dl,         T::fieldset, T::figcaption, T::figure,
    T::footer,  T::header,  T::hgroup, T::listing,    T::main,     T::menu,       T::nav,
    T::ol,      T::pre,     T::search, T::section,    T::select,   T::summary,    T::ul};
constexpr TagId head_elements[] = {T::base,     T::basefont, T::bgsound, T::link,      T::meta,
                                   T::noframes, T::script,   T::style,   T::template_, T::title};

}  // namespace

bool uses_in_head_rules(TagId tag) {
    return one_of(tag, head_elements);
}

void TitleFinder::process_in(Mode mode, Token token) {
    switch (mode) {
        case Mode::initial:
            return initial(token);
        case Mode::before_html:
            return before_html(token);
        case Mode::before_head:
            return before_head(token);
        case Mode::in_head:
            return in_head(token);
        case Mode::after_head:
            return after_head(token);
        case Mode::in_body:
            return in_body(token);
        case Mode::text:
            return text_mode(token);
        case Mode::in_table:
            return in_table(token);
        case Mode::in_table_text:
            return in_table_text(token);
        case Mode::in_caption:
            return in_caption(token);
        case Mode::in_column_group:
            return in_column_group(token);
        case Mode::in_table_body:
            return in_table_body(token);
        case Mode::in_row:
            return in_row(token);
        case Mode::in_cell:
            return in_cell(token);
        case Mode::in_template:
            return in_template(token);
        case Mode::after_body:
            return after_body(token);
        case Mode::in_frameset:
            return in_frameset(token);
        case Mode::after_frameset:
            return after_frameset(token);
        case Mode::after_after_body:
            return after_after_body(token);
        case Mode::after_after_frameset:
            return after_after_frameset(token);
    }
}

// ---- in head

void TitleFinder::in_head_start(const Token& token) {
    const Tag& tag = *token.tag;
    switch (token.id) {
        case T::base:
        case T::basefont:
        case T::bgsound:
        case T::link:
            insert_void(tag, token.id);
            return read_head_facts(tag, HeadSource::link);
        case T::meta: {
            insert_void(tag, token.id);
            read_head_facts(tag, HeadSource::meta);
            const std::string* charset = tag.attribute("charset");
            const std::string* equiv = tag.attribute("http-equiv");
            const std::string* content = tag.attribute("content");
            if (declared_encoding_.empty() && charset) declared_encoding_ = *charset;
            if (declared_encoding_.empty() && equiv && content && lower_ascii(*equiv) == "content-type") {
                declared_encoding_ = encoding::charset_parameter(*content);
            }
            return;
        }
        case T::title:
            return generic_text(tag, token.id, Tokenizer::Content::rcdata);
        case T::noscript:  // the scripting flag is on, as in every browser
        case T::noframes:
        case T::style:
            return generic_text(tag, token.id, Tokenizer::Content::rawtext);
        case T::script:
            return generic_text(tag, token.id, Tokenizer::Content::script_data);
        case T::template_:
            insert(tag, token.id);
            insert_marker();
            frameset_ok_ = false;
            mode_ = Mode::in_template;
            template_modes_.push_back(Mode::in_template);
            return;
        default:
            pop();  // the head
            mode_ = Mode::after_head;
            head_ended();
            if (!done_) process(token);
            return;
    }
}

namespace {

// `token` is one of the white-space separated tokens of `list`, in any case (rel="Canonical").
bool has_token(const std::string& list, std::string_view token) {
    std::string tokens = " " + lower_ascii(list) + " ";
    std::replace_if(tokens.begin(), tokens.end(), is_html_whitespace, ' ');
    return tokens.find(" " + std::string(token) + " ") != std::string::npos;
}

}  // namespace

// The head's facts that come from `element` (HeadFactRule): the first of each counts.
void TitleFinder::read_head_facts(const Tag& tag, HeadSource element) {
    if (!read_head_) return;
    for (const auto& row : named_values<HeadFact>()) {
        const HeadFactRule& rule = rule_of(row.id);
        const std::string* value = tag.attribute(rule.value_attribute);
        std::optional<std::string>& slot = head_[row.id];
        if (rule.element != element || !value || (slot && element != HeadSource::html)) continue;
        if (element == HeadSource::html) {
            slot = *value;
            continue;
        }
        const std::string* key = tag.attribute(rule.key_attribute);
        if (element == HeadSource::meta && lower_ascii(key ? *key : "") == rule.key) slot = *value;
        if (element == HeadSource::link && key && has_token(*key, rule.key)) slot = *value;
    }
    if (element == HeadSource::link) read_head_icon(tag);
}

// <link rel="icon" href=...>: rel is a list of tokens, compared without case ("Shortcut Icon" is
// an icon, "apple-touch-icon" is not).
void TitleFinder::read_head_icon(const Tag& tag) {
    const std::string* rel = tag.attribute("rel");
    const std::string* href = tag.attribute("href");
    if (!read_head_ || !rel || !href) return;
    const bool empty = std::all_of(href->begin(), href->end(), is_html_whitespace);
    if (!empty && icons_.size() < max_icons && has_token(*rel, "icon")) icons_.push_back(*href);
}

void TitleFinder::end_template() {
    if (!on_stack(T::template_)) return;
    generate_all_implied_end_tags();
    pop_until(T::template_);
    clear_to_last_marker();
    if (!template_modes_.empty()) template_modes_.pop_back();
    reset_insertion_mode();
}

// ---- after head

void TitleFinder::after_head(Token token) {
    if (skip_blank(token)) return;
    const bool start = token.kind == Token::Kind::start;
    if (start && token.id == T::html) return in_body(token);
    if (start && token.id == T::head) return;
    if (start && (token.id == T::body || token.id == T::frameset)) {
        insert(*token.tag, token.id);
        if (token.id == T::body) frameset_ok_ = false;
        mode_ = token.id == T::body ? Mode::in_body : Mode::in_frameset;
        return;
    }
    if (start && uses_in_head_rules(token.id)) return in_head_again(token);
    if (token.kind == Token::Kind::end) {
        if (token.id == T::template_) return in_head(token);
        if (token.id != T::body && token.id != T::html && token.id != T::br) return;
    }
    // Anything else (text, another start tag, the end) implies <body>.
    insert_implied(T::body);
    mode_ = Mode::in_body;
    process(token);
}

// A head element after the head: the head is put back on the stack for it, then taken off
// again (it may no longer be the current node by then).
void TitleFinder::in_head_again(const Token& token) {
    Element head;
    head.tag = T::head;
    head.id = head_id_;
    stack_.push_back(head);
    in_head(token);
    const std::size_t at = stack_index(head.id);
    if (at < stack_.size()) stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(at));
}

// ---- in body

void TitleFinder::in_body(Token token) {
    switch (token.kind) {
        case Token::Kind::characters: {
            const bool non_whitespace = has_non_whitespace(token.text);
            const bool only_nul =
                std::all_of(token.text.begin(), token.text.end(), [](char c) { return c == '\0'; });
            if (!only_nul) reconstruct_formatting();
            return insert_characters(token.text, non_whitespace);
        }
        case Token::Kind::comment:
        case Token::Kind::doctype:
            return;
        case Token::Kind::start:
            return in_body_start(token);
        case Token::Kind::end:
            return in_body_end(token);
        case Token::Kind::eof:
            if (!template_modes_.empty()) return in_template(token);
            done_ = true;
            return;
    }
}

void TitleFinder::in_body_start(const Token& token) {
    if (uses_in_head_rules(token.id)) return in_head_start(token);
    const Tag& tag = *token.tag;
    switch (token.id) {
        case T::html:
            return;  // its attributes would go to the html element
        case T::body:
            if (stack_.size() >= 2 && stack_[1].tag == T::body && !on_stack(T::template_))
                frameset_ok_ = false;
            return;
        case T::frameset:
            if (stack_.size() < 2 || stack_[1].tag != T::body || !frameset_ok_) return;
            while (stack_.size() > 1)
                pop();
            insert(tag, token.id);
            mode_ = Mode::in_frameset;
            return;
        case T::caption:
        case T::col:
        case T::colgroup:
        case T::frame:
        case T::head:
        case T::tbody:
        case T::td:
        case T::tfoot:
        case T::th:
        case T::thead:
        case T::tr:
            return;  // parse errors: ignored
        default:
            break;
    }
    if (in_body_start_block(token) || in_body_start_lists(token) || in_body_start_formatting(token) ||
        in_body_start_forms(token) || in_body_start_other(token)) {
        return;
    }
    reconstruct_formatting();
    insert(tag, token.id);
}

// Blocks that close an open paragraph first.
bool TitleFinder::in_body_start_block(const Token& token) {
    const Tag& tag = *token.tag;
    if (one_of(token.id, plain_blocks) || one_of(token.id, headings) || token.id == T::pre ||
        token.id == T::listing || token.id == T::plaintext) {
        close_p_in_button_scope();
        if (one_of(token.id, headings) && current_is_one_of({T::h1, T::h2, T::h3, T::h4, T::h5, T::h6}))
            pop();
        insert(tag, token.id);
        if (token.id == T::pre || token.id == T::listing) frameset_ok_ = false;
        if (token.id == T::plaintext) tokenizer_.switch_to(Tokenizer::Content::plaintext);
        return true;
    }
    if (token.id == T::table) {
        if (!quirks_) close_p_in_button_scope();
        insert(tag, token.id);
        frameset_ok_ = false;
        mode_ = Mode::in_table;
        return true;
    }
    if (token.id == T::xmp) {
        close_p_in_button_scope();
        reconstruct_formatting();
        frameset_ok_ = false;
        generic_text(tag, token.id, Tokenizer::Content::rawtext);
        return true;
    }
    return false;
}

// li, dd and dt close the open item of their kind; select, option, optgroup and hr follow the
// customizable-select rules.
bool TitleFinder::in_body_start_lists(const Token& token) {
    const Tag& tag = *token.tag;
    switch (token.id) {
        case T::li:
        case T::dd:
        case T::dt: {
            frameset_ok_ = false;
            for (std::size_t i = stack_.size(); i-- > 0;) {
                const Element& node = stack_[i];
                const bool item =
                    node.ns == Ns::html &&
                    (token.id == T::li ? node.tag == T::li : node.tag == T::dd || node.tag == T::dt);
                if (item) {
                    const TagId closing = node.tag;
                    generate_implied_end_tags(closing);
                    pop_until(closing);
                    break;
                }
                const bool special =
                    node.ns == Ns::html ? is_special_html(node.tag) : is_special_foreign(node.tag, node.ns);
                if (special && !(node.ns == Ns::html &&
                                 (node.tag == T::address || node.tag == T::div || node.tag == T::p)))
                    break;
            }
            close_p_in_button_scope();
            insert(tag, token.id);
            return true;
        }
        case T::select:
            if (in_scope(T::select)) {
                pop_until(T::select);
                return true;
            }
            reconstruct_formatting();
            insert(tag, token.id);
            frameset_ok_ = false;
            return true;
        case T::option:
        case T::optgroup:
            if (in_scope(T::select)) {
                generate_implied_end_tags(token.id == T::option ? T::optgroup : T::other);
            } else if (current_is(T::option)) {
                pop();
            }
            reconstruct_formatting();
            insert(tag, token.id);
            return true;
        case T::hr:
            close_p_in_button_scope();
            if (in_scope(T::select)) generate_implied_end_tags();
            insert_void(tag, token.id);
            frameset_ok_ = false;
            return true;
        default:
            return false;
    }
}

bool TitleFinder::in_body_start_formatting(const Token& token) {
    const Tag& tag = *token.tag;
    switch (token.id) {
        case T::a: {
            for (std::size_t i = formatting_.size(); i-- > 0 && !formatting_[i].marker;) {
                if (formatting_[i].element.tag != T::a) continue;
                const std::uint32_t id = formatting_[i].element.id;
                Tag end_a;
                end_a.name = "a";
                adoption_agency(Token{Token::Kind::end, &end_a, T::a, {}, nullptr});
                if (const std::size_t at = formatting_index(id); at < formatting_.size()) {
                    formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(at));
                }
                if (const std::size_t at = stack_index(id); at < stack_.size()) {
                    stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(at));
                }
                break;
            }
            break;
        }
        case T::nobr:
            reconstruct_formatting();
            if (in_scope(T::nobr)) {
                Tag end_nobr;
                end_nobr.name = "nobr";
                adoption_agency(Token{Token::Kind::end, &end_nobr, T::nobr, {}, nullptr});
            }
            break;
        case T::b:
        case T::big:
        case T::code:
        case T::em:
        case T::font:
        case T::i:
        case T::s:
        case T::small:
        case T::strike:
        case T::strong:
        case T::tt:
        case T::u:
            break;
        default:
            return false;
    }
    reconstruct_formatting();
    insert(tag, token.id);
    push_formatting(tag, token.id);
    return true;
}

bool TitleFinder::in_body_start_forms(const Token& token) {
    const Tag& tag = *token.tag;
    switch (token.id) {
        case T::form: {
            const bool in_template = on_stack(T::template_);
            if (form_id_ != 0 && !in_template) return true;
            close_p_in_button_scope();
            insert(tag, token.id);
            if (!in_template && !stack_.empty()) form_id_ = stack_.back().id;
            return true;
        }
        case T::button:
            if (in_scope(T::button)) {
                generate_implied_end_tags();
                pop_until(T::button);
            }
            reconstruct_formatting();
            insert(tag, token.id);
            frameset_ok_ = false;
            return true;
        case T::input: {
            if (in_scope(T::select)) {
                pop_until(T::select);
                process(token);
                return true;
            }
            reconstruct_formatting();
            insert_void(tag, token.id);
            const std::string* type = tag.attribute("type");
            if (!type || lower_ascii(*type) != "hidden") frameset_ok_ = false;
            return true;
        }
        case T::textarea:
            frameset_ok_ = false;
            generic_text(tag, token.id, Tokenizer::Content::rcdata);
            return true;
        default:
            return false;
    }
}

bool TitleFinder::in_body_start_other(const Token& token) {
    const Tag& tag = *token.tag;
    switch (token.id) {
        case T::applet:
        case T::marquee:
        case T::object:
            reconstruct_formatting();
            insert(tag, token.id);
            insert_marker();
            frameset_ok_ = false;
            return true;
        case T::area:
        case T::br:
        case T::embed:
        case T::img:
        case T::keygen:
        case T::wbr:
            reconstruct_formatting();
            insert_void(tag, token.id);
            frameset_ok_ = false;
            return true;
        case T::param:
        case T::source:
        case T::track:
            insert_void(tag, token.id);
            return true;
        case T::image: {
            Token img = token;
            img.id = T::img;
            process(img);
            return true;
        }
        case T::iframe:
            frameset_ok_ = false;
            generic_text(tag, token.id, Tokenizer::Content::rawtext);
            return true;
        case T::noembed:
        case T::noscript:
            generic_text(tag, token.id, Tokenizer::Content::rawtext);
            return true;
        case T::rb:
        case T::rtc:
        case T::rp:
        case T::rt:
            if (in_scope(T::ruby))
                generate_implied_end_tags(token.id == T::rp || token.id == T::rt ? T::rtc : T::other);
            insert(tag, token.id);
            return true;
        case T::math:
        case T::svg:
            reconstruct_formatting();
            insert(tag, token.id, token.id == T::math ? Ns::math : Ns::svg);
            if (tag.self_closing) pop();
            return true;
        default:
            return false;
    }
}

void TitleFinder::in_body_end(const Token& token) {
    switch (token.id) {
        case T::template_:
            return end_template();
        case T::body:
            if (in_scope(T::body)) mode_ = Mode::after_body;
            return;
        case T::html:
            if (!in_scope(T::body)) return;
            mode_ = Mode::after_body;
            return process(token);
        case T::br: {
            Tag br;
            br.name = "br";
            return in_body_start(Token{Token::Kind::start, &br, T::br, {}, nullptr});
        }
        case T::a:
        case T::b:
        case T::big:
        case T::code:
        case T::em:
        case T::font:
        case T::i:
        case T::nobr:
        case T::s:
        case T::small:
        case T::strike:
        case T::strong:
        case T::tt:
        case T::u:
            if (adoption_agency(token)) return;
            return in_body_end_other(token);
        default:
            if (!in_body_end_block(token)) in_body_end_other(token);
            return;
    }
}

bool TitleFinder::in_body_end_block(const Token& token) {
    const TagId id = token.id;
    if (one_of(id, closing_blocks) || id == T::applet || id == T::marquee || id == T::object) {
        if (!in_scope(id)) return true;
        generate_implied_end_tags();
        pop_until(id);
        if (!one_of(id, closing_blocks)) clear_to_last_marker();
        return true;
    }
    if (id == T::form) return end_form(), true;
    if (id == T::p) {
        if (!in_scope_kind(T::p, Scope::button)) insert_implied(T::p);
        close_p();
        return true;
    }
    if (id == T::li || id == T::dd || id == T::dt) {
        if (!in_scope_kind(id, id == T::li ? Scope::list_item : Scope::plain)) return true;
        generate_implied_end_tags(id);
        pop_until(id);
        return true;
    }
    if (one_of(id, headings)) {
        if (std::none_of(std::begin(headings), std::end(headings), [this](TagId h) { return in_scope(h); }))
            return true;
        generate_implied_end_tags();
        pop_until_one_of({T::h1, T::h2, T::h3, T::h4, T::h5, T::h6});
        return true;
    }
    return false;
}

// </form>: the form pointer's element, outside templates; inside, the nearest form in scope.
void TitleFinder::end_form() {
    if (!on_stack(T::template_)) {
        const std::uint32_t form = std::exchange(form_id_, 0);
        const std::size_t at = stack_index(form);
        if (form == 0 || at == stack_.size() || !element_in_scope(form)) return;
        generate_implied_end_tags();
        stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(stack_index(form)));
        return;
    }
    if (!in_scope(T::form)) return;
    generate_implied_end_tags();
    pop_until(T::form);
}

// "Any other end tag": the nearest open HTML element of that name closes, unless a special
// element comes first.
void TitleFinder::in_body_end_other(const Token& token) {
    const std::string& name = token.tag->name;
    for (std::size_t i = stack_.size(); i-- > 0;) {
        const Element& node = stack_[i];
        const bool same =
            node.ns == Ns::html && node.tag == token.id && (token.id != T::other || node.name == name);
        if (same) {
            generate_implied_end_tags(token.id == T::other ? T::other : token.id);
            while (stack_.size() > i)
                pop();
            return;
        }
        if (node.ns == Ns::html ? is_special_html(node.tag) : is_special_foreign(node.tag, node.ns)) return;
    }
}

// ---- text: the contents of a title, a textarea, a script, a style...

void TitleFinder::text_mode(Token token) {
    switch (token.kind) {
        case Token::Kind::characters:
            return insert_characters(token.text, false);
        case Token::Kind::eof:
            pop();
            mode_ = original_mode_;
            return process(token);
        case Token::Kind::end:
            pop();
            mode_ = original_mode_;
            return;
        default:
            return;
    }
}

}  // namespace fetch::html5
