// What the files of TitleFinder share and nobody else needs: the insertion modes, and the
// whitespace rules of character tokens.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "title_finder.hpp"

namespace fetch::html5 {

enum class TitleFinder::Mode : std::uint8_t {
    initial,
    before_html,
    before_head,
    in_head,
    after_head,
    in_body,
    text,
    in_table,
    in_table_text,
    in_caption,
    in_column_group,
    in_table_body,
    in_row,
    in_cell,
    in_template,
    after_body,
    in_frameset,
    after_frameset,
    after_after_body,
    after_after_frameset,
};

// The start tags every later mode hands to the "in head" rules: base, basefont, bgsound,
// link, meta, noframes, script, style, template and title.
bool uses_in_head_rules(TagId tag);

// ASCII whitespace as the tokenizer's character tokens know it: tab, LF, FF, CR, space.
bool is_html_whitespace(char c);
// How many bytes at the start of `text` are whitespace.
std::size_t leading_whitespace(std::string_view text);
// Whether `text` holds a character other than whitespace and U+0000.
bool has_non_whitespace(std::string_view text);
// `text` in ASCII lower case.
std::string lower_ascii(std::string text);

}  // namespace fetch::html5
