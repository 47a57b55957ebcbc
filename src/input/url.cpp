#include "url.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/idn.hpp"
#include "fetch/base/redact.hpp"
#include "fetch/base/utf8.hpp"

namespace fetch {

namespace {

using UrlHandle = CPtr<CURLU, curl_url_cleanup>;
using CurlString = CPtr<char, curl_free>;

std::string get_part(CURLU* handle, CURLUPart part) {
    char* text = nullptr;
    if (curl_url_get(handle, part, &text, 0) != CURLUE_OK) return {};
    CurlString owner(text);
    return text;
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

// What no URL may contain: control bytes, spaces, invalid UTF-8.
Result<void> check_bytes(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return fail("contains control byte " + describe_byte(byte));
        if (byte == ' ') return fail("contains a space");
    }
    if (!utf8::is_valid(text)) return fail("is not valid UTF-8");
    return {};
}

}  // namespace

Result<NormalizedUrl> normalize_url(std::string_view text) {
    if (const Result<void> bytes = check_bytes(text); !bytes) return fail("URL " + bytes.error());

    std::string url;
    const std::string scheme = explicit_scheme(text);
    if (scheme.empty()) {
        url = "https://" + std::string(text);
    } else if (scheme == "http" || scheme == "https") {
        url = std::string(text);
    } else {
        return fail("unsupported scheme \"" + scheme + "\" (only http and https)");
    }

    UrlHandle handle(curl_url());
    if (!handle) return fail("out of memory");
    if (const CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0)) {
        return fail(std::string("unparsable URL: ") + curl_url_strerror(rc));
    }
    std::string as_written = get_part(handle.get(), CURLUPART_URL);
    std::string host = get_part(handle.get(), CURLUPART_HOST);
    if (as_written.empty()) return fail("unparsable URL");
    // libcurl decodes %XX in host names: "l%ca" would become a raw 0xCA byte.
    if (const Result<void> bytes = check_bytes(as_written); !bytes) {
        return fail("URL " + bytes.error() + " once its %-escapes are decoded");
    }
    Result<std::string> converted = ascii_host(host);
    if (!converted) return fail(converted.error());
    std::string canonical = as_written;  // unless the host changes: a curl_url_get less per URL
    if (*converted != host) {
        if (curl_url_set(handle.get(), CURLUPART_HOST, converted->c_str(), 0) != CURLUE_OK)
            return fail("host \"" + host + "\" is not a valid international name");
        host = std::move(*converted);
        canonical = get_part(handle.get(), CURLUPART_URL);
    }
    if (host.empty()) return fail("URL has no host");
    char* port = nullptr;
    curl_url_get(handle.get(), CURLUPART_PORT, &port, CURLU_DEFAULT_PORT);
    CurlString port_owner(port);
    // The record shows the host as written (bücher.example), the transfer uses xn--bcher-kva.
    std::string display = redact_credentials(as_written);
    return NormalizedUrl{canonical, display, ascii::lower(host) + ":" + (port ? port : ""), scheme.empty()};
}

}  // namespace fetch
