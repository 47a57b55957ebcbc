// The favicon hash of httpx's -favicon and Shodan's http.favicon.hash: MurmurHash3 (x86,
// 32-bit, seed 0), read as a signed integer, of the icon's bytes in base64 as Python's
// base64.encodebytes writes it (a newline after every 76 characters, and one at the end). The
// hash identifies a product by its icon; it is not a defence against anything.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fetch {

// MurmurHash3_x86_32 of Austin Appleby's reference (SMHasher), unsigned.
std::uint32_t murmur3_32(std::string_view data, std::uint32_t seed = 0);

// RFC 4648 base64, in lines of 76 characters each ended by "\n" ("" for no bytes).
std::string base64_lines(std::string_view bytes);

// Shodan's hash of an icon.
std::int32_t favicon_hash(std::string_view icon);

}  // namespace fetch
