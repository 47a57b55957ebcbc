// Turns one list line into a URL libcurl will accept, or says precisely why it cannot.
#pragma once

#include <string>
#include <string_view>

#include "fetch/base/result.hpp"

namespace fetch {

struct NormalizedUrl {
    std::string url;      // canonical form, as libcurl's URL API prints it; IDN hosts in punycode
    std::string display;  // `url` as written: the host in Unicode, the password replaced by "***"
    std::string host;     // "host:port", lower-case ASCII: routes the URL to a worker, keys --per-host
    bool scheme_implied = false;  // the line named no scheme: "https://" was added
};

// Rules: only http and https; a line without a scheme gets "https://"; control bytes, white
// space inside the URL, invalid UTF-8 and anything libcurl's parser rejects are failures.
// International host names are converted to punycode (UTS #46), whatever the locale.
Result<NormalizedUrl> normalize_url(std::string_view text);

}  // namespace fetch
