// Icons for the favicon tests, and Shodan's hash of them computed here, independently of
// fetch's code: base64 written through a bit accumulator (not fetch's 3-byte groups), and
// MurmurHash3_x86_32 transcribed from Austin Appleby's reference one byte at a time.
#pragma once

#include <cstdint>
#include <string>

namespace fetch::test {

// `size` bytes of noise, the same for the same size and seed.
inline std::string icon_bytes(std::size_t size, std::uint32_t seed) {
    std::string bytes;
    std::uint64_t x = seed;
    for (std::size_t i = 0; i < size; ++i) {
        x = (x * 1103515245u + 12345u) % 2147483648u;
        bytes.push_back(static_cast<char>((x >> 16) & 0xff));
    }
    return bytes;
}

// Python's base64.encodebytes: 76 characters a line, each line ended by "\n".
inline std::string reference_base64(const std::string& bytes) {
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string text;
    std::uint32_t bits = 0;
    int count = 0;
    for (const char c : bytes) {
        bits = (bits << 8) | static_cast<unsigned char>(c);
        for (count += 8; count >= 6; count -= 6)
            text += alphabet[(bits >> (count - 6)) & 63];
    }
    if (count > 0) text += alphabet[(bits << (6 - count)) & 63];
    while (text.size() % 4)
        text += '=';
    std::string lines;
    for (std::size_t i = 0; i < text.size(); i += 76)
        lines += text.substr(i, 76) + "\n";
    return lines;
}

inline std::uint32_t reference_murmur3(const std::string& data, std::uint32_t seed) {
    const std::uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
    const auto rotl = [](std::uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
    std::uint32_t h1 = seed, k1 = 0;
    std::size_t i = 0;
    for (; i + 4 <= data.size(); i += 4) {
        k1 = 0;
        for (int b = 3; b >= 0; --b)
            k1 = (k1 << 8) | static_cast<unsigned char>(data[i + static_cast<std::size_t>(b)]);
        k1 *= c1;
        k1 = rotl(k1, 15);
        k1 *= c2;
        h1 ^= k1;
        h1 = rotl(h1, 13);
        h1 = h1 * 5 + 0xe6546b64;
    }
    k1 = 0;
    for (std::size_t j = data.size() - i; j > 0; --j)
        k1 = (k1 << 8) | static_cast<unsigned char>(data[i + j - 1]);
    if (data.size() > i) {
        k1 *= c1;
        k1 = rotl(k1, 15);
        k1 *= c2;
        h1 ^= k1;
    }
    h1 ^= static_cast<std::uint32_t>(data.size());
    h1 ^= h1 >> 16;
    h1 *= 0x85ebca6b;
    h1 ^= h1 >> 13;
    h1 *= 0xc2b2ae35;
    h1 ^= h1 >> 16;
    return h1;
}

inline std::int32_t reference_favicon_hash(const std::string& icon) {
    return static_cast<std::int32_t>(reference_murmur3(reference_base64(icon), 0));
}

}  // namespace fetch::test
