#include "html/char_refs.hpp"

#include <gtest/gtest.h>

namespace fetch {
namespace {

struct Case {
    const char* input;
    const char* expected;
};

class CharRefs : public ::testing::TestWithParam<Case> {};

TEST_P(CharRefs, DecodeLikeTheHtml5Tokenizer) {
    EXPECT_EQ(decode_character_references(GetParam().input), GetParam().expected) << GetParam().input;
}

INSTANTIATE_TEST_SUITE_P(
    Html5, CharRefs,
    ::testing::Values(Case{"&amp;", "&"}, Case{"&AMP;", "&"}, Case{"&hellip;", "\xE2\x80\xA6"},
                      // Legacy names decode without their semicolon, by longest match.
                      Case{"&amp", "&"},
                      Case{"&copy2020",
                           "\xC2\xA9"
                           "2020"},
                      Case{"&eacute", "\xC3\xA9"},
                      Case{"&notit;",
                           "\xC2\xAC"
                           "it;"},
                      Case{"&notin;", "\xE2\x88\x89"}, Case{"&lt&gt", "<>"},
                      // Names that are not in the table, and lone ampersands, stay as written.
                      Case{"&bogus;", "&bogus;"}, Case{"& x", "& x"}, Case{"&", "&"}, Case{"a&&b", "a&&b"},
                      Case{"&hellip", "&hellip"},  // not a legacy name: needs its semicolon
                      // Two code points for one name.
                      Case{"&NotNestedGreaterGreater;", "\xE2\xAA\xA2\xCC\xB8"},
                      // Numeric references.
                      Case{"&#233;", "\xC3\xA9"}, Case{"&#xE9", "\xC3\xA9"},
                      Case{"&#X1F600;", "\xF0\x9F\x98\x80"}, Case{"&#x;", "&#x;"}, Case{"&#;", "&#;"},
                      Case{"&#0;", "\xEF\xBF\xBD"}, Case{"&#xD800;", "\xEF\xBF\xBD"},
                      Case{"&#x110000;", "\xEF\xBF\xBD"}, Case{"&#99999999999;", "\xEF\xBF\xBD"},
                      // 0x80-0x9F are read as windows-1252; its five holes stay C1 controls.
                      Case{"&#150;", "\xE2\x80\x93"}, Case{"&#128;", "\xE2\x82\xAC"},
                      Case{"&#129;", "\xC2\x81"},
                      // Decoding happens once.
                      Case{"&amp;lt;", "&lt;"},
                      Case{"caf&eacute; &amp; cr&egrave;me", "caf\xC3\xA9 & cr\xC3\xA8me"}));

}  // namespace
}  // namespace fetch
