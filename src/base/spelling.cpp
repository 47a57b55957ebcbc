#include "fetch/base/spelling.hpp"

#include <algorithm>

namespace fetch {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            diagonal = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
        }
    }
    return row[b.size()];
}

std::string closest(std::string_view typed, const std::vector<std::string_view>& candidates,
                    std::size_t most) {
    std::string_view best;
    std::size_t best_distance = most + 1;
    for (const std::string_view candidate : candidates) {
        const std::size_t distance = edit_distance(typed, candidate);
        if (distance < best_distance) best = candidate, best_distance = distance;
    }
    return std::string(best);
}

}  // namespace fetch
