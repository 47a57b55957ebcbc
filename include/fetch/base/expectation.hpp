// What a URL must give to count as a success: --expect's statuses for every URL, and what a
// list line adds for its own (URL<TAB>STATUS-SPEC[<TAB>TITLE-REGEX]). Judged by the output
// stage's Verdict; parsed and compiled where the text comes in, so that a bad spec is an error
// naming its option or its line.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/base/regex.hpp"
#include "fetch/base/result.hpp"

namespace fetch {

class Expectation {
public:
    Expectation() = default;  // met by nothing; the option table's default is "2xx,3xx"

    // "200", "2xx,301", "200-204", "any" (any HTTP response); statuses 100-599.
    static Result<Expectation> parse(std::string_view spec);

    bool accepts(long status) const;
    const std::string& spec() const { return spec_; }

private:
    std::string spec_;
    bool any_ = false;
    std::vector<std::pair<long, long>> ranges_;
};

// A list line's own expectations, in place of --expect and --expect-title for that URL.
struct UrlExpectation {
    std::optional<Expectation> status;
    std::shared_ptr<const Regex> title;
};

// "STATUS-SPEC[<TAB>TITLE-REGEX]", what follows the URL and a tab on a list line.
Result<std::shared_ptr<const UrlExpectation>> parse_url_expectation(std::string_view text);

}  // namespace fetch
