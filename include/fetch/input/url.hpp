// Turns one list line into a URL libcurl will accept, or says precisely why it cannot.
#pragma once

#include <string>
#include <string_view>

namespace fetch {

struct NormalizedUrl {
    std::string url;      // canonical form, as libcurl's URL API prints it
    std::string display;  // `url` with its password, if any, replaced by "***"
    std::string host;     // "host:port", lower-case: routes the URL to a worker, keys --per-host
    std::string error;    // non-empty when the line is unusable; url and host are then empty

    bool ok() const { return error.empty(); }
};

// Rules: only http and https; a line without a scheme gets "https://"; control bytes, white
// space inside the URL, invalid UTF-8 and anything libcurl's parser rejects are errors.
NormalizedUrl normalize_url(std::string_view text);

// `url` with the password of its user information replaced by "***" (user:***@host): URLs
// with credentials may be fetched, but their secrets are never printed or logged.
std::string redact_credentials(const std::string& url);

}  // namespace fetch
