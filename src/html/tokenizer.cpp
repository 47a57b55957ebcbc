// The states follow the standard one for one, in its order and with its names, so that each
// can be checked against §13.2.5. Two liberties, neither of which moves a token boundary:
// character references are not decoded (their characters are alphanumerics, '#' and ';', so a
// reference never hides a '<', a quote or a '>'), and U+0000 is passed on as it came (the
// title's text is cleaned once, at the end). Text-only states scan for the next byte that can
// end them instead of stepping through every byte, which is most of the speed.
#include "tokenizer.hpp"

#include <algorithm>
#include <cstring>
#include <utility>

namespace fetch::html5 {

// The states in families, one function each (step() dispatches on the ranges); within a
// family, in the standard's order. finish() relies on the comment and DOCTYPE runs too.
enum class Tokenizer::State : std::uint8_t {
    // raw_state: text, and the end tags that may close it
    data,
    rcdata,
    rawtext,
    plaintext,
    rcdata_less_than,
    rawtext_less_than,
    rcdata_end_tag_open,
    rawtext_end_tag_open,
    script_end_tag_open,
    script_escaped_end_tag_open,
    end_tag_name,
    // script_state, script_escaped_state, script_double_escaped_state
    script_data,
    script_less_than,
    script_escape_start,
    script_escape_start_dash,
    script_escaped,
    script_escaped_dash,
    script_escaped_dash_dash,
    script_escaped_less_than,
    script_double_escape_start,
    script_double_escaped,
    script_double_escaped_dash,
    script_double_escaped_dash_dash,
    script_double_escaped_less_than,
    script_double_escape_end,
    // tag_state, attribute_state, attribute_value_state
    tag_open,
    end_tag_open,
    tag_name,
    self_closing_start_tag,
    before_attribute_name,
    attribute_name,
    after_attribute_name,
    before_attribute_value,
    attribute_value_double,
    attribute_value_single,
    attribute_value_unquoted,
    after_attribute_value_quoted,
    // comment_state
    bogus_comment,
    markup_declaration_open,
    comment_start,
    comment_start_dash,
    comment,
    comment_less_than,
    comment_less_than_bang,
    comment_less_than_bang_dash,
    comment_less_than_bang_dash_dash,
    comment_end_dash,
    comment_end,
    comment_end_bang,
    // doctype_state, doctype_id_state
    doctype,
    before_doctype_name,
    doctype_name,
    after_doctype_name,
    after_doctype_keyword,
    before_doctype_id,
    doctype_id_double,
    doctype_id_single,
    after_doctype_id,
    between_doctype_ids,
    bogus_doctype,
    // cdata_state
    cdata_section,
    cdata_bracket,
    cdata_end,
};

namespace {

using S = Tokenizer::State;

bool is_space(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '\r';
}

bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool starts_with_ci(std::string_view text, std::string_view lower_prefix) {
    if (text.size() > lower_prefix.size()) text = text.substr(0, lower_prefix.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (lower(text[i]) != lower_prefix[i]) return false;
    }
    return true;
}

// The first byte of `text` at or after `from` that is one of `stops`, or text.size().
std::size_t find_any(std::string_view text, std::size_t from, std::string_view stops) {
    if (stops.size() == 1) {
        const void* found = std::memchr(text.data() + from, stops[0], text.size() - from);
        return found ? static_cast<std::size_t>(static_cast<const char*>(found) - text.data()) : text.size();
    }
    const auto at = text.find_first_of(stops, from);
    return at == std::string_view::npos ? text.size() : at;
}

}  // namespace

const std::string* Tag::attribute(std::string_view key) const {
    for (const Attribute& a : attributes) {
        if (a.name == key) return &a.value;
    }
    return nullptr;
}

// ---- Text: views into the chunk being fed, copied only at the chunk's end.

void Tokenizer::emit_text(std::string_view text) {
    if (text.empty()) return;
    const char* base = chunk_.data();
    const auto start = static_cast<std::size_t>(text.data() - base);
    if (text.data() >= base && text.data() + text.size() <= base + chunk_.size()) {
        if (text_end_ == start && text_end_ > text_start_) {
            text_end_ += text.size();
            return;
        }
        flush_text();
        text_start_ = start;
        text_end_ = start + text.size();
        return;
    }
    flush_text();
    sink_.characters(text);
}

void Tokenizer::flush_text() {
    if (text_end_ > text_start_) sink_.characters(chunk_.substr(text_start_, text_end_ - text_start_));
    text_start_ = text_end_ = 0;
}

void Tokenizer::emit_temporary_as_text(std::string_view prefix) {
    pending_text_.assign(prefix).append(temporary_);
    emit_text(pending_text_);
}

// ---- Feeding

void Tokenizer::feed(std::string_view text) {
    chunk_ = text;
    std::size_t i = 0;
    while (i < text.size() && !stopped_) {
        const std::size_t scanned = scan_text(text.substr(i));
        if (scanned > 0) {
            i += scanned;
            continue;
        }
        pos_ = i;
        step(text[i]);
        ++i;
    }
    flush_text();
    chunk_ = {};
}

// In the states where most bytes are text, the run up to the next byte that matters is taken
// at once. Returns how many bytes were taken (0: step through the next one).
std::size_t Tokenizer::scan_text(std::string_view text) {
    std::string_view stops;
    bool emit = true;
    switch (state_) {
        case S::data:
        case S::rcdata:
        case S::rawtext:
        case S::script_data:
            stops = "<";
            break;
        case S::plaintext:
            emit_text(text);
            return text.size();
        case S::script_escaped:
        case S::script_double_escaped:
            stops = "-<";
            break;
        case S::comment:
            stops = "-<";
            emit = false;
            break;
        case S::bogus_comment:
            stops = ">";
            emit = false;
            break;
        case S::cdata_section:
            stops = "]";
            break;
        default:
            return 0;
    }
    const std::size_t end = find_any(text, 0, stops);
    if (emit) emit_text(text.substr(0, end));
    return end;
}

void Tokenizer::switch_to(Content content) {
    switch (content) {
        case Content::data:
            state_ = S::data;
            break;
        case Content::rcdata:
            state_ = S::rcdata;
            break;
        case Content::rawtext:
            state_ = S::rawtext;
            break;
        case Content::script_data:
            state_ = S::script_data;
            break;
        case Content::plaintext:
            state_ = S::plaintext;
            break;
    }
}

// The byte being stepped through, as text: a view into the input, so that runs stay whole.
std::string_view Tokenizer::current() const {
    return chunk_.substr(pos_, 1);
}

void Tokenizer::reconsume(State state, char c) {
    state_ = state;
    step(c);
}

// ---- Tags

// A new tag in the old one's place: its attribute vector keeps its capacity.
void Tokenizer::reset_tag() {
    tag_.name.clear();
    tag_.attributes.clear();
    tag_.self_closing = false;
}

void Tokenizer::add_to_tag_name(char c) {
    if (tag_.name.size() < max_name) {
        tag_.name.push_back(lower(c));
    } else {
        name_too_long_ = true;
    }
}

void Tokenizer::add_to_temporary(char c) {
    if (temporary_.size() < max_name + 1) temporary_.push_back(c);
}

void Tokenizer::start_attribute() {
    drop_attribute_ = tag_.attributes.size() >= max_attributes;
    if (!drop_attribute_) tag_.attributes.emplace_back();
}

void Tokenizer::add_to_name(char c) {
    if (!drop_attribute_ && tag_.attributes.back().name.size() < max_name) {
        tag_.attributes.back().name.push_back(lower(c));
    }
}

void Tokenizer::add_to_value(char c) {
    if (!drop_attribute_ && tag_.attributes.back().value.size() < max_value)
        tag_.attributes.back().value.push_back(c);
}

bool Tokenizer::appropriate_end_tag() const {
    return !name_too_long_ && !last_start_tag_.empty() && tag_.name == last_start_tag_;
}

void Tokenizer::emit_tag() {
    flush_text();
    state_ = S::data;
    if (name_too_long_) tag_.name.clear();
    if (end_tag_) {
        sink_.end_tag(tag_);
    } else {
        last_start_tag_ = tag_.name;
        sink_.start_tag(tag_);
    }
}

void Tokenizer::tag_state(char c) {
    switch (state_) {
        case S::tag_open:
            if (c == '!') {
                markup_.clear();
                state_ = S::markup_declaration_open;
            } else if (c == '/') {
                state_ = S::end_tag_open;
            } else if (is_alpha(c)) {
                reset_tag();
                end_tag_ = name_too_long_ = false;
                reconsume(S::tag_name, c);
            } else if (c == '?') {
                reconsume(S::bogus_comment, c);
            } else {
                emit_text("<");
                reconsume(S::data, c);
            }
            return;
        case S::end_tag_open:
            if (is_alpha(c)) {
                reset_tag();
                end_tag_ = true;
                name_too_long_ = false;
                reconsume(S::tag_name, c);
            } else if (c == '>') {
                state_ = S::data;
            } else {
                reconsume(S::bogus_comment, c);
            }
            return;
        case S::tag_name:
            if (is_space(c)) {
                state_ = S::before_attribute_name;
            } else if (c == '/') {
                state_ = S::self_closing_start_tag;
            } else if (c == '>') {
                emit_tag();
            } else {
                add_to_tag_name(c);
            }
            return;
        case S::self_closing_start_tag:
            if (c == '>') {
                tag_.self_closing = true;
                emit_tag();
            } else {
                reconsume(S::before_attribute_name, c);
            }
            return;
        default:
            return attribute_state(c);
    }
}

// Leaving an attribute's name: a name seen before in this tag is dropped, with its value.
void Tokenizer::attribute_state(char c) {
    const auto end_of_name = [this] {
        if (drop_attribute_ || tag_.attributes.size() < 2) return;
        const std::string& name = tag_.attributes.back().name;
        for (std::size_t i = 0; i + 1 < tag_.attributes.size(); ++i) {
            if (tag_.attributes[i].name == name) {
                tag_.attributes.pop_back();
                drop_attribute_ = true;
                return;
            }
        }
    };
    switch (state_) {
        case S::before_attribute_name:
            if (is_space(c)) return;
            if (c == '/' || c == '>') return reconsume(S::after_attribute_name, c);
            start_attribute();
            if (c == '=') {
                add_to_name(c);
                state_ = S::attribute_name;
                return;
            }
            return reconsume(S::attribute_name, c);
        case S::attribute_name:
            if (is_space(c) || c == '/' || c == '>') {
                end_of_name();
                return reconsume(S::after_attribute_name, c);
            }
            if (c == '=') {
                end_of_name();
                state_ = S::before_attribute_value;
                return;
            }
            return add_to_name(c);
        case S::after_attribute_name:
            if (is_space(c)) return;
            if (c == '/') return void(state_ = S::self_closing_start_tag);
            if (c == '=') return void(state_ = S::before_attribute_value);
            if (c == '>') return emit_tag();
            start_attribute();
            return reconsume(S::attribute_name, c);
        default:
            return attribute_value_state(c);
    }
}

void Tokenizer::attribute_value_state(char c) {
    switch (state_) {
        case S::before_attribute_value:
            if (is_space(c)) return;
            if (c == '"') return void(state_ = S::attribute_value_double);
            if (c == '\'') return void(state_ = S::attribute_value_single);
            if (c == '>') return emit_tag();
            return reconsume(S::attribute_value_unquoted, c);
        case S::attribute_value_double:
        case S::attribute_value_single:
            if (c == (state_ == S::attribute_value_double ? '"' : '\'')) {
                state_ = S::after_attribute_value_quoted;
                return;
            }
            return add_to_value(c);
        case S::attribute_value_unquoted:
            if (is_space(c)) return void(state_ = S::before_attribute_name);
            if (c == '>') return emit_tag();
            return add_to_value(c);
        case S::after_attribute_value_quoted:
            if (is_space(c)) return void(state_ = S::before_attribute_name);
            if (c == '/') return void(state_ = S::self_closing_start_tag);
            if (c == '>') return emit_tag();
            return reconsume(S::before_attribute_name, c);
        default:
            return;
    }
}

// ---- RCDATA, RAWTEXT and their end tags; the end-tag-name state is shared by all three
// kinds of text (and script data), returning to `return_state_` when it is not one.

void Tokenizer::raw_state(char c) {
    switch (state_) {
        case S::data:
            if (c != '<') return emit_text(current());
            state_ = S::tag_open;
            return;
        case S::rcdata:
        case S::rawtext:
            if (c != '<') return emit_text(current());
            state_ = state_ == S::rcdata ? S::rcdata_less_than : S::rawtext_less_than;
            return;
        case S::rcdata_less_than:
        case S::rawtext_less_than: {
            const State text = state_ == S::rcdata_less_than ? S::rcdata : S::rawtext;
            if (c == '/') {
                temporary_.clear();
                state_ = text == S::rcdata ? S::rcdata_end_tag_open : S::rawtext_end_tag_open;
                return;
            }
            emit_text("<");
            return reconsume(text, c);
        }
        case S::rcdata_end_tag_open:
        case S::rawtext_end_tag_open:
        case S::script_end_tag_open:
        case S::script_escaped_end_tag_open: {
            const State text = state_ == S::rcdata_end_tag_open    ? S::rcdata
                               : state_ == S::rawtext_end_tag_open ? S::rawtext
                               : state_ == S::script_end_tag_open  ? S::script_data
                                                                   : S::script_escaped;
            if (is_alpha(c)) {
                reset_tag();
                end_tag_ = true;
                name_too_long_ = false;
                return_state_ = text;
                return reconsume(S::end_tag_name, c);
            }
            emit_text("</");
            return reconsume(text, c);
        }
        case S::end_tag_name:
            if ((is_space(c) || c == '/' || c == '>') && appropriate_end_tag()) {
                if (c == '>') return emit_tag();
                state_ = is_space(c) ? S::before_attribute_name : S::self_closing_start_tag;
                return;
            }
            if (is_alpha(c)) {
                add_to_tag_name(c);
                add_to_temporary(c);
                return;
            }
            emit_temporary_as_text("</");
            return reconsume(return_state_, c);
        default:
            return;
    }
}

void Tokenizer::script_state(char c) {
    const std::string_view one = current();
    switch (state_) {
        case S::script_data:
            if (c != '<') return emit_text(one);
            state_ = S::script_less_than;
            return;
        case S::script_less_than:
            if (c == '/') {
                temporary_.clear();
                state_ = S::script_end_tag_open;
            } else if (c == '!') {
                emit_text("<!");
                state_ = S::script_escape_start;
            } else {
                emit_text("<");
                reconsume(S::script_data, c);
            }
            return;
        case S::script_escape_start:
        case S::script_escape_start_dash:
            if (c != '-') return reconsume(S::script_data, c);
            emit_text(one);
            state_ =
                state_ == S::script_escape_start ? S::script_escape_start_dash : S::script_escaped_dash_dash;
            return;
        default:
            return script_escaped_state(c);
    }
}

// The escaped (after "<!--") and double-escaped (after a nested "<script") states of script
// data, where a "</script>" may or may not end the script.
void Tokenizer::script_escaped_state(char c) {
    const std::string_view one = current();
    switch (state_) {
        case S::script_escaped:
        case S::script_escaped_dash:
        case S::script_escaped_dash_dash:
            if (c == '<') return void(state_ = S::script_escaped_less_than);
            emit_text(one);
            if (c == '-') {
                state_ = state_ == S::script_escaped ? S::script_escaped_dash : S::script_escaped_dash_dash;
            } else {
                state_ =
                    c == '>' && state_ == S::script_escaped_dash_dash ? S::script_data : S::script_escaped;
            }
            return;
        case S::script_escaped_less_than:
            if (c == '/') {
                temporary_.clear();
                state_ = S::script_escaped_end_tag_open;
            } else if (is_alpha(c)) {
                temporary_.clear();
                emit_text("<");
                reconsume(S::script_double_escape_start, c);
            } else {
                emit_text("<");
                reconsume(S::script_escaped, c);
            }
            return;
        case S::script_double_escape_start:
        case S::script_double_escape_end: {
            const bool start = state_ == S::script_double_escape_start;
            if (is_space(c) || c == '/' || c == '>') {
                emit_text(one);
                const bool script = temporary_ == "script";
                state_ = start == script ? S::script_double_escaped : S::script_escaped;
            } else if (is_alpha(c)) {
                add_to_temporary(lower(c));
                emit_text(one);
            } else {
                reconsume(start ? S::script_escaped : S::script_double_escaped, c);
            }
            return;
        }
        default:
            return script_double_escaped_state(c);
    }
}

void Tokenizer::script_double_escaped_state(char c) {
    const std::string_view one = current();
    switch (state_) {
        case S::script_double_escaped:
        case S::script_double_escaped_dash:
        case S::script_double_escaped_dash_dash:
            emit_text(one);
            if (c == '-') {
                state_ = state_ == S::script_double_escaped ? S::script_double_escaped_dash
                                                            : S::script_double_escaped_dash_dash;
            } else if (c == '<') {
                state_ = S::script_double_escaped_less_than;
            } else {
                state_ = c == '>' && state_ == S::script_double_escaped_dash_dash ? S::script_data
                                                                                  : S::script_double_escaped;
            }
            return;
        case S::script_double_escaped_less_than:
            if (c != '/') return reconsume(S::script_double_escaped, c);
            temporary_.clear();
            emit_text(one);
            state_ = S::script_double_escape_end;
            return;
        default:
            return;
    }
}

// ---- Markup declarations, comments, CDATA

// What follows "<!" is gathered until it says what it is: "--", "DOCTYPE" (any case) or, in
// foreign content, "[CDATA[". Anything else is a bogus comment that begins with those bytes.
void Tokenizer::markup_declaration(char c) {
    markup_.push_back(c);
    const bool comment = std::string_view("--").substr(0, markup_.size()) == markup_;
    const bool doctype = starts_with_ci(markup_, "doctype");
    const bool cdata = std::string_view("[CDATA[").substr(0, markup_.size()) == markup_;
    if (comment && markup_.size() == 2) return void(state_ = S::comment_start);
    if (doctype && markup_.size() == 7) return void(state_ = S::doctype);
    if (cdata && markup_.size() == 7) {
        if (sink_.in_foreign_content()) return void(state_ = S::cdata_section);
    } else if (comment || doctype || cdata) {
        return;  // not decided yet
    }
    // A bogus comment, which these bytes begin. The byte that ruled the rest out is the only
    // one that can be a '>' (no prefix above holds one), and then it ends the comment: "<!>".
    const bool ended = markup_.back() == '>';
    markup_.clear();
    state_ = S::bogus_comment;
    if (ended) step('>');
}

void Tokenizer::comment_state(char c) {
    const auto end = [this] {
        flush_text();
        state_ = S::data;
        sink_.comment();
    };
    switch (state_) {
        case S::markup_declaration_open:
            markup_declaration(c);
            return;
        case S::bogus_comment:
            if (c == '>') end();
            return;
        case S::comment_start:
        case S::comment_start_dash:
            if (c == '-')
                return void(state_ = state_ == S::comment_start ? S::comment_start_dash : S::comment_end);
            if (c == '>') return end();
            return reconsume(S::comment, c);
        case S::comment:
            if (c == '<') state_ = S::comment_less_than;
            if (c == '-') state_ = S::comment_end_dash;
            return;
        case S::comment_less_than:
            if (c == '!') return void(state_ = S::comment_less_than_bang);
            if (c == '<') return;
            return reconsume(S::comment, c);
        case S::comment_less_than_bang:
            if (c == '-') return void(state_ = S::comment_less_than_bang_dash);
            return reconsume(S::comment, c);
        case S::comment_less_than_bang_dash:
            if (c == '-') return void(state_ = S::comment_less_than_bang_dash_dash);
            return reconsume(S::comment_end_dash, c);
        case S::comment_less_than_bang_dash_dash:
            return reconsume(S::comment_end, c);
        case S::comment_end_dash:
            if (c == '-') return void(state_ = S::comment_end);
            return reconsume(S::comment, c);
        case S::comment_end:
            if (c == '>') return end();
            if (c == '!') return void(state_ = S::comment_end_bang);
            if (c == '-') return;
            return reconsume(S::comment, c);
        case S::comment_end_bang:
            if (c == '-') return void(state_ = S::comment_end_dash);
            if (c == '>') return end();
            return reconsume(S::comment, c);
        default:
            return;
    }
}

void Tokenizer::cdata_state(char c) {
    switch (state_) {
        case S::cdata_section:
            if (c != ']') return emit_text(current());
            state_ = S::cdata_bracket;
            return;
        case S::cdata_bracket:
            if (c == ']') return void(state_ = S::cdata_end);
            emit_text("]");
            return reconsume(S::cdata_section, c);
        case S::cdata_end:
            if (c == ']') return emit_text("]");
            if (c == '>') return void(state_ = S::data);
            emit_text("]]");
            return reconsume(S::cdata_section, c);
        default:
            return;
    }
}

// ---- DOCTYPE: its name and identifiers, as quirks mode needs them.

void Tokenizer::emit_doctype(bool force_quirks) {
    flush_text();
    doctype_.force_quirks = doctype_.force_quirks || force_quirks;
    state_ = S::data;
    sink_.doctype(doctype_);
}

void Tokenizer::doctype_state(char c) {
    const auto emit = [this](bool force_quirks) { emit_doctype(force_quirks); };
    switch (state_) {
        case S::doctype:
            doctype_ = Doctype{};
            markup_.clear();
            if (is_space(c)) return void(state_ = S::before_doctype_name);
            return reconsume(S::before_doctype_name, c);
        case S::before_doctype_name:
            if (is_space(c)) return;
            if (c == '>') return emit(true);
            doctype_.name.push_back(lower(c));
            state_ = S::doctype_name;
            return;
        case S::doctype_name:
            if (is_space(c)) return void(state_ = S::after_doctype_name);
            if (c == '>') return emit(false);
            if (doctype_.name.size() < max_name) doctype_.name.push_back(lower(c));
            return;
        case S::after_doctype_name:
            if (is_space(c)) return;
            if (c == '>') return emit(false);
            markup_.push_back(lower(c));  // "public" or "system", any case
            if (markup_ == "public" || markup_ == "system") {
                doctype_field_ = markup_ == "public" ? 1 : 2;
                markup_.clear();
                state_ = S::after_doctype_keyword;
            } else if (std::string_view("public").rfind(markup_, 0) != 0 &&
                       std::string_view("system").rfind(markup_, 0) != 0) {
                markup_.clear();
                doctype_.force_quirks = true;
                reconsume(S::bogus_doctype, c);
            }
            return;
        default:
            return doctype_id_state(c);
    }
}

// The public and system identifiers, and what surrounds them.
void Tokenizer::doctype_id_state(char c) {
    const auto emit = [this](bool force_quirks) { emit_doctype(force_quirks); };
    const auto id = [this]() -> std::string& {
        return doctype_field_ == 1 ? *doctype_.public_id : *doctype_.system_id;
    };
    switch (state_) {
        case S::after_doctype_keyword:
        case S::before_doctype_id:
        case S::between_doctype_ids:
            if (is_space(c)) {
                if (state_ == S::after_doctype_keyword) state_ = S::before_doctype_id;
                return;
            }
            if (c == '>') return emit(state_ != S::between_doctype_ids);
            if (c == '"' || c == '\'') {
                if (state_ == S::between_doctype_ids) doctype_field_ = 2;
                (doctype_field_ == 1 ? doctype_.public_id : doctype_.system_id).emplace();
                state_ = c == '"' ? S::doctype_id_double : S::doctype_id_single;
                return;
            }
            doctype_.force_quirks = true;
            return reconsume(S::bogus_doctype, c);
        case S::doctype_id_double:
        case S::doctype_id_single:
            if (c == (state_ == S::doctype_id_double ? '"' : '\'')) return void(state_ = S::after_doctype_id);
            if (c == '>') return emit(true);
            if (id().size() < max_value) id().push_back(c);
            return;
        case S::after_doctype_id:
            if (is_space(c)) {
                if (doctype_field_ == 1) state_ = S::between_doctype_ids;
                return;
            }
            if (c == '>') return emit(false);
            if (doctype_field_ == 1 && (c == '"' || c == '\'')) {
                state_ = S::between_doctype_ids;
                return doctype_id_state(c);
            }
            doctype_.force_quirks = doctype_.force_quirks || doctype_field_ == 1;
            return reconsume(S::bogus_doctype, c);
        case S::bogus_doctype:
            if (c == '>') emit(false);
            return;
        default:
            return;
    }
}

// ---- One byte, in the current state

void Tokenizer::step(char c) {
    // The states come in families, in the order of the enum: each family has its function.
    if (state_ <= S::end_tag_name) return raw_state(c);
    if (state_ <= S::script_double_escape_end) return script_state(c);
    if (state_ <= S::after_attribute_value_quoted) return tag_state(c);
    if (state_ <= S::comment_end_bang) return comment_state(c);
    if (state_ <= S::bogus_doctype) return doctype_state(c);
    return cdata_state(c);
}

// ---- The end of the input: each state ends as the standard's EOF rules say.

// What a state leaves behind when the input ends in it: text it was holding back.
std::string_view Tokenizer::text_left_at_end() {
    switch (state_) {
        case S::tag_open:
        case S::rcdata_less_than:
        case S::rawtext_less_than:
        case S::script_less_than:
        case S::script_escaped_less_than:
            return "<";
        case S::end_tag_open:
        case S::rcdata_end_tag_open:
        case S::rawtext_end_tag_open:
        case S::script_end_tag_open:
        case S::script_escaped_end_tag_open:
            return "</";
        case S::end_tag_name:
            pending_text_ = "</" + temporary_;
            return pending_text_;
        case S::cdata_bracket:
            return "]";
        case S::cdata_end:
            return "]]";
        default:
            return {};
    }
}

void Tokenizer::finish() {
    if (stopped_) return;
    emit_text(text_left_at_end());
    const auto in = [this](State first, State last) { return state_ >= first && state_ <= last; };
    if (in(S::bogus_comment, S::comment_end_bang)) sink_.comment();  // a comment cut short is one
    if (in(S::doctype, S::between_doctype_ids)) {
        if (state_ == S::doctype) doctype_ = Doctype{};
        doctype_.force_quirks = true;
        sink_.doctype(doctype_);
    }
    if (state_ == S::bogus_doctype) sink_.doctype(doctype_);
    flush_text();
    if (!stopped_) sink_.end_of_file();  // a tag cut short is dropped
}

}  // namespace fetch::html5
