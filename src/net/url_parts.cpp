#include "url_parts.hpp"

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

UrlParts parsed_by_libcurl(const std::string& url) {
    UrlHandle handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return {};
    return parts_of(handle.get());
}

bool all_digits(std::string_view text) {
    return !text.empty() && text.size() <= 5 && text.find_first_not_of("0123456789") == std::string_view::npos;
}

}  // namespace

// Every URL that reaches here was written by libcurl's URL API (normalize_url, redirect_url,
// CURLINFO_EFFECTIVE_URL), so it has the form "scheme://[userinfo@]host[:port][/?#...]".
// Read by hand, that costs a few hundred instructions per request; a curl_url round trip
// cost 18,000 (callgrind on S1: 9% of fetch's CPU). Anything else goes to libcurl.
UrlParts url_parts(const std::string& url) {
    const std::string_view text = url;
    const auto separator = text.find("://");
    if (separator == std::string_view::npos) return parsed_by_libcurl(url);
    const auto start = separator + 3;
    std::string_view authority = text.substr(start, text.find_first_of("/?#", start) - start);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    std::string_view host = authority, port;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) return parsed_by_libcurl(url);
        host = authority.substr(1, close - 1);
        const std::string_view rest = authority.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return parsed_by_libcurl(url);
        if (!rest.empty()) port = rest.substr(1);
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    UrlParts parts;
    parts.scheme = ascii::lower(text.substr(0, separator));
    const long default_port = parts.scheme == "http" ? 80 : parts.scheme == "https" ? 443 : 0;
    if (host.empty() || (port.empty() ? default_port == 0 : !all_digits(port))) return parsed_by_libcurl(url);
    parts.host = ascii::lower(host);
    parts.port = port.empty() ? default_port : std::strtol(std::string(port).c_str(), nullptr, 10);
    return parts;
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

std::optional<std::string> resolve_reference(const std::string& reference, const std::string& base) {
    UrlHandle handle(curl_url());
    if (!handle || curl_url_set(handle.get(), CURLUPART_URL, base.c_str(), 0) != CURLUE_OK) return std::nullopt;
    if (curl_url_set(handle.get(), CURLUPART_URL, reference.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return std::nullopt;
    std::string resolved = part(handle.get(), CURLUPART_URL);
    return resolved.empty() ? std::nullopt : std::optional<std::string>(std::move(resolved));
}

std::string refresh_target(std::string_view content) {
    const auto skip = [&](std::string_view set) {
        while (!content.empty() && set.find(content.front()) != std::string_view::npos) content.remove_prefix(1);
    };
    skip(" \t\n\r\f");
    skip("0123456789.");  // the delay
    skip(" \t\n\r\f");
    skip(";,");
    skip(" \t\n\r\f");
    if (ascii::lower(content.substr(0, 3)) == "url") {
        std::string_view rest = content.substr(3);
        while (!rest.empty() && ascii::is_space(rest.front())) rest.remove_prefix(1);
        if (!rest.empty() && rest.front() == '=') {
            rest.remove_prefix(1);
            while (!rest.empty() && ascii::is_space(rest.front())) rest.remove_prefix(1);
            content = rest;
        }
    }
    if (!content.empty() && (content.front() == '"' || content.front() == '\'')) {
        const char quote = content.front();
        content.remove_prefix(1);
        content = content.substr(0, content.find(quote));
    }
    return std::string(ascii::trim(content));
}

}  // namespace fetch
