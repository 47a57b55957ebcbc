#include "fetch/base/redact.hpp"

namespace fetch {

std::string redact_credentials(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return std::string(url);
    const std::size_t authority = scheme_end + 3;
    const std::size_t authority_end = std::min(url.find_first_of("/?#", authority), url.size());
    const auto at = url.substr(0, authority_end).rfind('@');
    if (at == std::string_view::npos || at < authority) return std::string(url);
    const auto colon = url.substr(0, at).find(':', authority);
    if (colon == std::string_view::npos) return std::string(url);  // a user, no password
    return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

}  // namespace fetch
