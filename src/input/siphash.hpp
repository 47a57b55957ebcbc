// SipHash-2-4 with a 128-bit result (Aumasson and Bernstein), streamed: bytes may be added in
// any pieces. Keyed, it is a pseudo-random function: without the key nobody can make two inputs
// collide, which is what --unique needs of a list written by someone else (std::hash, an
// unkeyed 64-bit hash, can be made to collide in about a second). With a fixed key it is a
// fingerprint: the resume journal names a list's whole content and each batch of output by it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace fetch {

using Hash128 = std::array<std::uint64_t, 2>;

class SipHash128 {
public:
    explicit SipHash128(Hash128 key = {});

    void add(std::string_view bytes);
    Hash128 value() const;    // of the bytes added so far; adding may go on
    std::string hex() const;  // value() as 32 hex digits

    // 128 bits from getrandom(2): a key no list can be crafted against.
    static Hash128 random_key();

private:
    void compress(std::uint64_t word);
    void add_byte(unsigned char byte);

    std::uint64_t v_[4];
    std::uint64_t tail_ = 0;    // bytes not yet a whole 64-bit word, little-endian
    std::uint64_t length_ = 0;  // bytes added
};

}  // namespace fetch
