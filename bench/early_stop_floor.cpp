// The floors: how fast could any client get through the list if it did nothing but the
// transfers? Each answer is without titles, records, output formats or any of fetch's other
// work:
//
//   early_stop_floor libcurl LIST JOBS        libcurl's multi_socket API on epoll, the way
//                                             fetch and curl drive it; the write callback
//                                             stops at </title> (S3). The best a
//                                             libcurl-based tool can do.
//   early_stop_floor libcurl-whole LIST JOBS [CA]  the same, reading whole bodies (S1, S7);
//                                             https verified against CA. Names go through
//                                             libcurl's own (threaded) resolver.
//   early_stop_floor libcurl-distinct LIST JOBS    whole bodies, for lists of distinct hosts
//                                             (S10): no connection kept (FORBID_REUSE) and a
//                                             DNS cache that is never pruned, so libcurl never
//                                             walks its caches after a transfer.
//   early_stop_floor sockets LIST JOBS        raw non-blocking sockets: connect, one GET, recv
//                                             until </title>, close. What the kernel and
//                                             nginx cost.
//
// LIST holds the URLs (for sockets: plain http://IPv4:port/path). Prints one line per URL:
// its status code (libcurl), or "done" (sockets). Only for bench/bench.py.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view title_end = "</title>";

bool has_title_end(const char* data, std::size_t size) {
    return std::string_view(data, size).find(title_end) != std::string_view::npos;
}

std::vector<std::string> read_list(const char* path) {
    std::vector<std::string> urls;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) urls.push_back(line);
    return urls;
}

// ---- libcurl ----

class LibcurlClient {
public:
    LibcurlClient(std::vector<std::string> urls, std::size_t jobs, bool whole, bool distinct, std::string ca)
        : urls_(std::move(urls)),
          jobs_(jobs),
          whole_(whole),
          distinct_(distinct),
          ca_(std::move(ca)),
          epoll_(epoll_create1(EPOLL_CLOEXEC)),
          multi_(curl_multi_init()) {
        curl_multi_setopt(multi_, CURLMOPT_SOCKETFUNCTION, &LibcurlClient::on_socket);
        curl_multi_setopt(multi_, CURLMOPT_SOCKETDATA, this);
        curl_multi_setopt(multi_, CURLMOPT_TIMERFUNCTION, &LibcurlClient::on_timer);
        curl_multi_setopt(multi_, CURLMOPT_TIMERDATA, this);
    }
    ~LibcurlClient() {
        curl_multi_cleanup(multi_);
        close(epoll_);
    }

    void run() {
        while (next_ < urls_.size() && next_ < jobs_)
            start(urls_[next_++]);
        epoll_event events[256];
        int running = 0;
        while (done_ < urls_.size()) {
            const int ready = epoll_wait(epoll_, events, 256, static_cast<int>(timeout_ms_));
            for (int i = 0; i < ready; ++i) {
                const int action = (events[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
                                   (events[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0);
                curl_multi_socket_action(multi_, events[i].data.fd, action, &running);
            }
            if (ready == 0 || timeout_ms_ == 0)
                curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
            reap();
        }
    }

private:
    void start(const std::string& url) {
        CURL* easy = curl_easy_init();
        curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, whole_ ? &LibcurlClient::on_whole_body : &LibcurlClient::on_body);
        // As fetch does: the CA bundle alone (a CA path costs ~20 ms per TLS connection in 7.88).
        curl_easy_setopt(easy, CURLOPT_CAPATH, nullptr);
        if (!ca_.empty()) curl_easy_setopt(easy, CURLOPT_CAINFO, ca_.c_str());
        if (distinct_) {
            curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
            curl_easy_setopt(easy, CURLOPT_DNS_CACHE_TIMEOUT, -1L);
        }
        curl_multi_add_handle(multi_, easy);
    }

    void reap() {
        int left = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
            long status = 0;
            curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            std::printf("%ld\n", status);
            curl_multi_remove_handle(multi_, message->easy_handle);
            curl_easy_cleanup(message->easy_handle);
            ++done_;
            if (next_ < urls_.size()) start(urls_[next_++]);
        }
    }

    static size_t on_body(char* data, size_t, size_t size, void*) {
        return has_title_end(data, size) ? 0 : size;  // 0: stop here, as fetch does
    }
    static size_t on_whole_body(char*, size_t, size_t size, void*) { return size; }

    static int on_socket(CURL*, curl_socket_t socket, int what, void* self, void*) {
        const int epoll = static_cast<LibcurlClient*>(self)->epoll_;
        if (what == CURL_POLL_REMOVE) {
            epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nullptr);
            return 0;
        }
        epoll_event event{};
        event.data.fd = socket;
        if (what & CURL_POLL_IN) event.events |= EPOLLIN;
        if (what & CURL_POLL_OUT) event.events |= EPOLLOUT;
        if (epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event) != 0)
            epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event);
        return 0;
    }

    static int on_timer(CURLM*, long timeout_ms, void* self) {
        static_cast<LibcurlClient*>(self)->timeout_ms_ = timeout_ms;
        return 0;
    }

    std::vector<std::string> urls_;
    std::size_t jobs_, next_ = 0, done_ = 0;
    bool whole_;
    bool distinct_;
    std::string ca_;
    int epoll_;
    CURLM* multi_;
    long timeout_ms_ = -1;
};

// ---- raw sockets ----

struct Target {
    sockaddr_in address{};
    std::string request;
};

Target parse_target(const std::string& url) {  // http://a.b.c.d:port/path
    Target target;
    const auto host_start = url.find("//") + 2;
    const auto colon = url.find(':', host_start);
    const auto slash = url.find('/', colon);
    const std::string host = url.substr(host_start, colon - host_start);
    target.address.sin_family = AF_INET;
    target.address.sin_port =
        htons(static_cast<std::uint16_t>(std::stoi(url.substr(colon + 1, slash - colon - 1))));
    inet_pton(AF_INET, host.c_str(), &target.address.sin_addr);
    target.request = "GET " + url.substr(slash) +
                     " HTTP/1.1\r\nHost: " + url.substr(host_start, slash - host_start) +
                     "\r\nUser-Agent: floor\r\nAccept: */*\r\n\r\n";
    return target;
}

void run_sockets(const std::vector<std::string>& urls, std::size_t jobs) {
    std::vector<Target> targets;
    for (const std::string& url : urls)
        targets.push_back(parse_target(url));
    const int epoll = epoll_create1(EPOLL_CLOEXEC);
    std::size_t next = 0, done = 0;
    const auto start = [&](std::size_t index) {
        const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        connect(fd, reinterpret_cast<const sockaddr*>(&targets[index].address),
                sizeof targets[index].address);
        epoll_event event{};
        event.events = EPOLLOUT;
        event.data.u64 = (static_cast<std::uint64_t>(index) << 32) | static_cast<std::uint32_t>(fd);
        epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
    };
    for (; next < targets.size() && next < jobs; ++next)
        start(next);
    static char buffer[16384];
    epoll_event events[256];
    while (done < targets.size()) {
        const int ready = epoll_wait(epoll, events, 256, -1);
        for (int i = 0; i < ready; ++i) {
            const int fd = static_cast<int>(events[i].data.u64 & 0xffffffffu);
            const std::size_t index = events[i].data.u64 >> 32;
            if (events[i].events & EPOLLOUT) {  // connected: send the request, then wait to read
                const std::string& request = targets[index].request;
                send(fd, request.data(), request.size(), MSG_NOSIGNAL);
                epoll_event event = events[i];
                event.events = EPOLLIN;
                epoll_ctl(epoll, EPOLL_CTL_MOD, fd, &event);
                continue;
            }
            const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
            if (got < 0 && errno == EAGAIN) continue;
            if (got > 0 && !has_title_end(buffer, static_cast<std::size_t>(got))) continue;
            close(fd);  // unread data: the kernel resets the connection, as libcurl's close does
            std::puts("done");
            ++done;
            if (next < targets.size()) start(next++);
        }
    }
    close(epoll);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4 && argc != 5) {
        std::cerr << "usage: early_stop_floor libcurl|libcurl-whole|libcurl-distinct|sockets LIST JOBS [CA]\n";
        return 2;
    }
    const std::string_view mode = argv[1];
    const std::vector<std::string> urls = read_list(argv[2]);
    const auto jobs = static_cast<std::size_t>(std::stoul(argv[3]));
    if (mode == "sockets") {
        run_sockets(urls, jobs);
        return 0;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    LibcurlClient(urls, jobs, mode != "libcurl", mode == "libcurl-distinct", argc == 5 ? argv[4] : "").run();
    curl_global_cleanup();
    return 0;
}
