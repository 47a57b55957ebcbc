// Which error kind a libcurl result is. The kinds are what scripts match on, and what
// --retries decides on (retry.hpp): connect, timeout and network are worth another attempt.
#pragma once

#include <curl/curl.h>

#include "fetch/base/record.hpp"

namespace fetch {

// `redirects`: how many redirects were followed before the failure.
ErrorKind classify(CURLcode result, long redirects);

}  // namespace fetch
