#include "favicon_hash.hpp"

#include <algorithm>
#include <cstring>

namespace fetch {

namespace {

constexpr std::uint32_t c1 = 0xcc9e2d51;
constexpr std::uint32_t c2 = 0x1b873593;

std::uint32_t rotate_left(std::uint32_t x, int r) {
    return (x << r) | (x >> (32 - r));
}

std::uint32_t scramble(std::uint32_t k) {
    return rotate_left(k * c1, 15) * c2;
}

// The reference's fmix32: every input bit reaches every output bit.
std::uint32_t finalise(std::uint32_t h) {
    h ^= h >> 16;
    h *= 0x85ebca6b;
    h ^= h >> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >> 16);
}

// Blocks are read little-endian, as the reference does on x86, whatever this machine is.
std::uint32_t block_at(const unsigned char* p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
           std::uint32_t{p[3]} << 24;
}

}  // namespace

std::uint32_t murmur3_32(std::string_view data, std::uint32_t seed) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    const std::size_t blocks = data.size() / 4;
    std::uint32_t h = seed;
    for (std::size_t i = 0; i < blocks; ++i) {
        h ^= scramble(block_at(bytes + 4 * i));
        h = rotate_left(h, 13) * 5 + 0xe6546b64;
    }
    const unsigned char* tail = bytes + 4 * blocks;
    std::uint32_t k = 0;
    switch (data.size() & 3) {
        case 3:
            k ^= std::uint32_t{tail[2]} << 16;
            [[fallthrough]];
        case 2:
            k ^= std::uint32_t{tail[1]} << 8;
            [[fallthrough]];
        case 1:
            k ^= tail[0];
            h ^= scramble(k);
    }
    // The length is mixed in modulo 2^32, as the reference's int len is.
    return finalise(h ^ static_cast<std::uint32_t>(data.size()));
}

std::string base64_lines(std::string_view bytes) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    constexpr std::size_t line_chars = 76;
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4 * (line_chars + 1) / line_chars + 2);
    std::size_t on_line = 0;
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t group = 0;
        for (std::size_t j = 0; j < 3; ++j)
            group = group << 8 | (j < n ? static_cast<unsigned char>(bytes[i + j]) : 0u);
        for (std::size_t j = 0; j < 4; ++j)
            out.push_back(j <= n ? alphabet[(group >> (18 - 6 * j)) & 0x3f] : '=');
        on_line += 4;
        if (on_line == line_chars) {
            out.push_back('\n');
            on_line = 0;
        }
    }
    if (on_line > 0) out.push_back('\n');
    return out;
}

std::int32_t favicon_hash(std::string_view icon) {
    const std::uint32_t hash = murmur3_32(base64_lines(icon));
    std::int32_t signed_hash = 0;
    std::memcpy(&signed_hash, &hash, sizeof hash);  // two's complement, as Python's mmh3 returns it
    return signed_hash;
}

}  // namespace fetch
