// What a response's TLS connection says of itself: the protocol version and the server
// certificate. Read straight from OpenSSL while the connection is alive (from the header
// callback), not through CURLOPT_CERTINFO: on a resumed TLS session OpenSSL has no peer chain
// to give libcurl, but it still has the peer certificate.
#pragma once

#include <curl/curl.h>

#include <string>

namespace fetch {

struct TlsFacts {
    std::string version;  // "TLSv1.3"; empty for plain http
    std::string expiry;   // the certificate's notAfter, ISO 8601 UTC
    std::string subject;  // RFC 2253, as "CN=example.com,O=..."
    std::string issuer;
};

// The facts of `easy`'s current connection; the certificate's only when `certificate`.
TlsFacts read_tls(CURL* easy, bool certificate);

}  // namespace fetch
