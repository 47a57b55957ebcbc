// --deny-ip and --allow-ip: which addresses a run may connect to. Checked on the addresses a
// name resolved to, before the connection, on the first request and on every redirect hop;
// the connection then goes to an address that was checked (the resolver pins it), and the
// worker checks again as each socket opens.
//
// The rule: the most specific entry that contains the address decides (the longest prefix;
// deny on a tie). An address no entry contains is allowed, unless --allow-ip was given.
//   --deny-ip private,loopback,link-local        keep off internal networks
//   --allow-ip 203.0.113.0/24                    only these
//   --deny-ip private --allow-ip 10.1.2.3,all    internal networks but one
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) are checked as the IPv4 address they carry.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/result.hpp"
#include "fetch/base/span.hpp"

struct sockaddr;

namespace fetch {

// An IPv4 or IPv6 address; IPv4 is kept as IPv4-mapped IPv6, so one prefix match serves both.
struct IpAddress {
    std::array<std::uint8_t, 16> bytes{};
    bool v4 = false;

    static std::optional<IpAddress> parse(std::string_view text);  // "10.0.0.1", "::1", "[::1]"
    static std::optional<IpAddress> of(const sockaddr* address);
    std::string to_string() const;
};

// The keywords a list may use, each a set of ranges (the table is in address_rules.cpp).
struct AddressKeyword {
    std::string_view name;
    std::string_view ranges;  // comma-separated CIDRs
    std::string_view description;
};
Span<AddressKeyword> address_keywords();

class AddressRules {
public:
    // Adds a comma-separated list of CIDRs, addresses and keywords to the deny or allow side.
    // The error names the entry that is none of them.
    Result<void> deny(std::string_view list);
    Result<void> allow(std::string_view list);

    bool empty() const { return ranges_.empty(); }
    bool allows(const IpAddress& address) const;
    // Why an address is refused, for its record: "--deny-ip loopback", or "--allow-ip (no
    // entry holds it)".
    std::string refusal(const IpAddress& address) const;

private:
    struct Range {
        IpAddress base;
        int prefix = 0;  // bits of the 128, IPv4 ranges counted as mapped
        bool allow = false;
        std::string entry;  // as the user wrote it: "loopback", "10.0.0.0/8"
    };
    Result<void> add(std::string_view list, bool allow, std::string_view keyword = {});
    const Range* deciding(const IpAddress& address) const;  // null: no entry holds it
    bool default_allow_ = true;  // no --allow-ip
    std::vector<Range> ranges_;
};

}  // namespace fetch
