// What every request shares: the options that do not depend on the URL, and the libcurl
// lists (-H, --resolve) built from them once and only read afterwards, by every worker.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>

#include "fetch/app/options.hpp"

namespace fetch {

struct SlistDeleter {
    void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};
using CurlList = std::unique_ptr<curl_slist, SlistDeleter>;

class RequestTemplate {
public:
    explicit RequestTemplate(const Options& options);

    // Sets every option that is the same for all URLs on a new easy handle, which keeps them
    // for every transfer it makes.
    void apply(CURL* easy) const;

    const Options& options() const { return options_; }

private:
    const Options& options_;
    std::string user_agent_;
    CurlList headers_;
    CurlList resolve_;
};

// Checks a -H value ("Name: value", or "Name;" for an empty value). Returns an error or "".
std::string check_header(const std::string& header);
// Checks a --resolve value ("host:port:address[,address...]"). Returns an error or "".
std::string check_resolve(const std::string& entry);

}  // namespace fetch
