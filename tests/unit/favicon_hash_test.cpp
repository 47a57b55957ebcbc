// Shodan's favicon hash (issue #28): MurmurHash3 x86_32 against the reference's own check and
// published values, base64 against Python's layout, and whole icons of several sizes against
// values computed outside fetch, and by the test's own implementation (tests/support/icons.hpp).
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "icons.hpp"
#include "net/favicon_hash.hpp"
#include "net/icon_cache.hpp"

namespace fetch {
namespace {

// SMHasher's VerificationTest: keys {}, {0}, {0,1}, ... {0..254} hashed with seed 256 - length,
// the 256 hashes (little-endian) hashed with seed 0; the reference publishes 0xB0F57EE3.
TEST(Murmur3, PassesTheReferenceVerification) {
    std::string key, hashes;
    for (int i = 0; i < 256; ++i) {
        const std::uint32_t hash = murmur3_32(key, static_cast<std::uint32_t>(256 - i));
        for (int b = 0; b < 4; ++b)
            hashes.push_back(static_cast<char>((hash >> (8 * b)) & 0xff));
        key.push_back(static_cast<char>(i));
    }
    EXPECT_EQ(murmur3_32(hashes, 0), 0xB0F57EE3u);
    EXPECT_EQ(test::reference_murmur3(hashes, 0), 0xB0F57EE3u);
}

// Python's mmh3 documents these (mmh3.hash("foo") == -156908512).
TEST(Murmur3, GivesThePublishedValues) {
    EXPECT_EQ(static_cast<std::int32_t>(murmur3_32("foo")), -156908512);
    EXPECT_EQ(static_cast<std::int32_t>(murmur3_32("foo", 42)), -1322301282);
    EXPECT_EQ(murmur3_32(""), 0u);
}

TEST(Base64Lines, AreLaidOutAsPythonEncodebytes) {
    EXPECT_EQ(base64_lines(""), "");
    EXPECT_EQ(base64_lines("f"), "Zg==\n");
    EXPECT_EQ(base64_lines("fo"), "Zm8=\n");
    EXPECT_EQ(base64_lines("foo"), "Zm9v\n");
    // 57 bytes make exactly one full line of 76 characters; one more byte starts a second.
    EXPECT_EQ(base64_lines(std::string(57, 'a')).size(), 77u);
    EXPECT_EQ(base64_lines(std::string(58, 'a')).size(), 77u + 5u);
    for (std::size_t size : {1u, 56u, 57u, 58u, 76u, 77u, 114u, 1000u})
        EXPECT_EQ(base64_lines(test::icon_bytes(size, 7)), test::reference_base64(test::icon_bytes(size, 7)))
            << size;
}

// icon_bytes(n, n) hashed by Perl's Digest::MurmurHash3::PurePerl (Debian's
// libdigest-murmurhash3-pureperl-perl) over Python's base64.encodebytes: sizes on both sides of
// the 57 bytes of a base64 line, of the 76 of a line's characters, and of typical .ico files.
TEST(FaviconHash, MatchesValuesComputedOutsideFetch) {
    const std::pair<std::size_t, std::int32_t> known[] = {
        {0, 0},          {1, 752585182},   {2, -319016402},   {3, -1728896538},
        {56, -608767787}, {57, -117570386}, {58, -1175430960}, {76, 1055495085},
        {77, -192239424}, {1000, 663849744}, {5000, -916386059}, {70000, 9384433},
    };
    for (const auto& [size, hash] : known) {
        const std::string icon = test::icon_bytes(size, static_cast<std::uint32_t>(size));
        EXPECT_EQ(favicon_hash(icon), hash) << size;
        EXPECT_EQ(test::reference_favicon_hash(icon), hash) << size << " (the test's own implementation)";
    }
}

class Listener : public IconListener {
public:
    void icon_answered(const IconKey&, const IconAnswer& answer) override { answers.push_back(answer); }
    std::vector<IconAnswer> answers;
};

// The first asker fetches, the others wait and are told; the answer is then known to all.
TEST(IconCache, OneFetchPerIconEveryAskerTold) {
    IconCache cache;
    Listener one, two;
    IconAnswer answer;
    const IconKey key = IconCache::key_of("http://a.test/favicon.ico");
    EXPECT_EQ(cache.ask(key, one, answer), IconCache::Ask::fetch);
    EXPECT_EQ(cache.ask(key, two, answer), IconCache::Ask::wait);
    EXPECT_EQ(cache.ask(key, one, answer), IconCache::Ask::wait);
    cache.answer(key, {std::int32_t{42}, false});
    ASSERT_EQ(one.answers.size(), 1u);  // told once, however often it asked
    ASSERT_EQ(two.answers.size(), 1u);
    EXPECT_EQ(two.answers[0].hash, 42);
    EXPECT_EQ(cache.ask(key, two, answer), IconCache::Ask::known);
    EXPECT_EQ(answer.hash, 42);
}

// At most `capacity` answers are kept, the least recently asked for going first.
TEST(IconCache, KeepsAtMostItsCapacity) {
    IconCache cache(2);
    Listener listener;
    IconAnswer answer;
    const IconKey a = IconCache::key_of("a"), b = IconCache::key_of("b"), c = IconCache::key_of("c");
    for (const IconKey& key : {a, b}) {
        ASSERT_EQ(cache.ask(key, listener, answer), IconCache::Ask::fetch);
        cache.answer(key, {std::int32_t{1}, false});
    }
    EXPECT_EQ(cache.ask(a, listener, answer), IconCache::Ask::known);  // a is now the most recent
    ASSERT_EQ(cache.ask(c, listener, answer), IconCache::Ask::fetch);
    cache.answer(c, {std::nullopt, false});
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_EQ(cache.ask(a, listener, answer), IconCache::Ask::known);
    EXPECT_EQ(cache.ask(c, listener, answer), IconCache::Ask::known);
    EXPECT_FALSE(answer.hash);
    EXPECT_EQ(cache.ask(b, listener, answer), IconCache::Ask::fetch);  // gone: fetched again
}

// A run that stops keeps no answer: nothing was learnt of the icon.
TEST(IconCache, AnInterruptedAnswerIsToldNotKept) {
    IconCache cache;
    Listener listener;
    IconAnswer answer;
    const IconKey key = IconCache::key_of("x");
    ASSERT_EQ(cache.ask(key, listener, answer), IconCache::Ask::fetch);
    cache.answer(key, {std::nullopt, true});
    ASSERT_EQ(listener.answers.size(), 1u);
    EXPECT_TRUE(listener.answers[0].interrupted);
    EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace fetch
