// The table insertion modes, "in template", the frameset modes and the modes after the body
// (WHATWG HTML §13.2.6.4.9-13.2.6.4.23).
#include <algorithm>

#include "title_finder.hpp"
#include "title_finder_internal.hpp"

namespace fetch::html5 {

using T = TagId;

namespace {

template <typename Token>
bool is_start(const Token& token, std::initializer_list<TagId> ids) {
    return token.kind == Token::Kind::start && std::find(ids.begin(), ids.end(), token.id) != ids.end();
}

template <typename Token>
bool is_end(const Token& token, std::initializer_list<TagId> ids) {
    return token.kind == Token::Kind::end && std::find(ids.begin(), ids.end(), token.id) != ids.end();
}

}  // namespace

// ---- in table

void TitleFinder::in_table_anything_else(const Token& token) {
    foster_parenting_ = true;
    in_body(token);
    foster_parenting_ = false;
}

void TitleFinder::in_table(Token token) {
    switch (token.kind) {
        case Token::Kind::characters:
            if (current_is_one_of({T::table, T::tbody, T::template_, T::tfoot, T::thead, T::tr})) {
                table_text_non_whitespace_ = false;
                original_mode_ = mode_;
                mode_ = Mode::in_table_text;
                return process(token);
            }
            return in_table_anything_else(token);
        case Token::Kind::comment:
        case Token::Kind::doctype:
            return;
        case Token::Kind::start:
            return in_table_start(token);
        case Token::Kind::end:
            if (token.id == T::table) {
                if (!in_scope_kind(T::table, Scope::table)) return;
                pop_until(T::table);
                return reset_insertion_mode();
            }
            if (is_end(token, {T::body, T::caption, T::col, T::colgroup, T::html, T::tbody, T::td, T::tfoot,
                               T::th, T::thead, T::tr})) {
                return;
            }
            if (token.id == T::template_) return in_head(token);
            return in_table_anything_else(token);
        case Token::Kind::eof:
            return in_body(token);
    }
}

void TitleFinder::in_table_start(const Token& token) {
    const Tag& tag = *token.tag;
    const auto clear = [this] { clear_stack_back_to({T::table, T::template_, T::html}); };
    switch (token.id) {
        case T::caption:
            clear();
            insert_marker();
            insert(tag, token.id);
            mode_ = Mode::in_caption;
            return;
        case T::colgroup:
            clear();
            insert(tag, token.id);
            mode_ = Mode::in_column_group;
            return;
        case T::col:
            clear();
            insert_implied(T::colgroup);
            mode_ = Mode::in_column_group;
            return process(token);
        case T::tbody:
        case T::tfoot:
        case T::thead:
            clear();
            insert(tag, token.id);
            mode_ = Mode::in_table_body;
            return;
        case T::td:
        case T::th:
        case T::tr:
            clear();
            insert_implied(T::tbody);
            mode_ = Mode::in_table_body;
            return process(token);
        case T::table:
            if (!in_scope_kind(T::table, Scope::table)) return;
            pop_until(T::table);
            reset_insertion_mode();
            return process(token);
        case T::style:
        case T::script:
        case T::template_:
            return in_head(token);
        case T::input: {
            const std::string* type = tag.attribute("type");
            if (!type || lower_ascii(*type) != "hidden") return in_table_anything_else(token);
            return insert_void(tag, token.id);
        }
        case T::form:
            if (on_stack(T::template_) || form_id_ != 0) return;
            insert(tag, token.id);
            form_id_ = stack_.back().id;
            return pop();
        default:
            return in_table_anything_else(token);
    }
}

// Text in a table is gathered until the next other token: whitespace stays in the table,
// anything else is moved out in front of it (foster parenting), as "in body" text.
void TitleFinder::in_table_text(Token token) {
    if (token.kind == Token::Kind::characters) {
        if (has_non_whitespace(token.text)) table_text_non_whitespace_ = true;
        return;
    }
    if (table_text_non_whitespace_) {
        foster_parenting_ = true;
        reconstruct_formatting();
        frameset_ok_ = false;
        foster_parenting_ = false;
    }
    mode_ = original_mode_;
    process(token);
}

void TitleFinder::in_caption(Token token) {
    const bool closes_caption = is_start(token, {T::caption, T::col, T::colgroup, T::tbody, T::td, T::tfoot,
                                                 T::th, T::thead, T::tr}) ||
                                is_end(token, {T::table});
    if (is_end(token, {T::caption}) || closes_caption) {
        if (!in_scope_kind(T::caption, Scope::table)) return;
        generate_implied_end_tags();
        pop_until(T::caption);
        clear_to_last_marker();
        mode_ = Mode::in_table;
        if (closes_caption) process(token);
        return;
    }
    if (is_end(token,
               {T::body, T::col, T::colgroup, T::html, T::tbody, T::td, T::tfoot, T::th, T::thead, T::tr})) {
        return;
    }
    in_body(token);
}

void TitleFinder::in_column_group(Token token) {
    if (token.kind == Token::Kind::characters) {
        token.text.remove_prefix(leading_whitespace(token.text));
        if (token.text.empty()) return;
    }
    if (token.kind == Token::Kind::comment || token.kind == Token::Kind::doctype) return;
    if (is_start(token, {T::html})) return in_body(token);
    if (is_start(token, {T::col})) return insert_void(*token.tag, token.id);
    if (is_end(token, {T::colgroup})) {
        if (!current_is(T::colgroup)) return;
        pop();
        mode_ = Mode::in_table;
        return;
    }
    if (is_end(token, {T::col})) return;
    if (is_start(token, {T::template_}) || is_end(token, {T::template_})) return in_head(token);
    if (token.kind == Token::Kind::eof) return in_body(token);
    if (!current_is(T::colgroup)) return;
    pop();
    mode_ = Mode::in_table;
    process(token);
}

void TitleFinder::in_table_body(Token token) {
    const auto clear = [this] { clear_stack_back_to({T::tbody, T::tfoot, T::thead, T::template_, T::html}); };
    if (is_start(token, {T::tr})) {
        clear();
        insert(*token.tag, token.id);
        mode_ = Mode::in_row;
        return;
    }
    if (is_start(token, {T::th, T::td})) {
        clear();
        insert_implied(T::tr);
        mode_ = Mode::in_row;
        return process(token);
    }
    if (is_end(token, {T::tbody, T::tfoot, T::thead})) {
        if (!in_scope_kind(token.id, Scope::table)) return;
        clear();
        pop();
        mode_ = Mode::in_table;
        return;
    }
    if (is_start(token, {T::caption, T::col, T::colgroup, T::tbody, T::tfoot, T::thead}) ||
        is_end(token, {T::table})) {
        if (!in_scope_kind(T::tbody, Scope::table) && !in_scope_kind(T::thead, Scope::table) &&
            !in_scope_kind(T::tfoot, Scope::table)) {
            return;
        }
        clear();
        pop();
        mode_ = Mode::in_table;
        return process(token);
    }
    if (is_end(token, {T::body, T::caption, T::col, T::colgroup, T::html, T::td, T::th, T::tr})) return;
    in_table(token);
}

void TitleFinder::in_row(Token token) {
    const auto clear = [this] { clear_stack_back_to({T::tr, T::template_, T::html}); };
    if (is_start(token, {T::th, T::td})) {
        clear();
        insert(*token.tag, token.id);
        mode_ = Mode::in_cell;
        insert_marker();
        return;
    }
    const bool reprocess =
        is_start(token, {T::caption, T::col, T::colgroup, T::tbody, T::tfoot, T::thead, T::tr}) ||
        is_end(token, {T::table});
    if (is_end(token, {T::tr}) || reprocess) {
        if (!in_scope_kind(T::tr, Scope::table)) return;
        clear();
        pop();
        mode_ = Mode::in_table_body;
        if (reprocess) process(token);
        return;
    }
    if (is_end(token, {T::tbody, T::tfoot, T::thead})) {
        if (!in_scope_kind(token.id, Scope::table) || !in_scope_kind(T::tr, Scope::table)) return;
        clear();
        pop();
        mode_ = Mode::in_table_body;
        return process(token);
    }
    if (is_end(token, {T::body, T::caption, T::col, T::colgroup, T::html, T::td, T::th})) return;
    in_table(token);
}

void TitleFinder::close_cell() {
    generate_implied_end_tags();
    pop_until_one_of({T::td, T::th});
    clear_to_last_marker();
    mode_ = Mode::in_row;
}

void TitleFinder::in_cell(Token token) {
    if (is_end(token, {T::td, T::th})) {
        if (!in_scope_kind(token.id, Scope::table)) return;
        generate_implied_end_tags();
        pop_until(token.id);
        clear_to_last_marker();
        mode_ = Mode::in_row;
        return;
    }
    if (is_start(token,
                 {T::caption, T::col, T::colgroup, T::tbody, T::td, T::tfoot, T::th, T::thead, T::tr})) {
        if (!in_scope_kind(T::td, Scope::table) && !in_scope_kind(T::th, Scope::table)) return;
        close_cell();
        return process(token);
    }
    if (is_end(token, {T::body, T::caption, T::col, T::colgroup, T::html})) return;
    if (is_end(token, {T::table, T::tbody, T::tfoot, T::thead, T::tr})) {
        if (!in_scope_kind(token.id, Scope::table)) return;
        close_cell();
        return process(token);
    }
    in_body(token);
}

// ---- in template

void TitleFinder::in_template(Token token) {
    const auto switch_template_mode = [this, &token](Mode mode) {
        if (!template_modes_.empty()) template_modes_.pop_back();
        template_modes_.push_back(mode);
        mode_ = mode;
        process(token);
    };
    switch (token.kind) {
        case Token::Kind::characters:
        case Token::Kind::comment:
        case Token::Kind::doctype:
            return in_body(token);
        case Token::Kind::start:
            if (uses_in_head_rules(token.id)) return in_head(token);
            switch (token.id) {
                case T::caption:
                case T::colgroup:
                case T::tbody:
                case T::tfoot:
                case T::thead:
                    return switch_template_mode(Mode::in_table);
                case T::col:
                    return switch_template_mode(Mode::in_column_group);
                case T::tr:
                    return switch_template_mode(Mode::in_table_body);
                case T::td:
                case T::th:
                    return switch_template_mode(Mode::in_row);
                default:
                    return switch_template_mode(Mode::in_body);
            }
        case Token::Kind::end:
            if (token.id == T::template_) return in_head(token);
            return;
        case Token::Kind::eof:
            if (!on_stack(T::template_)) {
                done_ = true;
                return;
            }
            pop_until(T::template_);
            clear_to_last_marker();
            if (!template_modes_.empty()) template_modes_.pop_back();
            reset_insertion_mode();
            return process(token);
    }
}

// ---- after the body, and framesets

void TitleFinder::after_body(Token token) {
    if (token.kind == Token::Kind::characters && leading_whitespace(token.text) == token.text.size()) {
        return in_body(token);
    }
    if (token.kind == Token::Kind::comment || token.kind == Token::Kind::doctype) return;
    if (is_start(token, {T::html})) return in_body(token);
    if (is_end(token, {T::html})) {
        mode_ = Mode::after_after_body;
        return;
    }
    if (token.kind == Token::Kind::eof) {
        done_ = true;
        return;
    }
    mode_ = Mode::in_body;
    process(token);
}

void TitleFinder::in_frameset(Token token) {
    if (is_start(token, {T::html})) return in_body(token);
    if (is_start(token, {T::frameset})) return insert(*token.tag, token.id);
    if (is_end(token, {T::frameset})) {
        if (stack_.size() <= 1) return;
        pop();
        if (!current_is(T::frameset)) mode_ = Mode::after_frameset;
        return;
    }
    if (is_start(token, {T::frame})) return insert_void(*token.tag, token.id);
    if (is_start(token, {T::noframes})) return in_head(token);
    if (token.kind == Token::Kind::eof) done_ = true;
    // Anything else, a <title> included, is ignored: a frameset document has no body.
}

void TitleFinder::after_frameset(Token token) {
    if (is_start(token, {T::html})) return in_body(token);
    if (is_end(token, {T::html})) {
        mode_ = Mode::after_after_frameset;
        return;
    }
    if (is_start(token, {T::noframes})) return in_head(token);
    if (token.kind == Token::Kind::eof) done_ = true;
}

void TitleFinder::after_after_body(Token token) {
    if (token.kind == Token::Kind::comment) return;
    const bool whitespace =
        token.kind == Token::Kind::characters && leading_whitespace(token.text) == token.text.size();
    if (token.kind == Token::Kind::doctype || whitespace || is_start(token, {T::html})) return in_body(token);
    if (token.kind == Token::Kind::eof) {
        done_ = true;
        return;
    }
    mode_ = Mode::in_body;
    process(token);
}

void TitleFinder::after_after_frameset(Token token) {
    if (token.kind == Token::Kind::comment) return;
    const bool whitespace =
        token.kind == Token::Kind::characters && leading_whitespace(token.text) == token.text.size();
    if (token.kind == Token::Kind::doctype || whitespace || is_start(token, {T::html})) return in_body(token);
    if (token.kind == Token::Kind::eof) done_ = true;
    if (is_start(token, {T::noframes})) return in_head(token);
}

}  // namespace fetch::html5
