// What every request shares: the options that do not depend on the URL, and the libcurl
// lists (-H, --resolve) built from them once and only read afterwards, by every worker.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <string>

#include "fetch/net/options.hpp"
#include "curl_handles.hpp"

namespace fetch {

class RequestTemplate {
public:
    // `libcurl_resolves`: names are left to libcurl (a proxy resolves them); otherwise the
    // worker resolves every name and pins the answer, and --resolve is the resolver's. With
    // `direct_only` (address rules), proxies from the environment are ignored, since the
    // addresses a proxy connects to cannot be checked. `jobs` is -j: receive buffers are sized
    // to it.
    RequestTemplate(const RequestOptions& request, const TransferLimits& limits, std::size_t jobs,
                    bool libcurl_resolves, bool direct_only);

    // Sets every option that is the same for all URLs on a new easy handle, which keeps them
    // for every transfer it makes.
    void apply(CURL* easy) const;

    bool follows() const { return request_.follow_redirects; }
    const std::string& user_agent() const { return user_agent_; }
    // -I: HEAD requests; and a HEAD response's connection is never reused (apply() says why).
    bool head() const { return request_.head; }
    bool reuses_connections() const { return !request_.head; }
    long max_redirects() const { return request_.max_redirects; }
    // -v (1): each request is described on stderr; -vv (2): with its headers.
    int verbosity() const { return request_.verbosity; }
    // The -H headers for a request; once a redirect has left the URL's origin, without the
    // Authorization and Cookie headers, as curl does.
    curl_slist* headers(bool foreign) const { return foreign ? foreign_headers_.get() : headers_.get(); }

private:
    const RequestOptions& request_;
    const TransferLimits& limits_;
    const long receive_buffer_;
    const bool libcurl_resolves_;
    const bool direct_only_;
    std::string user_agent_;
    CurlList headers_;
    CurlList foreign_headers_;
    CurlList resolve_;
};

}  // namespace fetch
