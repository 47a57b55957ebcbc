// "Did you mean": the nearest of a set of names to one a user typed, for the messages that
// refuse an option or a field. A typo is at most two edits away; anything further is another
// word, and suggesting it would only mislead.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fetch {

// Levenshtein distance: insertions, deletions and substitutions, one each.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `typed`, at most `most` edits away; "" when none is.
std::string closest(std::string_view typed, const std::vector<std::string_view>& candidates,
                    std::size_t most = 2);

}  // namespace fetch
