#include "fetch/base/idn.hpp"

#include <idn2.h>

#include <algorithm>

#include "fetch/base/handle.hpp"

namespace fetch {

namespace {

int lookup(const std::string& host, char** converted, int flags) {
    return idn2_lookup_u8(reinterpret_cast<const uint8_t*>(host.c_str()), reinterpret_cast<uint8_t**>(converted),
                          IDN2_NFC_INPUT | flags);
}

}  // namespace

Result<std::string> ascii_host(const std::string& host) {
    if (std::all_of(host.begin(), host.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return host;
    char* converted = nullptr;
    int rc = lookup(host, &converted, IDN2_NONTRANSITIONAL);
    if (rc == IDN2_DISALLOWED) rc = lookup(host, &converted, IDN2_TRANSITIONAL);
    CPtr<char, idn2_free> owner(converted);
    if (rc != IDN2_OK) return fail("host \"" + host + "\" is not a valid international name: " + idn2_strerror(rc));
    return std::string(converted);
}

}  // namespace fetch
