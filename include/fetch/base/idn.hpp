// International host names in their ASCII form (punycode), as browsers look them up: UTS #46
// non-transitional processing, and transitional where that refuses a name, as curl does.
// libidn2's idn2_lookup_u8 takes UTF-8 whatever the locale; libcurl 7.88's own conversion goes
// through LC_CTYPE, and fails in the C locale fetch runs in.
#pragma once

#include <string>

#include "fetch/base/result.hpp"

namespace fetch {

// "bücher.example" -> "xn--bcher-kva.example"; an ASCII name comes back as it is.
Result<std::string> ascii_host(const std::string& host);

}  // namespace fetch
