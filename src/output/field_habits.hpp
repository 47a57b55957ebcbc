// The names httpx's JSON and curl's -w give the values fetch calls fields. A name that means
// what a fetch field means, in the same unit, is an alias: --fields takes it and keys the
// column with it, so a script written for httpx's JSON reads fetch's unchanged. A name whose
// meaning or unit differs (httpx's tls is an object, curl's times are seconds) is answered
// with fetch's spelling instead, since taking it would hand a script the wrong thing.
#pragma once

#include <string_view>

#include "fetch/base/span.hpp"

namespace fetch {

struct ForeignField {
    std::string_view name;    // as the other tool spells it: "status_code"
    std::string_view tool;    // "httpx" or "curl -w"
    std::string_view fields;  // fetch's field, or fields, comma-separated: "status"
    bool alias;               // taken as `fields` (one field); false: only answered
};

Span<ForeignField> foreign_fields();

// The row for `name`; null when no other tool's name is spelt so.
const ForeignField* find_foreign_field(std::string_view name);

}  // namespace fetch
