#include "fetch/base/record.hpp"

namespace fetch {

std::string_view error_kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::none:
            return "none";
        case ErrorKind::bad_input:
            return "bad_input";
        case ErrorKind::dns:
            return "dns";
        case ErrorKind::connect:
            return "connect";
        case ErrorKind::timeout:
            return "timeout";
        case ErrorKind::tls:
            return "tls";
        case ErrorKind::redirects:
            return "redirects";
        case ErrorKind::protocol:
            return "protocol";
        case ErrorKind::network:
            return "network";
        case ErrorKind::other:
            return "other";
    }
    return "other";
}

}  // namespace fetch
