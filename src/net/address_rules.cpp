#include "fetch/net/options.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

constexpr AddressKeyword keywords[] = {
    {"private", "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,100.64.0.0/10,fc00::/7",
     "private networks: 10/8, 172.16/12, 192.168/16, 100.64/10 (shared), fc00::/7"},
    {"loopback", "127.0.0.0/8,::1/128,0.0.0.0/8,::/128",
     "this host: 127/8, ::1, and 0.0.0.0/8 and ::, which reach it too on Linux"},
    {"link-local", "169.254.0.0/16,fe80::/10", "link-local: 169.254/16 (cloud metadata), fe80::/10"},
    {"multicast", "224.0.0.0/4,ff00::/8", "multicast: 224/4, ff00::/8"},
    {"all", "0.0.0.0/0,::/0", "every address"},
};

// An address, or address/prefix, as a range.
std::optional<std::pair<IpAddress, int>> parse_cidr(std::string_view text) {
    const auto slash = text.find('/');
    const std::optional<IpAddress> address = IpAddress::parse(text.substr(0, slash));
    if (!address) return std::nullopt;
    const int width = address->v4 ? 32 : 128;
    int prefix = width;
    if (slash != std::string_view::npos) {
        const std::string_view digits = text.substr(slash + 1);
        if (digits.empty() || digits.size() > 3) return std::nullopt;
        prefix = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9') return std::nullopt;
            prefix = prefix * 10 + (c - '0');
        }
        if (prefix > width) return std::nullopt;
    }
    return std::pair{*address, address->v4 ? prefix + 96 : prefix};
}

bool contains(const IpAddress& base, int prefix, const IpAddress& address) {
    const auto whole = static_cast<std::size_t>(prefix / 8);
    if (std::memcmp(base.bytes.data(), address.bytes.data(), whole) != 0) return false;
    const int rest = prefix % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
    return (base.bytes[whole] & mask) == (address.bytes[whole] & mask);
}

}  // namespace

Span<AddressKeyword> address_keywords() {
    return keywords;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    const std::string copy(text);
    IpAddress address;
    in_addr v4{};
    if (inet_pton(AF_INET, copy.c_str(), &v4) == 1) {
        address.bytes[10] = address.bytes[11] = 0xFF;
        std::memcpy(address.bytes.data() + 12, &v4, 4);
        address.v4 = true;
        return address;
    }
    if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) != 1) return std::nullopt;
    // ::ffff:a.b.c.d is the IPv4 address a.b.c.d: it is checked, and shown, as one.
    static constexpr std::uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
    address.v4 = std::memcmp(address.bytes.data(), mapped, sizeof mapped) == 0;
    return address;
}

std::optional<IpAddress> IpAddress::of(const sockaddr* address) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address->sa_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(address)->sin_addr, text, sizeof text);
    } else if (address->sa_family == AF_INET6) {
        inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr, text, sizeof text);
    } else {
        return std::nullopt;
    }
    return parse(text);
}

std::string IpAddress::to_string() const {
    char text[INET6_ADDRSTRLEN] = {};
    if (v4) {
        inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
    } else {
        inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
    }
    return text;
}

Result<void> AddressRules::deny(std::string_view list) {
    return add(list, false);
}

Result<void> AddressRules::allow(std::string_view list) {
    default_allow_ = false;
    return add(list, true);
}

// A keyword's ranges are added under the keyword's name, so a refusal names what was typed.
Result<void> AddressRules::add(std::string_view list, bool allow, std::string_view keyword_name) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string entry = ascii::lower(ascii::trim(list.substr(0, comma)));
        list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        const auto keyword = std::find_if(std::begin(keywords), std::end(keywords),
                                          [&](const AddressKeyword& k) { return k.name == entry; });
        if (keyword != std::end(keywords)) {
            if (const Result<void> added = add(keyword->ranges, allow, keyword->name); !added) return added;
            continue;
        }
        const auto range = parse_cidr(entry);
        if (!range) {
            std::string names;
            for (const AddressKeyword& k : keywords)
                names.append(names.empty() ? "" : ", ").append(k.name);
            return fail("\"" + entry + "\" is not an address, a CIDR range or one of " + names);
        }
        const std::string_view written = keyword_name.empty() ? std::string_view(entry) : keyword_name;
        ranges_.push_back({range->first, range->second, allow, std::string(written)});
    }
    return {};
}

const AddressRules::Range* AddressRules::deciding(const IpAddress& address) const {
    const Range* decided = nullptr;
    for (const Range& range : ranges_) {
        if (!contains(range.base, range.prefix, address)) continue;
        const bool wider = decided && range.prefix < decided->prefix;
        const bool tie_lost = decided && range.prefix == decided->prefix && range.allow;  // deny wins a tie
        if (!wider && !tie_lost) decided = &range;
    }
    return decided;
}

bool AddressRules::allows(const IpAddress& address) const {
    const Range* decided = deciding(address);
    return decided ? decided->allow : default_allow_;
}

std::string AddressRules::refusal(const IpAddress& address) const {
    const Range* decided = deciding(address);
    return decided && !decided->allow ? "--deny-ip " + decided->entry : "--allow-ip (no entry holds it)";
}

}  // namespace fetch
