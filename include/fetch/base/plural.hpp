// Counts in messages: "1 URL", "2 URLs".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fetch {

inline std::string counted(std::uint64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace fetch
