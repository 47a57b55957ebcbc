#include "resolver.hpp"

#include <ares.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <climits>
#include <stdexcept>
#include <unordered_set>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"

namespace fetch {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::seconds max_ttl{300};
constexpr std::chrono::seconds negative_ttl{30};  // "no such name": RFC 2308's usual SOA minimum

// Names under .localhost are loopback, answered here as curl and browsers do (RFC 6761 §6.3):
// asking DNS could only fail, or worse, be answered.
bool is_localhost(std::string_view name) {
    constexpr std::string_view suffix = ".localhost";
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    return name == "localhost" ||
           (name.size() > suffix.size() && name.substr(name.size() - suffix.size()) == suffix);
}

// The shortest TTL of the answer's records, within what this cache keeps.
std::chrono::seconds ttl_of(const ares_addrinfo* result) {
    int ttl = INT_MAX;
    for (const ares_addrinfo_node* node = result->nodes; node; node = node->ai_next)
        ttl = std::min(ttl, node->ai_ttl);
    return std::clamp(std::chrono::seconds(ttl), std::chrono::seconds(0), max_ttl);
}

}  // namespace

// ---- HostCache ----

std::optional<Answer> HostCache::find(const std::string& name, Clock::time_point now) {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(name);
    if (it == entries_.end() || it->second.expires <= now) return std::nullopt;
    return it->second.answer;
}

void HostCache::store(const std::string& name, const Answer& answer, std::chrono::seconds ttl,
                      Clock::time_point now) {
    if (ttl.count() <= 0 || capacity_ == 0) return;
    std::lock_guard lock(mutex_);
    const auto [it, inserted] = entries_.insert_or_assign(name, Entry{answer, now + ttl});
    if (inserted) order_.push_back(name);
    while (entries_.size() > capacity_) {
        entries_.erase(order_.front());
        order_.pop_front();
    }
}

// ---- Resolver ----

struct Resolver::Channel {
    ares_channel handle = nullptr;
    std::unordered_set<std::string> in_flight;  // names being looked up
    ~Channel() {
        if (handle) ares_destroy(handle);
    }
};

namespace {

// What on_answer needs: the resolver and the name asked for.
struct Query {
    Resolver* resolver;
    std::string name;
};

void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
    (*static_cast<Resolver::Watch*>(data))(fd, readable != 0, writable != 0);
}

// The receive buffer c-ares asks for, and how many lookups may be out at once so that a burst
// of answers fits in what the kernel grants of it (net.core.rmem_max caps the request; the
// kernel reports twice the size it was given, the room it accounts against). Each lookup
// brings two answers, A and AAAA, and each small datagram is charged about 1,280 bytes
// (its skb's truesize, measured on loopback); the burst gets twice that room.
constexpr int receive_buffer_asked = 1 << 20;
constexpr int bytes_charged_per_answer = 1280;

std::size_t lookups_the_buffer_holds() {
    const FileDescriptor probe(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    int granted = 0;
    socklen_t length = sizeof granted;
    if (!probe.valid() ||
        ::setsockopt(probe.get(), SOL_SOCKET, SO_RCVBUF, &receive_buffer_asked,
                     sizeof receive_buffer_asked) != 0 ||
        ::getsockopt(probe.get(), SOL_SOCKET, SO_RCVBUF, &granted, &length) != 0) {
        return 16;
    }
    const std::size_t answers_held = static_cast<std::size_t>(granted) / bytes_charged_per_answer;
    return std::clamp<std::size_t>(answers_held / 2 / 2, 8, 128);  // two answers a lookup, half the room
}

}  // namespace

Resolver::Resolver(const ResolveOptions& options, const std::vector<std::string>& static_entries,
                   std::chrono::milliseconds timeout, HostCache& cache, Watch watch, Done done)
    : cache_(cache),
      watch_(std::move(watch)),
      done_(std::move(done)),
      channel_(std::make_unique<Channel>()),
      max_lookups_out_(lookups_the_buffer_holds()) {
    for (const std::string& line : static_entries) {
        if (Result<ResolveEntry> entry = parse_resolve(line)) {  // refused at parsing when malformed
            static_[entry->host + ":" + std::to_string(entry->port)] = std::move(entry->addresses);
        }
    }
    ares_options settings{};
    settings.sock_state_cb = &on_socket_state;
    settings.sock_state_cb_data = &watch_;
    // Two tries, the second twice as long as the first (c-ares doubles it): the lookup as a
    // whole takes no longer than --connect-timeout, which in curl covers the lookup too.
    settings.tries = 2;
    settings.timeout = static_cast<int>(std::max<std::chrono::milliseconds::rep>(100, timeout.count() / 3));
    // Answers arrive in bursts while the loop is busy elsewhere: room for them in the socket ...
    settings.socket_receive_buffer_size = receive_buffer_asked;
    const int mask = ARES_OPT_SOCK_STATE_CB | ARES_OPT_TRIES | ARES_OPT_TIMEOUTMS | ARES_OPT_SOCK_RCVBUF;
    if (const int rc = ares_init_options(&channel_->handle, &settings, mask); rc != ARES_SUCCESS) {
        throw std::runtime_error(std::string("c-ares: ") + ares_strerror(rc));
    }
    if (!options.dns_servers.empty()) {
        if (const int rc = ares_set_servers_ports_csv(channel_->handle, options.dns_servers.c_str())) {
            throw std::runtime_error("--dns-servers \"" + options.dns_servers + "\": " + ares_strerror(rc));
        }
    }
}

Resolver::~Resolver() {
    destroying_ = true;  // ares_destroy answers every pending lookup with ARES_EDESTRUCTION
    channel_.reset();
}

Result<void> check_dns_servers(const std::string& list) {
    std::string_view rest = list;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        std::string_view entry = ascii::trim(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        std::string_view host = entry;
        if (!entry.empty() && entry.front() == '[') {
            host = entry.substr(0, entry.find(']') + 1);  // [v6] or [v6]:port
        } else if (std::count(entry.begin(), entry.end(), ':') == 1) {
            host = entry.substr(0, entry.find(':'));  // v4:port
        }
        const std::string_view port = entry.substr(std::min(entry.size(), host.size() + 1));
        const bool port_ok = port.empty() || (port.size() <= 5 && std::all_of(port.begin(), port.end(), ascii::is_digit) &&
                                              std::stol(std::string(port)) >= 1 && std::stol(std::string(port)) <= 65535);
        if (!IpAddress::parse(host) || !port_ok || (host.size() < entry.size() && entry[host.size()] != ':')) {
            return fail("\"" + std::string(entry) + "\" is not IP or IP:port, port 1 to 65535 (IPv6 as [addr]:port)");
        }
    }
    return {};
}

std::optional<Answer> Resolver::resolve(const std::string& name, long port) {
    if (const auto literal = IpAddress::parse(name)) return Answer{{*literal}, {}};
    const std::string port_text = ":" + std::to_string(port);
    for (const std::string& key : {name + port_text, "*" + port_text}) {
        const auto fixed = static_.find(key);
        if (fixed != static_.end()) return Answer{fixed->second, {}};
    }
    if (is_localhost(name)) return Answer{{*IpAddress::parse("127.0.0.1"), *IpAddress::parse("::1")}, {}};
    if (auto cached = cache_.find(name, Clock::now())) return cached;
    if (!channel_->in_flight.insert(name).second) return std::nullopt;  // already asked
    // ... and no more lookups out at once than that room holds: past it, answers would be
    // dropped and waited for, and a lookup whose tries are all dropped fails.
    if (pending_ >= max_lookups_out_) {
        queued_.push_back(name);
        return std::nullopt;
    }
    return ask(name);
}

std::optional<Answer> Resolver::ask(const std::string& name) {
    ares_addrinfo_hints hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    // No RFC 6724 sorting: c-ares does it by connecting a UDP socket to every address, and
    // libcurl's happy eyeballs orders the attempts anyway.
    hints.ai_flags = ARES_AI_NOSORT;
    ++pending_;
    // c-ares may answer before ares_getaddrinfo returns (from /etc/hosts, or failing at once):
    // that answer is returned here, not through Done, since no one waits for it yet.
    std::optional<Answer> at_once;
    answer_at_once_ = &at_once;
    ares_getaddrinfo(channel_->handle, name.c_str(), nullptr, &hints, &Resolver::on_answer, new Query{this, name});
    answer_at_once_ = nullptr;
    return at_once;
}

void Resolver::on_answer(void* data, int status, int, ares_addrinfo* result) {
    std::unique_ptr<Query> query(static_cast<Query*>(data));
    query->resolver->answered(query->name, status, result);
    if (result) ares_freeaddrinfo(result);
}

void Resolver::answered(const std::string& name, int status, ares_addrinfo* result) {
    --pending_;
    channel_->in_flight.erase(name);
    if (destroying_) return;
    deliver(name, answer_of(name, status, result));
    if (answer_at_once_) return;  // within ask(): the caller goes on with the queue
    // A name whose lookup waited for room is asked now; c-ares may answer it at once.
    while (!queued_.empty() && pending_ < max_lookups_out_) {
        const std::string next = std::move(queued_.front());
        queued_.pop_front();
        if (std::optional<Answer> at_once = ask(next)) deliver(next, *at_once);
    }
}

void Resolver::deliver(const std::string& name, const Answer& answer) {
    if (answer_at_once_) {
        *answer_at_once_ = answer;
    } else {
        done_(name, answer);
    }
}

Answer Resolver::answer_of(const std::string& name, int status, ares_addrinfo* result) {
    Answer answer;
    std::chrono::seconds ttl{0};
    if (status == ARES_SUCCESS && result) {
        for (const ares_addrinfo_node* node = result->nodes; node; node = node->ai_next) {
            const auto address = IpAddress::of(node->ai_addr);
            if (address && std::find_if(answer.addresses.begin(), answer.addresses.end(), [&](const IpAddress& a) {
                               return a.bytes == address->bytes;
                           }) == answer.addresses.end()) {
                answer.addresses.push_back(*address);
            }
        }
        ttl = ttl_of(result);
    }
    if (answer.addresses.empty()) {
        answer.error = "Could not resolve host: " + name + " (" +
                       (status == ARES_SUCCESS ? "no addresses" : ares_strerror(status)) + ")";
        if (status == ARES_ENOTFOUND || status == ARES_ENODATA) ttl = negative_ttl;
    }
    cache_.store(name, answer, ttl, Clock::now());
    return answer;
}

void Resolver::process(int fd, bool readable, bool writable) {
    ares_process_fd(channel_->handle, readable ? fd : ARES_SOCKET_BAD, writable ? fd : ARES_SOCKET_BAD);
}

std::optional<Clock::time_point> Resolver::next_timeout() const {
    if (pending_ == 0) return std::nullopt;
    timeval left{};
    if (!ares_timeout(channel_->handle, nullptr, &left)) return std::nullopt;
    return Clock::now() + std::chrono::seconds(left.tv_sec) + std::chrono::microseconds(left.tv_usec);
}

void Resolver::process_timeouts() {
    if (pending_ > 0) ares_process_fd(channel_->handle, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
}

}  // namespace fetch
