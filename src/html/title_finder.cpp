// The tree construction dispatcher, foreign content, the stack of open elements, the list of
// active formatting elements (with the adoption agency algorithm), and the insertion modes
// before the body. The names follow WHATWG HTML §13.2.6 so that each rule can be checked
// against the standard; where the standard builds a node this code only keeps what a later
// rule reads.
#include "title_finder.hpp"

#include <algorithm>

#include "title_finder_internal.hpp"

namespace fetch::html5 {

namespace {

constexpr std::size_t max_depth = 4096;       // deeper elements are parsed as if not there
constexpr std::size_t max_formatting = 1024;  // likewise for the list of formatting elements

// The standard's list of public identifier prefixes that put a document in quirks mode.
constexpr std::string_view quirky_public_prefixes[] = {
    "+//silmaril//dtd html pro v0r11 19970101//",
    "-//as//dtd html 3.0 aswedit + extensions//",
    "-//advasoft ltd//dtd html 3.0 aswedit + extensions//",
    "-//ietf//dtd html 2.0 level 1//",
    "-//ietf//dtd html 2.0 level 2//",
    "-//ietf//dtd html 2.0 strict level 1//",
    "-//ietf//dtd html 2.0 strict level 2//",
    "-//ietf//dtd html 2.0 strict//",
    "-//ietf//dtd html 2.0//",
    "-//ietf//dtd html 2.1e//",
    "-//ietf//dtd html 3.0//",
    "-//ietf//dtd html 3.2 final//",
    "-//ietf//dtd html 3.2//",
    "-//ietf//dtd html 3//",
    "-//ietf//dtd html level 0//",
    "-//ietf//dtd html level 1//",
    "-//ietf//dtd html level 2//",
    "-//ietf//dtd html level 3//",
    "-//ietf//dtd html strict level 0//",
    "-//ietf//dtd html strict level 1//",
    "-//ietf//dtd html strict level 2//",
    "-//ietf//dtd html strict level 3//",
    "-//ietf//dtd html strict//",
    "-//ietf//dtd html//",
    "-//metrius//dtd metrius presentational//",
    "-//microsoft//dtd internet explorer 2.0 html strict//",
    "-//microsoft//dtd internet explorer 2.0 html//",
    "-//microsoft//dtd internet explorer 2.0 tables//",
    "-//microsoft//dtd internet explorer 3.0 html strict//",
    "-//microsoft//dtd internet explorer 3.0 html//",
    "-//microsoft//dtd internet explorer 3.0 tables//",
    "-//netscape comm. corp.//dtd html//",
    "-//netscape comm. corp.//dtd strict html//",
    "-//o'reilly and associates//dtd html 2.0//",
    "-//o'reilly and associates//dtd html extended 1.0//",
    "-//o'reilly and associates//dtd html extended relaxed 1.0//",
    "-//sq//dtd html 2.0 hotmetal + extensions//",
    "-//softquad software//dtd hotmetal pro 6.0::19990601::extensions to html 4.0//",
    "-//softquad//dtd hotmetal pro 4.0::19971010::extensions to html 4.0//",
    "-//spyglass//dtd html 2.0 extended//",
    "-//sun microsystems corp.//dtd hotjava html//",
    "-//sun microsystems corp.//dtd hotjava strict html//",
    "-//w3c//dtd html 3 1995-03-24//",
    "-//w3c//dtd html 3.2 draft//",
    "-//w3c//dtd html 3.2 final//",
    "-//w3c//dtd html 3.2//",
    "-//w3c//dtd html 3.2s draft//",
    "-//w3c//dtd html 4.0 frameset//",
    "-//w3c//dtd html 4.0 transitional//",
    "-//w3c//dtd html experimental 19960712//",
    "-//w3c//dtd html experimental 970421//",
    "-//w3c//dtd w3 html//",
    "-//w3o//dtd w3 html 3.0//",
    "-//webtechs//dtd mozilla html 2.0//",
    "-//webtechs//dtd mozilla html//",
};

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string lower_ascii(std::string text) {
    for (char& c : text)
        c = c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    return text;
}

bool is_html_whitespace(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

std::size_t leading_whitespace(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() && is_html_whitespace(text[n]))
        ++n;
    return n;
}

bool has_non_whitespace(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) { return c != '\0' && !is_html_whitespace(c); });
}

TitleFinder::TitleFinder(std::size_t max_raw_title, bool read_head)
    : max_raw_title_(max_raw_title), mode_(Mode::initial), read_head_(read_head) {
    stack_.reserve(16);  // a head's worth: html, head, and what is open around the title
}

// ---- Tokens in

void TitleFinder::doctype(const Doctype& doctype) {
    dispatch({Token::Kind::doctype, nullptr, TagId::other, {}, &doctype});
}

void TitleFinder::start_tag(const Tag& tag) {
    dispatch({Token::Kind::start, &tag, tag_id(tag.name), {}, nullptr});
}

void TitleFinder::end_tag(const Tag& tag) {
    dispatch({Token::Kind::end, &tag, tag_id(tag.name), {}, nullptr});
}

void TitleFinder::comment() {
    dispatch({Token::Kind::comment, nullptr, TagId::other, {}, nullptr});
}

void TitleFinder::characters(std::string_view text) {
    dispatch({Token::Kind::characters, nullptr, TagId::other, text, nullptr});
}

void TitleFinder::end_of_file() {
    dispatch({Token::Kind::eof, nullptr, TagId::other, {}, nullptr});
    if (title_id_ != 0) title_found();  // a title cut off by the end of the page runs to it
    done_ = true;
}

bool TitleFinder::in_foreign_content() const {
    return !stack_.empty() && stack_.back().ns != Ns::html;
}

// ---- The dispatcher: HTML rules, or foreign content

bool TitleFinder::use_html_rules(const Token& token) const {
    if (stack_.empty() || token.kind == Token::Kind::eof) return true;
    const Element& node = stack_.back();
    if (node.ns == Ns::html) return true;
    const bool start = token.kind == Token::Kind::start;
    const bool text = token.kind == Token::Kind::characters;
    const bool mathml_text_point =
        node.ns == Ns::math && (node.tag == TagId::mi || node.tag == TagId::mo || node.tag == TagId::mn ||
                                node.tag == TagId::ms || node.tag == TagId::mtext);
    if (mathml_text_point &&
        ((start && token.id != TagId::mglyph && token.id != TagId::malignmark) || text)) {
        return true;
    }
    if (node.ns == Ns::math && node.tag == TagId::annotation_xml && start && token.id == TagId::svg)
        return true;
    const bool html_point = node.html_integration_point ||
                            (node.ns == Ns::svg && (node.tag == TagId::foreignobject ||
                                                    node.tag == TagId::desc || node.tag == TagId::title));
    return html_point && (start || text);
}

void TitleFinder::dispatch(Token token) {
    if (done_) return;
    if (use_html_rules(token)) return process(token);
    foreign_content(token);
}

void TitleFinder::process(Token token) {
    process_in(mode_, token);
}

void TitleFinder::foreign_content(Token token) {
    switch (token.kind) {
        case Token::Kind::characters:
            if (has_non_whitespace(token.text)) frameset_ok_ = false;
            return;
        case Token::Kind::comment:
        case Token::Kind::doctype:
            return;
        case Token::Kind::start: {
            const bool font_with_attributes =
                token.id == TagId::font && (token.tag->attribute("color") || token.tag->attribute("face") ||
                                            token.tag->attribute("size"));
            if (breaks_out_of_foreign_content(token.id) || font_with_attributes) {
                while (!use_html_rules(Token{Token::Kind::start, token.tag, TagId::other, {}, nullptr}) &&
                       stack_.back().ns != Ns::html) {
                    pop();
                }
                return process(token);
            }
            insert(*token.tag, token.id, stack_.back().ns);
            if (token.tag->self_closing) pop();
            return;
        }
        case Token::Kind::end:
            return foreign_end_tag(token);
        case Token::Kind::eof:
            return process(token);
    }
}

// </br> and </p> end foreign content as the breakout start tags do; any other end tag closes
// the nearest open element of its name, if no HTML element comes first.
void TitleFinder::foreign_end_tag(const Token& token) {
    if (token.id == TagId::br || token.id == TagId::p) {
        while (!stack_.empty() && stack_.back().ns != Ns::html &&
               !use_html_rules(Token{Token::Kind::start, token.tag, TagId::other, {}, nullptr})) {
            pop();
        }
        return process(token);
    }
    for (std::size_t i = stack_.size(); i-- > 0;) {
        const Element& node = stack_[i];
        const std::string& name = node.tag == TagId::other ? node.name : token.tag->name;
        const bool same = node.tag == TagId::other ? name == token.tag->name : node.tag == token.id;
        if (i == 0) return;
        if (same) {
            while (stack_.size() > i)
                pop();
            return;
        }
        if (stack_[i - 1].ns == Ns::html) return process(token);
    }
}

// ---- The stack of open elements

TitleFinder::Element TitleFinder::make(const Tag& tag, TagId id, Ns ns) {
    Element element;
    element.tag = id;
    element.ns = ns;
    element.id = next_id_++;
    if (id == TagId::other) element.name = tag.name;
    if (ns == Ns::math && id == TagId::annotation_xml) {
        const std::string* encoding = tag.attribute("encoding");
        const std::string value = encoding ? lower_ascii(*encoding) : "";
        element.html_integration_point = value == "text/html" || value == "application/xhtml+xml";
    }
    return element;
}

void TitleFinder::insert(const Tag& tag, TagId id, Ns ns) {
    if (stack_.size() >= max_depth) return;
    stack_.push_back(make(tag, id, ns));
}

void TitleFinder::insert_implied(TagId id) {
    static const Tag none;
    insert(none, id);
}

void TitleFinder::pop() {
    if (stack_.empty()) return;
    if (stack_.back().id == title_id_) title_found();
    stack_.pop_back();
}

void TitleFinder::pop_until(TagId id) {
    while (!stack_.empty()) {
        const bool found = stack_.back().tag == id && stack_.back().ns == Ns::html;
        pop();
        if (found) return;
    }
}

void TitleFinder::pop_until_one_of(std::initializer_list<TagId> ids) {
    while (!stack_.empty()) {
        const bool found = current_is_one_of(ids);
        pop();
        if (found) return;
    }
}

bool TitleFinder::current_is(TagId id) const {
    return !stack_.empty() && stack_.back().tag == id && stack_.back().ns == Ns::html;
}

bool TitleFinder::current_is_one_of(std::initializer_list<TagId> ids) const {
    return !stack_.empty() && stack_.back().ns == Ns::html &&
           std::find(ids.begin(), ids.end(), stack_.back().tag) != ids.end();
}

bool TitleFinder::on_stack(TagId id) const {
    return std::any_of(stack_.begin(), stack_.end(),
                       [id](const Element& e) { return e.tag == id && e.ns == Ns::html; });
}

bool TitleFinder::in_scope_kind(TagId id, Scope scope) const {
    for (std::size_t i = stack_.size(); i-- > 0;) {
        const Element& node = stack_[i];
        if (node.ns == Ns::html && node.tag == id) return true;
        if (node.ns != Ns::html) {
            if (scope != Scope::table && scope != Scope::select && is_special_foreign(node.tag, node.ns))
                return false;
            if (scope == Scope::select) return false;
            continue;
        }
        switch (scope) {
            case Scope::plain:
                if (ends_scope(node.tag)) return false;
                break;
            case Scope::list_item:
                if (ends_scope(node.tag) || node.tag == TagId::ol || node.tag == TagId::ul) return false;
                break;
            case Scope::button:
                if (ends_scope(node.tag) || node.tag == TagId::button) return false;
                break;
            case Scope::table:
                if (node.tag == TagId::html || node.tag == TagId::table || node.tag == TagId::template_)
                    return false;
                break;
            case Scope::select:
                if (node.tag != TagId::optgroup && node.tag != TagId::option) return false;
                break;
        }
    }
    return false;
}

// For "any other end tag": an element of this exact name in (plain) scope.
bool TitleFinder::in_scope_by_name(const Element& target) const {
    for (std::size_t i = stack_.size(); i-- > 0;) {
        const Element& node = stack_[i];
        if (node.ns == Ns::html && node.tag == target.tag && node.name == target.name) return true;
        if (node.ns == Ns::html ? ends_scope(node.tag) : is_special_foreign(node.tag, node.ns)) return false;
    }
    return false;
}

void TitleFinder::generate_implied_end_tags(TagId except) {
    while (!stack_.empty() && stack_.back().ns == Ns::html && has_implied_end_tag(stack_.back().tag) &&
           stack_.back().tag != except) {
        pop();
    }
}

void TitleFinder::generate_all_implied_end_tags() {
    while (!stack_.empty() && stack_.back().ns == Ns::html &&
           (has_implied_end_tag(stack_.back().tag) ||
            current_is_one_of({TagId::caption, TagId::colgroup, TagId::tbody, TagId::td, TagId::tfoot,
                               TagId::th, TagId::thead, TagId::tr}))) {
        pop();
    }
}

void TitleFinder::close_p() {
    generate_implied_end_tags(TagId::p);
    pop_until(TagId::p);
}

void TitleFinder::close_p_in_button_scope() {
    if (in_scope_kind(TagId::p, Scope::button)) close_p();
}

void TitleFinder::clear_stack_back_to(std::initializer_list<TagId> ids) {
    while (!stack_.empty() && !current_is_one_of(ids))
        pop();
}

void TitleFinder::reset_insertion_mode() {
    for (std::size_t i = stack_.size(); i-- > 0;) {
        const Element& node = stack_[i];
        const bool last = i == 0;
        if (node.ns != Ns::html) continue;
        switch (node.tag) {
            case TagId::td:
            case TagId::th:
                if (!last) return void(mode_ = Mode::in_cell);
                break;
            case TagId::tr:
                return void(mode_ = Mode::in_row);
            case TagId::tbody:
            case TagId::thead:
            case TagId::tfoot:
                return void(mode_ = Mode::in_table_body);
            case TagId::caption:
                return void(mode_ = Mode::in_caption);
            case TagId::colgroup:
                return void(mode_ = Mode::in_column_group);
            case TagId::table:
                return void(mode_ = Mode::in_table);
            case TagId::template_:
                return void(mode_ = template_modes_.empty() ? Mode::in_body : template_modes_.back());
            case TagId::head:
                if (!last) return void(mode_ = Mode::in_head);
                break;
            case TagId::body:
                return void(mode_ = Mode::in_body);
            case TagId::frameset:
                return void(mode_ = Mode::in_frameset);
            case TagId::html:
                return void(mode_ = head_id_ == 0 ? Mode::before_head : Mode::after_head);
            default:
                break;
        }
        if (last) return void(mode_ = Mode::in_body);
    }
    mode_ = Mode::in_body;
}

// ---- The list of active formatting elements

std::size_t TitleFinder::formatting_index(std::uint32_t id) const {
    for (std::size_t i = formatting_.size(); i-- > 0;) {
        if (!formatting_[i].marker && formatting_[i].element.id == id) return i;
    }
    return formatting_.size();
}

std::size_t TitleFinder::stack_index(std::uint32_t id) const {
    for (std::size_t i = stack_.size(); i-- > 0;) {
        if (stack_[i].id == id) return i;
    }
    return stack_.size();
}

void TitleFinder::insert_marker() {
    if (formatting_.size() < max_formatting) formatting_.push_back(Formatting{{}, {}, true});
}

void TitleFinder::clear_to_last_marker() {
    while (!formatting_.empty()) {
        const bool marker = formatting_.back().marker;
        formatting_.pop_back();
        if (marker) return;
    }
}

// The element just inserted for `tag` joins the list; at most three alike (same name,
// namespace and attributes) since the last marker: the earliest of four goes (Noah's Ark).
void TitleFinder::push_formatting(const Tag& tag, TagId id) {
    if (stack_.empty() || stack_.back().tag != id) return;  // not inserted (too deep)
    Formatting entry{stack_.back(), tag.attributes, false};
    std::sort(entry.attributes.begin(), entry.attributes.end(),
              [](const Attribute& a, const Attribute& b) { return a.name < b.name; });
    std::size_t alike = 0, earliest = formatting_.size();
    for (std::size_t i = formatting_.size(); i-- > 0 && !formatting_[i].marker;) {
        const Formatting& other = formatting_[i];
        const bool same = other.element.tag == id && other.element.name == entry.element.name &&
                          other.attributes.size() == entry.attributes.size() &&
                          std::equal(other.attributes.begin(), other.attributes.end(),
                                     entry.attributes.begin(), [](const Attribute& a, const Attribute& b) {
                                         return a.name == b.name && a.value == b.value;
                                     });
        if (same) ++alike, earliest = i;
    }
    if (alike >= 3) formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(earliest));
    if (formatting_.size() < max_formatting) formatting_.push_back(std::move(entry));
}

void TitleFinder::reconstruct_formatting() {
    if (formatting_.empty()) return;
    const auto open = [this](const Formatting& entry) {
        return entry.marker || stack_index(entry.element.id) < stack_.size();
    };
    std::size_t i = formatting_.size() - 1;
    if (open(formatting_[i])) return;
    while (i > 0 && !open(formatting_[i - 1]))
        --i;
    for (; i < formatting_.size(); ++i) {
        if (stack_.size() >= max_depth) return;
        Formatting& entry = formatting_[i];
        Element element = entry.element;
        element.id = next_id_++;
        stack_.push_back(element);
        entry.element = element;
    }
}

// The adoption agency algorithm, on the stack and the list alone: it decides which
// elements stay open, and that is all a later rule can see.
bool TitleFinder::adoption_agency(const Token& token) {
    if (!stack_.empty() && stack_.back().ns == Ns::html && stack_.back().tag == token.id &&
        formatting_index(stack_.back().id) == formatting_.size()) {
        pop();
        return true;
    }
    for (int outer = 0; outer < 8; ++outer) {
        std::size_t at = formatting_.size();
        for (std::size_t i = formatting_.size(); i-- > 0 && !formatting_[i].marker;) {
            if (formatting_[i].element.tag == token.id) {
                at = i;
                break;
            }
        }
        if (at == formatting_.size()) return false;  // act as for "any other end tag"
        if (!adoption_round(formatting_[at].element)) return true;
    }
    return true;
}

bool TitleFinder::element_in_scope(std::uint32_t id) const {
    for (std::size_t i = stack_.size(); i-- > 0;) {
        const Element& node = stack_[i];
        if (node.id == id) return true;
        if (node.ns == Ns::html ? ends_scope(node.tag) : is_special_foreign(node.tag, node.ns)) return false;
    }
    return false;
}

// One round of the outer loop, for `formatting` (a copy: the list moves); false when the
// algorithm is over.
bool TitleFinder::adoption_round(Element formatting) {
    const std::size_t element_at = stack_index(formatting.id);
    if (element_at == stack_.size()) {
        formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(formatting_index(formatting.id)));
        return false;
    }
    if (!element_in_scope(formatting.id)) return false;
    std::size_t furthest = element_at + 1;
    while (furthest < stack_.size() &&
           !(stack_[furthest].ns == Ns::html
                 ? is_special_html(stack_[furthest].tag)
                 : is_special_foreign(stack_[furthest].tag, stack_[furthest].ns))) {
        ++furthest;
    }
    if (furthest == stack_.size()) {
        while (stack_.size() > element_at)
            pop();
        formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(formatting_index(formatting.id)));
        return false;
    }
    const std::uint32_t furthest_id = stack_[furthest].id;
    const std::uint32_t bookmark_after = adoption_inner_loop(formatting.id, furthest);
    Element clone = formatting;
    clone.id = next_id_++;
    const std::size_t old_entry = formatting_index(formatting.id);
    Formatting moved = formatting_[old_entry];
    moved.element = clone;
    if (bookmark_after == 0) {
        formatting_[old_entry] = std::move(moved);
    } else {
        formatting_.insert(
            formatting_.begin() + static_cast<std::ptrdiff_t>(formatting_index(bookmark_after) + 1),
            std::move(moved));
        formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(formatting_index(formatting.id)));
    }
    stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(stack_index(formatting.id)));
    stack_.insert(stack_.begin() + static_cast<std::ptrdiff_t>(stack_index(furthest_id) + 1), clone);
    return true;
}

// The inner loop: the elements between the furthest block and the formatting element are
// dropped or replaced by new ones. Returns the id the bookmark follows (0: the formatting
// element's own place).
std::uint32_t TitleFinder::adoption_inner_loop(std::uint32_t formatting_id, std::size_t furthest) {
    const std::uint32_t furthest_id = stack_[furthest].id;
    std::uint32_t last_id = furthest_id, bookmark_after = 0;
    std::size_t node_at = furthest;
    for (int inner = 1;; ++inner) {
        --node_at;
        if (stack_[node_at].id == formatting_id) return bookmark_after;
        std::size_t listed = formatting_index(stack_[node_at].id);
        if (inner > 3 && listed < formatting_.size()) {
            formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(listed));
            listed = formatting_.size();
        }
        if (listed == formatting_.size()) {
            stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(node_at));
            continue;
        }
        Element replacement = stack_[node_at];
        replacement.id = next_id_++;
        formatting_[listed].element = replacement;
        stack_[node_at] = replacement;
        if (last_id == furthest_id) bookmark_after = replacement.id;
        last_id = replacement.id;
    }
}

// ---- Text and the title

void TitleFinder::insert_characters(std::string_view text, bool non_whitespace) {
    if (non_whitespace) frameset_ok_ = false;
    if (title_id_ == 0 || stack_.empty() || stack_.back().id != title_id_) return;
    const std::size_t room = max_raw_title_ - std::min(max_raw_title_, title_->size());
    if (text.size() > room) title_cut_ = true;
    title_->append(text.substr(0, room));
    if (title_cut_) title_found();  // enough has been read
}

// The generic RCDATA and raw text element parsing algorithms. A title inserted here, in the
// document (not in a template's contents), is the document's title.
void TitleFinder::generic_text(const Tag& tag, TagId id, Tokenizer::Content content) {
    insert(tag, id);
    tokenizer_.switch_to(content);
    original_mode_ = mode_;
    mode_ = Mode::text;
    if (id == TagId::title && !title_ && !on_stack(TagId::template_) && !stack_.empty() &&
        stack_.back().tag == TagId::title) {
        title_id_ = stack_.back().id;
        title_.emplace();
    }
}

void TitleFinder::title_found() {
    title_id_ = 0;
    title_known_ = true;
    if (read_head_ && !head_over_) return;  // the head's facts are still to come
    done_ = true;
    tokenizer_.stop();
}

// The head is closed: with read_head, nothing more is needed once the title is known too.
void TitleFinder::head_ended() {
    head_over_ = true;
    if (read_head_ && title_known_) {
        done_ = true;
        tokenizer_.stop();
    }
}

void TitleFinder::set_quirks(const Doctype& doctype) {
    const std::string public_id = lower_ascii(doctype.public_id.value_or(""));
    const std::string system_id = lower_ascii(doctype.system_id.value_or(""));
    bool quirks = doctype.force_quirks || doctype.name != "html" ||
                  public_id == "-//w3o//dtd w3 html strict 3.0//en//" ||
                  public_id == "-/w3c/dtd html 4.0 transitional/en" || public_id == "html" ||
                  system_id == "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd";
    for (std::size_t i = 0; !quirks && !public_id.empty() && i < std::size(quirky_public_prefixes); ++i)
        quirks = starts_with(public_id, quirky_public_prefixes[i]);
    if (!doctype.system_id) {
        quirks = quirks || starts_with(public_id, "-//w3c//dtd html 4.01 frameset//") ||
                 starts_with(public_id, "-//w3c//dtd html 4.01 transitional//");
    }
    quirks_ = quirks;
}

// ---- The insertion modes before the body

void TitleFinder::initial(Token token) {
    if (token.kind == Token::Kind::characters) {
        token.text.remove_prefix(leading_whitespace(token.text));
        if (token.text.empty()) return;
    }
    if (token.kind == Token::Kind::comment) return;
    if (token.kind == Token::Kind::doctype) {
        set_quirks(*token.doctype);
        mode_ = Mode::before_html;
        return;
    }
    quirks_ = true;
    mode_ = Mode::before_html;
    process(token);
}

bool TitleFinder::skip_blank(Token& token) {
    if (token.kind == Token::Kind::doctype || token.kind == Token::Kind::comment) return true;
    if (token.kind != Token::Kind::characters) return false;
    token.text.remove_prefix(leading_whitespace(token.text));
    return token.text.empty();
}

void TitleFinder::before_html(Token token) {
    if (skip_blank(token)) return;
    if (token.kind == Token::Kind::start && token.id == TagId::html) {
        insert(*token.tag, token.id);
        mode_ = Mode::before_head;
        read_head_facts(*token.tag, HeadSource::html);
        return;
    }
    if (token.kind == Token::Kind::end && token.id != TagId::head && token.id != TagId::body &&
        token.id != TagId::html && token.id != TagId::br) {
        return;
    }
    insert_implied(TagId::html);
    mode_ = Mode::before_head;
    process(token);
}

void TitleFinder::before_head(Token token) {
    if (skip_blank(token)) return;
    if (token.kind == Token::Kind::start && token.id == TagId::html) return in_body(token);
    if (token.kind == Token::Kind::start && token.id == TagId::head) {
        insert(*token.tag, token.id);
        head_id_ = stack_.back().id;
        mode_ = Mode::in_head;
        return;
    }
    if (token.kind == Token::Kind::end && token.id != TagId::head && token.id != TagId::body &&
        token.id != TagId::html && token.id != TagId::br) {
        return;
    }
    insert_implied(TagId::head);
    head_id_ = stack_.back().id;
    mode_ = Mode::in_head;
    process(token);
}

void TitleFinder::in_head(Token token) {
    if (skip_blank(token)) return;
    switch (token.kind) {
        case Token::Kind::start:
            if (token.id == TagId::html) return in_body(token);
            if (token.id != TagId::head) return in_head_start(token);
            return;  // a second head: ignored
        case Token::Kind::end:
            if (token.id == TagId::head) {
                pop();
                mode_ = Mode::after_head;
                return head_ended();
            }
            if (token.id == TagId::template_) return end_template();
            if (token.id != TagId::body && token.id != TagId::html && token.id != TagId::br) return;
            break;
        case Token::Kind::characters:  // not blank
        case Token::Kind::comment:     // skipped
        case Token::Kind::doctype:
        case Token::Kind::eof:
            break;
    }
    pop();  // the head
    mode_ = Mode::after_head;
    head_ended();
    if (!done_) process(token);
}

}  // namespace fetch::html5
