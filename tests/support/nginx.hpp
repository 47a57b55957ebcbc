// A real HTTP server for tests: nginx from Debian's package, started on 127.0.0.1 with a
// private CA and a server certificate that openssl generates for each run. It serves a few
// pages over plain HTTP and over HTTPS with HTTP/2, and logs, for each request, the
// connection it came on and its protocol.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fetch::test {

class Nginx {
public:
    // Why nginx cannot run here (not installed, openssl missing, failed to start), or "".
    static std::string unavailable_reason();

    Nginx();  // throws std::runtime_error when it cannot start
    ~Nginx();
    Nginx(const Nginx&) = delete;
    Nginx& operator=(const Nginx&) = delete;

    std::string http_url(const std::string& path) const;
    std::string https_url(const std::string& path) const;
    std::string expired_url(const std::string& path) const;  // HTTPS with an expired certificate
    std::uint16_t https_port() const { return https_port_; }
    const std::string& ca_file() const { return ca_file_; }

    struct LoggedRequest {
        std::string connection;  // nginx's connection serial number
        std::string protocol;    // "HTTP/1.1", "HTTP/2.0"
        std::string uri;
    };
    std::vector<LoggedRequest> log() const;

    // The pages served: path -> title.
    static const std::map<std::string, std::string>& pages();
    // Serves `content` at `path` too (a file in the document root, as text/html).
    void put(const std::string& path, const std::string& content) const;

private:
    std::string directory_;
    std::string ca_file_;
    std::uint16_t http_port_ = 0;
    std::uint16_t https_port_ = 0;
    std::uint16_t expired_port_ = 0;
};

}  // namespace fetch::test
