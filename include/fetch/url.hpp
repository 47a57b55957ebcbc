// Turns one list line into a URL libcurl will accept, or says precisely why it cannot.
#pragma once

#include <string>
#include <string_view>

namespace fetch {

struct NormalizedUrl {
    std::string url;    // canonical form, as libcurl's URL API prints it
    std::string host;   // lower-case; routes the URL to a worker
    std::string error;  // non-empty when the line is unusable; url and host are then empty

    bool ok() const { return error.empty(); }
};

// Rules: only http and https; a line without a scheme gets "https://"; control bytes, white
// space inside the URL, invalid UTF-8 and anything libcurl's parser rejects are errors.
NormalizedUrl normalize_url(std::string_view text);

}  // namespace fetch
