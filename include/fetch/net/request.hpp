// What every request shares: the options that do not depend on the URL, and the libcurl
// lists (-H, --resolve) built from them once and only read afterwards, by every worker.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "fetch/net/curl_handles.hpp"
#include "fetch/net/options.hpp"

namespace fetch {

class RequestTemplate {
public:
    RequestTemplate(const RequestOptions& request, const TransferLimits& limits);

    // Sets every option that is the same for all URLs on a new easy handle, which keeps them
    // for every transfer it makes.
    void apply(CURL* easy) const;

private:
    const RequestOptions& request_;
    const TransferLimits& limits_;
    std::string user_agent_;
    CurlList headers_;
    CurlList resolve_;
};

}  // namespace fetch
