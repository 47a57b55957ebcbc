// libcurl's C handles, owned (base/handle.hpp): movable, not copyable, freed exactly once.
#pragma once

#include <curl/curl.h>

#include "fetch/base/handle.hpp"

namespace fetch {

using EasyHandle = CPtr<CURL, curl_easy_cleanup>;
using MultiHandle = CPtr<CURLM, curl_multi_cleanup>;
using ShareHandle = CPtr<CURLSH, curl_share_cleanup>;
using CurlList = CPtr<curl_slist, curl_slist_free_all>;

}  // namespace fetch
