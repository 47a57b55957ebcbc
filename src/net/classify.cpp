#include "classify.hpp"

namespace fetch {

ErrorKind classify(CURLcode result, long redirects) {
    switch (result) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return ErrorKind::dns;
        case CURLE_COULDNT_CONNECT:
            return ErrorKind::connect;
        case CURLE_OPERATION_TIMEDOUT:
            return ErrorKind::timeout;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CIPHER:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_ISSUER_ERROR:
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
        case CURLE_SSL_INVALIDCERTSTATUS:
            return ErrorKind::tls;
        case CURLE_TOO_MANY_REDIRECTS:
            return ErrorKind::redirects;
        case CURLE_UNSUPPORTED_PROTOCOL:
            return redirects > 0 ? ErrorKind::redirects : ErrorKind::protocol;
        // Our URLs are checked before they are fetched: a malformed one is a redirect's target.
        case CURLE_URL_MALFORMAT:
            return ErrorKind::redirects;
        case CURLE_WEIRD_SERVER_REPLY:
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_RANGE_ERROR:
            return ErrorKind::protocol;
        // A stream reset or a GOAWAY (a server reloading) ends a transfer mid-way: worth a retry.
        case CURLE_HTTP2:
        case CURLE_HTTP2_STREAM:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_PARTIAL_FILE:
            return ErrorKind::network;
        default:
            return ErrorKind::other;
    }
}

}  // namespace fetch
