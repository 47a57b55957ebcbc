#include "siphash.hpp"

#include <sys/random.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace fetch {

namespace {

constexpr std::uint64_t rotl(std::uint64_t x, int bits) {
    return (x << bits) | (x >> (64 - bits));
}

void round(std::uint64_t (&v)[4]) {
    v[0] += v[1];
    v[1] = rotl(v[1], 13);
    v[1] ^= v[0];
    v[0] = rotl(v[0], 32);
    v[2] += v[3];
    v[3] = rotl(v[3], 16);
    v[3] ^= v[2];
    v[0] += v[3];
    v[3] = rotl(v[3], 21);
    v[3] ^= v[0];
    v[2] += v[1];
    v[1] = rotl(v[1], 17);
    v[1] ^= v[2];
    v[2] = rotl(v[2], 32);
}

}  // namespace

SipHash128::SipHash128(Hash128 key)
    : v_{key[0] ^ 0x736f6d6570736575u, key[1] ^ 0x646f72616e646f6du ^ 0xeeu, key[0] ^ 0x6c7967656e657261u,
         key[1] ^ 0x7465646279746573u} {}

void SipHash128::compress(std::uint64_t word) {
    v_[3] ^= word;
    round(v_);
    round(v_);
    v_[0] ^= word;
}

void SipHash128::add_byte(unsigned char byte) {
    tail_ |= std::uint64_t{byte} << (8 * (length_ % 8));
    if (++length_ % 8 == 0) {
        compress(tail_);
        tail_ = 0;
    }
}

// Whole words straight from the bytes (this is a little-endian machine, as SipHash reads them),
// the rest a byte at a time.
void SipHash128::add(std::string_view bytes) {
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "SipHash words are little-endian");
    std::size_t at = 0;
    for (; at < bytes.size() && length_ % 8 != 0; ++at)
        add_byte(static_cast<unsigned char>(bytes[at]));
    for (; at + 8 <= bytes.size(); at += 8) {
        std::uint64_t word = 0;
        std::memcpy(&word, bytes.data() + at, 8);
        compress(word);
        length_ += 8;
    }
    for (; at < bytes.size(); ++at)
        add_byte(static_cast<unsigned char>(bytes[at]));
}

Hash128 SipHash128::value() const {
    std::uint64_t v[4] = {v_[0], v_[1], v_[2], v_[3]};
    const std::uint64_t last = (length_ << 56) | tail_;
    v[3] ^= last;
    round(v);
    round(v);
    v[0] ^= last;
    v[2] ^= 0xee;
    for (int i = 0; i < 4; ++i)
        round(v);
    const std::uint64_t first = v[0] ^ v[1] ^ v[2] ^ v[3];
    v[1] ^= 0xdd;
    for (int i = 0; i < 4; ++i)
        round(v);
    return {first, v[0] ^ v[1] ^ v[2] ^ v[3]};
}

std::string SipHash128::hex() const {
    const Hash128 hash = value();
    char text[33];
    std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(hash[0]),
                  static_cast<unsigned long long>(hash[1]));
    return text;
}

Hash128 SipHash128::random_key() {
    Hash128 key{};
    if (getrandom(key.data(), sizeof key, 0) != static_cast<ssize_t>(sizeof key))
        throw std::runtime_error("getrandom: no random key for --unique");
    return key;
}

}  // namespace fetch
