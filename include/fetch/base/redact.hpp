// URLs with credentials may be fetched, but their secrets are never printed or logged.
#pragma once

#include <string>
#include <string_view>

namespace fetch {

// `url` with the password of its user information replaced by "***" (user:***@host), and
// otherwise as written. The user information is what precedes the last '@' of the authority.
std::string redact_credentials(std::string_view url);

}  // namespace fetch
