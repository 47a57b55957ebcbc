#include "dns_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace fetch::test {

namespace {

void put16(std::string& out, unsigned value) {
    out.push_back(static_cast<char>((value >> 8) & 0xFF));
    out.push_back(static_cast<char>(value & 0xFF));
}

void put32(std::string& out, std::uint32_t value) {
    put16(out, value >> 16);
    put16(out, value & 0xFFFF);
}

// The question's name in dotted, lower-case form, and where the question's type starts.
std::pair<std::string, std::size_t> read_name(const std::uint8_t* data, std::size_t size) {
    std::string name;
    std::size_t at = 12;
    while (at < size && data[at] != 0) {
        const std::size_t length = data[at++];
        if (at + length > size) return {{}, 0};
        if (!name.empty()) name.push_back('.');
        for (std::size_t i = 0; i < length; ++i)
            name.push_back(static_cast<char>(std::tolower(data[at + i])));
        at += length;
    }
    return {name, at + 1};
}

}  // namespace

DnsServer::DnsServer(Handler handler) : handler_(std::move(handler)) {
    socket_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (socket_ < 0 || ::bind(socket_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) != 0 || ::pipe(stop_) != 0) {
        throw std::runtime_error(std::string("dns server: ") + std::strerror(errno));
    }
    port_ = ntohs(address.sin_port);
    // Room for a burst of questions (past net.core.rmem_max when the tests run as root): one
    // dropped here is asked again only after fetch's first try times out.
    const int room = 8 << 20;
    if (::setsockopt(socket_, SOL_SOCKET, SO_RCVBUFFORCE, &room, sizeof room) != 0)
        ::setsockopt(socket_, SOL_SOCKET, SO_RCVBUF, &room, sizeof room);
    thread_ = std::thread([this] { serve(); });
}

DnsServer::~DnsServer() {
    [[maybe_unused]] const auto written = ::write(stop_[1], "x", 1);
    thread_.join();
    ::close(socket_);
    ::close(stop_[0]);
    ::close(stop_[1]);
}

int DnsServer::asked(const std::string& name, DnsType type) {
    std::lock_guard lock(mutex_);
    const auto it = asked_.find({name, type});
    return it == asked_.end() ? 0 : it->second;
}

int DnsServer::questions() {
    std::lock_guard lock(mutex_);
    int total = 0;
    for (const auto& [key, count] : asked_)
        total += count;
    return total;
}

void DnsServer::serve() {
    using Clock = std::chrono::steady_clock;
    for (;;) {
        int timeout = -1;
        if (!pending_.empty()) {
            const auto next = std::min_element(pending_.begin(), pending_.end(),
                                               [](const Reply& a, const Reply& b) { return a.due < b.due; });
            const auto left = std::chrono::ceil<std::chrono::milliseconds>(next->due - Clock::now()).count();
            timeout = static_cast<int>(std::max<long long>(0, left));
        }
        pollfd fds[2] = {{socket_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
        ::poll(fds, 2, timeout);
        if (fds[1].revents) return;
        if (fds[0].revents & POLLIN) {
            std::uint8_t query[512];
            sockaddr_in peer{};
            socklen_t length = sizeof peer;
            const ssize_t got = ::recvfrom(socket_, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&peer), &length);
            const auto* raw = reinterpret_cast<const std::uint8_t*>(&peer);
            if (got > 12) answer(query, static_cast<std::size_t>(got), {raw, raw + length});
        }
        const auto now = Clock::now();
        for (auto it = pending_.begin(); it != pending_.end();) {
            if (it->due > now) {
                ++it;
                continue;
            }
            ::sendto(socket_, it->bytes.data(), it->bytes.size(), 0, reinterpret_cast<const sockaddr*>(it->peer.data()),
                     static_cast<socklen_t>(it->peer.size()));
            it = pending_.erase(it);
        }
    }
}

void DnsServer::answer(const std::uint8_t* query, std::size_t size, const std::vector<std::uint8_t>& peer) {
    const auto [name, type_at] = read_name(query, size);
    if (type_at == 0 || type_at + 4 > size) return;
    const auto type = static_cast<DnsType>((query[type_at] << 8) | query[type_at + 1]);
    int nth = 0;
    {
        std::lock_guard lock(mutex_);
        nth = asked_[{name, type}]++;
    }
    const DnsAnswer answer = (type == DnsType::a || type == DnsType::aaaa) ? handler_(name, type, nth) : DnsAnswer{};
    std::string reply(reinterpret_cast<const char*>(query), 2);                        // the query's id
    put16(reply, 0x8000u | (query[2] & 0x01u) << 8 | 0x80u |
                     (static_cast<unsigned>(answer.rcode) & 0x0Fu));  // QR, RD as asked, RA
    put16(reply, 1);
    std::vector<std::string> records;
    for (const std::string& text : answer.addresses) {
        std::uint8_t bytes[16];
        if (type == DnsType::a && inet_pton(AF_INET, text.c_str(), bytes) == 1) records.emplace_back(reinterpret_cast<char*>(bytes), 4);
        if (type == DnsType::aaaa && inet_pton(AF_INET6, text.c_str(), bytes) == 1) records.emplace_back(reinterpret_cast<char*>(bytes), 16);
    }
    put16(reply, static_cast<unsigned>(records.size()));
    put16(reply, 0);
    put16(reply, 0);
    reply.append(reinterpret_cast<const char*>(query) + 12, type_at + 4 - 12);  // the question
    for (const std::string& data : records) {
        put16(reply, 0xC00C);  // the question's name
        put16(reply, static_cast<unsigned>(type));
        put16(reply, 1);
        put32(reply, answer.ttl);
        put16(reply, static_cast<unsigned>(data.size()));
        reply.append(data);
    }
    pending_.push_back({std::chrono::steady_clock::now() + answer.delay, std::move(reply), peer});
}

}  // namespace fetch::test
