#include "fetch/input/url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "fetch/base/ascii.hpp"
#include "fetch/base/utf8.hpp"

namespace fetch {

namespace {

struct UrlDeleter {
    void operator()(CURLU* handle) const noexcept { curl_url_cleanup(handle); }
};
struct CurlStringDeleter {
    void operator()(char* text) const noexcept { curl_free(text); }
};
using CurlString = std::unique_ptr<char, CurlStringDeleter>;

NormalizedUrl failure(std::string message) {
    return {{}, {}, {}, std::move(message)};
}

using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

std::string get_part(CURLU* handle, CURLUPart part) {
    char* text = nullptr;
    if (curl_url_get(handle, part, &text, 0) != CURLUE_OK) return {};
    CurlString owner(text);
    return text;
}

// The URL with its password replaced, or "" when it has none.
std::string redacted(CURLU* handle) {
    if (get_part(handle, CURLUPART_PASSWORD).empty()) return {};
    UrlHandle copy(curl_url_dup(handle));
    curl_url_set(copy.get(), CURLUPART_PASSWORD, "***", 0);
    return get_part(copy.get(), CURLUPART_URL);
}

bool is_scheme_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// The scheme the line names, if any: "ftp" for "ftp://x", "mailto" for "mailto:a@b".
// "host:8080/x" names none: a digit after the colon is a port.
std::string explicit_scheme(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == 0 || colon == std::string_view::npos) return {};
    const std::string_view name = text.substr(0, colon);
    if (!std::isalpha(static_cast<unsigned char>(name[0])) ||
        !std::all_of(name.begin(), name.end(), is_scheme_char)) {
        return {};
    }
    const std::string_view rest = text.substr(colon + 1);
    if (rest.substr(0, 2) == "//") return ascii::lower(name);
    const bool port_follows = !rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]));
    const bool looks_like_host = name.find('.') != std::string_view::npos;
    return port_follows || looks_like_host ? std::string{} : ascii::lower(name);
}

std::string describe_byte(unsigned char byte) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02X", byte);
    return buffer;
}

// Returns an error message for bytes no URL may contain, or an empty string.
std::string check_bytes(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return "contains control byte " + describe_byte(byte);
        if (byte == ' ') return "contains a space";
    }
    if (!utf8::is_valid(text)) return "is not valid UTF-8";
    return {};
}

}  // namespace

NormalizedUrl normalize_url(std::string_view text) {
    if (std::string problem = check_bytes(text); !problem.empty()) return failure("URL " + problem);

    std::string url;
    const std::string scheme = explicit_scheme(text);
    if (scheme.empty()) {
        url = "https://" + std::string(text);
    } else if (scheme == "http" || scheme == "https") {
        url = std::string(text);
    } else {
        return failure("unsupported scheme \"" + scheme + "\" (only http and https)");
    }

    UrlHandle handle(curl_url());
    if (!handle) return failure("out of memory");
    if (const CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0)) {
        return failure(std::string("unparsable URL: ") + curl_url_strerror(rc));
    }
    std::string canonical = get_part(handle.get(), CURLUPART_URL);
    std::string host = get_part(handle.get(), CURLUPART_HOST);
    if (canonical.empty()) return failure("unparsable URL");
    // libcurl decodes %XX in host names: "l%ca" would become a raw 0xCA byte.
    if (std::string problem = check_bytes(canonical); !problem.empty()) {
        return failure("URL " + problem + " once its %-escapes are decoded");
    }
    if (host.empty()) return failure("URL has no host");
    char* port = nullptr;
    curl_url_get(handle.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
    CurlString port_owner(port);
    std::string display = redacted(handle.get());
    if (display.empty()) display = canonical;
    return {canonical, display, ascii::lower(host) + ":" + (port ? port : ""), {}};
}

std::string redact_credentials(const std::string& url) {
    // A password sits in the user information, which ends with '@': most URLs have none, and
    // need no parse.
    if (url.find('@') == std::string::npos) return url;
    UrlHandle handle(curl_url());
    if (!handle ||
        curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
        return url;
    }
    const std::string clean = redacted(handle.get());
    return clean.empty() ? url : clean;  // no password: nothing to hide
}

}  // namespace fetch
