// Words and lines of a body, as `LC_ALL=C wc -w` and `wc -l` count them (GNU coreutils): a
// line is a newline byte; a word is a run of bytes between ASCII white space that holds at
// least one printable ASCII character. Other bytes (controls, DEL, every byte from 0x80) neither
// start a word nor end one, so the count does not depend on the body's encoding or on the
// locale. The body comes in pieces; a word may span two of them.
#pragma once

#include <cstdint>
#include <string_view>

namespace fetch {

class WordCount {
public:
    void add(std::string_view bytes);
    std::uint64_t words() const { return words_ + (in_word_ ? 1 : 0); }
    std::uint64_t lines() const { return lines_; }

private:
    std::uint64_t words_ = 0;
    std::uint64_t lines_ = 0;
    bool in_word_ = false;
};

}  // namespace fetch
