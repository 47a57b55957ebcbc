// HTML5 character references in text (and RCDATA such as <title>): &amp; &eacute &#233; &#xE9;
// decoded as the WHATWG tokenizer does. libxml2 2.9.14 knows only the HTML4 names and none of
// HTML5's numeric remappings, so titles are decoded here.
#pragma once

#include <string>
#include <string_view>

namespace fetch {

// Named references match the longest name in the HTML5 table, legacy names included without
// their semicolon ("&copy2020" -> "©2020"); unknown ones stay as written. Numeric references
// need no semicolon; 0, surrogates and values past U+10FFFF become U+FFFD, and 0x80-0x9F are
// read as windows-1252 (&#150; -> U+2013). `text` must be valid UTF-8.
std::string decode_character_references(std::string_view text);

}  // namespace fetch
