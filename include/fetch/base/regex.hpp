// Regular expressions for expectations (--expect-title, --expect-body, a list line's title
// pattern), with PCRE2: Perl syntax, UTF-8, and a bounded cost. std::regex backtracks without
// limit (and recurses: a long subject overflows the stack), so a hostile title could hang a
// worker; here a whole search, every start position together, gives up after a fixed amount
// of work (regex.cpp says how).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fetch/base/result.hpp"

namespace fetch {

class Regex {
public:
    // Work allowed for one match (PCRE2's match limit: backtracking steps), and its depth;
    // and the steps of a whole search, every start position together.
    static constexpr unsigned match_limit = 1'000'000;
    static constexpr unsigned depth_limit = 10'000;
    static constexpr unsigned long search_budget = 10'000'000;

    // A compile error names the pattern, the offset and PCRE2's reason.
    static Result<std::shared_ptr<const Regex>> compile(std::string_view pattern);
    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    // Whether `text` holds a match; nullopt when the limits stopped the search first. Invalid
    // UTF-8 in `text` never matches a character, and is not an error. Safe from any thread.
    std::optional<bool> search(std::string_view text) const;
    const std::string& pattern() const { return pattern_; }

private:
    struct Code;
    Regex(std::string pattern, Code* code) : pattern_(std::move(pattern)), code_(code) {}

    std::string pattern_;
    Code* code_;  // owned: PCRE2's compiled pattern and match limits
};

}  // namespace fetch
