#include "reorder.hpp"

#include <optional>
#include <string>

namespace fetch {

namespace {

std::size_t text(const std::string& s) {
    return s.capacity() > 15 ? s.capacity() + 1 : 0;  // beyond the short-string buffer
}

std::size_t text(const std::optional<std::string>& s) {
    return s ? text(*s) : 0;
}

}  // namespace

std::size_t footprint(const Record& r) {
    std::size_t bytes = sizeof(Record) + text(r.origin.source) + text(r.url) + text(r.title) + text(r.charset) +
                        text(r.charset_source) + text(r.xpath_value) + text(r.final_url) + text(r.content_type) +
                        text(r.ip) + text(r.http_version) + text(r.scheme) + text(r.tls_version) +
                        text(r.cert_expiry) + text(r.cert_subject) + text(r.cert_issuer) + text(r.body_sha256) +
                        text(r.error);
    for (const std::optional<std::string>& fact : r.head)
        bytes += text(fact);
    for (const auto& [name, value] : r.extracted)
        bytes += sizeof name + sizeof value + text(name) + text(value);
    for (const Hop& hop : r.redirect_chain)
        bytes += sizeof hop + text(hop.url);
    for (const auto& [name, value] : r.headers)
        bytes += sizeof name + sizeof value + text(name) + text(value);
    return bytes;
}

}  // namespace fetch
