// dnsmasq from Debian's package, as the tests' real DNS server: it answers only the names a
// test gives it (no upstream, no /etc/hosts), on a loopback address and port of the test's
// choosing, and is stopped when the object goes away. Port 53 needs root; a high port is
// reached with --dns-servers ADDRESS:PORT.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fetch::test {

class Dnsmasq {
public:
    static std::string unavailable_reason();  // "" when dnsmasq can run here

    // `records` are dnsmasq options: "--address=/test/127.0.0.1", "--host-record=a.test,::1".
    // Port 0: a free one.
    explicit Dnsmasq(const std::vector<std::string>& records, std::string address = "127.0.0.1",
                     std::uint16_t port = 0);
    ~Dnsmasq();
    Dnsmasq(const Dnsmasq&) = delete;
    Dnsmasq& operator=(const Dnsmasq&) = delete;

    std::string server() const;  // "127.0.0.1:PORT", for --dns-servers
    const std::string& address() const { return address_; }

private:
    std::string directory_;
    std::string address_;
    std::uint16_t port_ = 0;
    int pid_ = -1;
};

}  // namespace fetch::test
