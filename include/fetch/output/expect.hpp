// --expect: which outcomes count as success for the exit status (and JUnit failures).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"

namespace fetch {

class Expectation {
public:
    Expectation() = default;  // met by nothing; the option table's default is "2xx,3xx"

    // "200", "2xx,301", "200-204", "any" (any HTTP response).
    static Result<Expectation> parse(std::string_view spec);

    // No transport error, and a status the spec accepts.
    bool met_by(const Record& record) const;
    const std::string& spec() const { return spec_; }

private:
    std::string spec_;
    bool any_ = false;
    std::vector<std::pair<long, long>> ranges_;
};

}  // namespace fetch
