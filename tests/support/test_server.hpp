// A scriptable HTTP/1.1 server on 127.0.0.1 (ephemeral port) for tests. Each request is
// answered by a handler; the default handler scripts responses through the URL itself, so a
// test can write a URL list in plain text:
//
//   /page?title=T&status=N&type=CT&charset=C   an HTML page titled T (query values %-decoded)
//   /status/N                                  status N with a small HTML page
//   /redirect/N                                302 chain of N hops ending at /page?title=end
//   /redirect-to?url=U                         302 to U
//   /loop                                      302 to itself
//   /delay/MS[?title=T]                        the page after MS milliseconds
//   /json                                      application/json
//   /big?kb=N&title=T                          T in the head, then N KiB of body
//
// The server counts requests and the peak number answered concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace fetch::test {

struct Request {
    std::string method;
    std::string target;  // as sent: path and query
    std::string path;
    std::map<std::string, std::string> query;    // %-decoded
    std::map<std::string, std::string> headers;  // names lower-cased
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds delay{0};  // before anything is sent
    std::optional<std::string> raw;      // sent verbatim instead of a formatted response
    bool close = false;                  // close the connection after this response
    bool default_content_type = true;    // add "Content-Type: text/html" when none is set

    static Response html(std::string title, int status = 200);
};

using Handler = std::function<Response(const Request&)>;

Response default_routes(const Request& request);
std::string percent_encode(std::string_view text);

class TestServer {
public:
    explicit TestServer(Handler handler = default_routes);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    std::uint16_t port() const { return port_; }
    std::string url(std::string_view path) const;

    std::size_t requests() const { return requests_; }
    std::size_t peak_in_flight() const { return peak_; }

private:
    void accept_loop();
    void serve(int fd);
    bool answer(int fd, const Request& request);
    bool wait(std::chrono::milliseconds delay);

    Handler handler_;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> requests_{0};
    std::atomic<std::size_t> in_flight_{0};
    std::atomic<std::size_t> peak_{0};

    std::mutex mutex_;
    std::condition_variable stop_signal_;
    std::set<int> connections_;
    std::vector<std::thread> threads_;
    std::thread acceptor_;
};

// A port on 127.0.0.1 where nothing listens (bound, then closed).
std::uint16_t closed_port();

}  // namespace fetch::test
