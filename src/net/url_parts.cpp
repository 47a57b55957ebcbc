#include "fetch/net/url_parts.hpp"

#include <curl/curl.h>

#include <cstdlib>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/idn.hpp"
#include "fetch/base/redact.hpp"

namespace fetch {

namespace {

using UrlHandle = CPtr<CURLU, curl_url_cleanup>;
using CurlString = CPtr<char, curl_free>;

std::string part(CURLU* url, CURLUPart which, unsigned flags = 0) {
    char* text = nullptr;
    if (curl_url_get(url, which, &text, flags) != CURLUE_OK) return {};
    CurlString owner(text);
    return text;
}

UrlParts parts_of(CURLU* url) {
    UrlParts parts;
    parts.scheme = ascii::lower(part(url, CURLUPART_SCHEME));
    parts.host = ascii::lower(part(url, CURLUPART_HOST));
    if (parts.host.size() > 2 && parts.host.front() == '[') parts.host = parts.host.substr(1, parts.host.size() - 2);
    parts.port = std::strtol(part(url, CURLUPART_PORT, CURLU_DEFAULT_PORT).c_str(), nullptr, 10);
    return parts;
}

}  // namespace

UrlParts url_parts(const std::string& url) {
    UrlHandle handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
    return parts_of(handle.get());
}

Result<std::string> redirect_url(const std::string& target, const UrlParts& from) {
    UrlHandle handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, target.c_str(), 0) != CURLUE_OK) {
        return fail("redirect to an unusable URL: " + redact_credentials(target));
    }
    const std::string scheme = ascii::lower(part(handle.get(), CURLUPART_SCHEME));
    if (scheme != "http" && scheme != "https") {
        return fail("redirect to a " + scheme + ": URL, not http or https: " + redact_credentials(target));
    }
    const std::string host = part(handle.get(), CURLUPART_HOST);
    const Result<std::string> ascii = ascii_host(host);
    if (!ascii) return fail("redirect to " + ascii.error());
    if (*ascii != host) curl_url_set(handle.get(), CURLUPART_HOST, ascii->c_str(), 0);
    if (!parts_of(handle.get()).same_origin(from)) {
        curl_url_set(handle.get(), CURLUPART_USER, nullptr, 0);
        curl_url_set(handle.get(), CURLUPART_PASSWORD, nullptr, 0);
    }
    return part(handle.get(), CURLUPART_URL);
}

}  // namespace fetch
