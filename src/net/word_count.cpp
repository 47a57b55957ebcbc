#include "word_count.hpp"

namespace fetch {

void WordCount::add(std::string_view bytes) {
    for (const char c : bytes) {
        switch (c) {
            case '\n':
                ++lines_;
                [[fallthrough]];
            case ' ':
            case '\t':
            case '\r':
            case '\f':
            case '\v':
                words_ += in_word_ ? 1 : 0;
                in_word_ = false;
                break;
            default:
                // isprint in the C locale, space excluded above: what coreutils' wc counts as
                // part of a word there.
                if (c > ' ' && c < 0x7f) in_word_ = true;
                break;
        }
    }
}

}  // namespace fetch
