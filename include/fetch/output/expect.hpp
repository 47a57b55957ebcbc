// --expect: which outcomes count as success for the exit status (and JUnit failures).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/base/record.hpp"

namespace fetch {

class Expectation {
public:
    Expectation();  // 2xx,3xx: a final response with status 200-399

    // "200", "2xx,301", "200-204", "any" (any HTTP response). nullopt, with `error` set, for a
    // malformed spec.
    static std::optional<Expectation> parse(std::string_view spec, std::string& error);

    // No transport error, and a status the spec accepts.
    bool met_by(const Record& record) const;
    const std::string& spec() const { return spec_; }

private:
    std::string spec_;
    bool any_ = false;
    std::vector<std::pair<long, long>> ranges_;
};

}  // namespace fetch
