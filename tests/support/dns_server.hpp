// A scriptable DNS server on 127.0.0.1 (UDP, ephemeral port) for tests that need answers
// dnsmasq will not give: an answer that changes between lookups, a slow answer, a count of the
// lookups made. Each question (A or AAAA) is answered by a handler; fetch reaches the server
// with --dns-servers 127.0.0.1:PORT.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fetch::test {

struct DnsAnswer {
    std::vector<std::string> addresses;  // of the type asked; none: no data for that type
    std::uint32_t ttl = 60;
    int rcode = 0;                       // 3: no such name
    std::chrono::milliseconds delay{0};  // before the answer is sent
};

enum class DnsType : std::uint16_t { a = 1, aaaa = 28 };

class DnsServer {
public:
    // `nth` counts earlier questions for the same name and type: 0 for the first.
    using Handler = std::function<DnsAnswer(const std::string& name, DnsType type, int nth)>;

    explicit DnsServer(Handler handler);
    ~DnsServer();
    DnsServer(const DnsServer&) = delete;
    DnsServer& operator=(const DnsServer&) = delete;

    std::uint16_t port() const { return port_; }
    std::string address() const { return "127.0.0.1:" + std::to_string(port_); }  // for --dns-servers
    // How often `name` was asked for with `type`.
    int asked(const std::string& name, DnsType type);
    int questions();  // all of them

private:
    struct Reply {
        std::chrono::steady_clock::time_point due;
        std::string bytes;
        std::vector<std::uint8_t> peer;  // sockaddr_in
    };
    void serve();
    void answer(const std::uint8_t* query, std::size_t size, const std::vector<std::uint8_t>& peer);

    Handler handler_;
    int socket_ = -1;
    int stop_[2] = {-1, -1};
    std::uint16_t port_ = 0;
    std::mutex mutex_;
    std::map<std::pair<std::string, DnsType>, int> asked_;
    std::vector<Reply> pending_;  // only the server thread touches it
    std::thread thread_;
};

}  // namespace fetch::test
