// The parts of a URL the network stage decides on: where to resolve and connect, whether a
// redirect leaves the origin, and whether its target may be fetched at all.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"

namespace fetch {

// UrlParts is in fetch/base/record.hpp: a Job carries its URL's.
UrlParts url_parts(const std::string& url);

// A redirect's target (libcurl's absolute CURLINFO_REDIRECT_URL), made fit to fetch: http or
// https only, an international host in punycode, and no user:password once it leaves the
// origin of `from`. The error says why it cannot be followed.
Result<std::string> redirect_url(const std::string& target, const UrlParts& from);

// `reference` (absolute, or relative as a page's href is) against `base`; nullopt when it
// makes no URL.
std::optional<std::string> resolve_reference(const std::string& reference, const std::string& base);

// The URL of a <meta http-equiv=refresh> content ("5; url=/next"), as HTML's refresh parsing
// reads it; "" (the page itself) when it names none.
std::string refresh_target(std::string_view content);

}  // namespace fetch
