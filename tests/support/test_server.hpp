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
//   /echo                                      title: the request's User-Agent, Authorization,
//                                              Cookie and X-Test headers
//   /flaky?key=K&fail=N&status=S&after=A       status S (Retry-After: A) for the first N requests
//                                              with key K, then a page titled "recovered"
//   /huge-headers?kb=N                         N KiB of response headers
//   /gzip-bomb?mb=N                            gzip of N MiB of spaces, as text/html
//   /tag-bomb?mb=N                             gzip of N MiB of "<a></a>", as text/html
//   /drip?ms=M[&title=T&length=L]              headers (Content-Length L, 100000), the title's
//                                              head if T, then one body byte every M ms
//   /endless[?title=T]                         a chunked body that never ends
//   /close-mid-body, /reset-mid-body           100 of 10,000 announced bytes, then FIN / RST
//   /reset                                     RST instead of a response
//   /unanswered?key=K&times=N                  for the first N requests with key K (default 1), the
//                                              connection closed without a byte of response
//   /then-close?title=T                        a page without "Connection: close", then FIN
//   /bad-chunked                               an invalid chunk size
//   /garbage?encoding=E&seed=S&bytes=N         N bytes of noise declared as Content-Encoding E
//   /status-like-headers?kb=N                  N KiB of header lines named "HTTP/1.1-x..."
//   /big-title?mb=N                            a page whose title is N MiB long
//   /undeclared?encoding=E&title=T&text=X      a page in encoding E (iconv's name) that says so
//                                              nowhere; T and X are given in UTF-8
//   /head-with-body                            answers HEAD with a body, poisoning keep-alive
//   /short-length                              Content-Length 10, 30 bytes sent
//   /silent                                    accepts the request, never answers
// A request in absolute form (through a proxy) gets a page titled "proxied <target>".
//
// The server counts requests, the peak number answered concurrently, and connections: all of
// them, and the peak number open at once.
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

// The raw connection, for responses that misbehave on purpose.
class Connection {
public:
    virtual ~Connection() = default;
    virtual bool send(std::string_view bytes) = 0;            // false once the peer is gone
    virtual bool pause(std::chrono::milliseconds delay) = 0;  // false when the server stops
    virtual void reset() = 0;                                 // close with RST
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::chrono::milliseconds delay{0};  // before anything is sent
    std::optional<std::string> raw;      // sent verbatim instead of a formatted response
    bool close = false;                  // close the connection after this response
    bool default_content_type = true;    // add "Content-Type: text/html" when none is set
    bool body_on_head = false;           // send the body even to a HEAD request (a broken server)
    // Drives the connection itself instead (the connection is closed afterwards).
    std::function<void(Connection&)> script;

    static Response html(std::string title, int status = 200);
};

using Handler = std::function<Response(const Request&)>;

Response default_routes(const Request& request);
std::string percent_encode(std::string_view text);
// `text` gzip-compressed, as a Content-Encoding: gzip body or a .gz file.
std::string gzipped(std::string_view text);

class TestServer {
public:
    // Listens on `address` (127.0.0.1, 127.0.0.2, ::1...) and `port` (0: any free one).
    explicit TestServer(Handler handler = default_routes, std::string address = "127.0.0.1",
                        std::uint16_t port = 0);
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    std::uint16_t port() const { return port_; }
    std::string url(std::string_view path) const;  // http://ADDRESS:PORT/path, IPv6 bracketed
    // The same path on another name for this server (which must resolve to its address).
    std::string url_on(std::string_view host, std::string_view path) const;

    std::size_t requests() const { return requests_; }
    std::size_t peak_in_flight() const { return peak_; }
    // The connections accepted, open now, and the most that were open at once.
    std::size_t connections() const { return accepted_; }
    std::size_t open_connections();
    std::size_t peak_connections() const { return peak_connections_; }
    // When each request arrived, in order.
    std::vector<std::chrono::steady_clock::time_point> arrivals();
    // The methods of the requests, in order of arrival.
    std::vector<std::string> methods();

private:
    class SocketConnection;
    void accept_loop();
    void serve(int fd);
    bool answer(int fd, const Request& request);
    bool wait(std::chrono::milliseconds delay);

    Handler handler_;
    std::string address_;
    int listener_ = -1;
    std::uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> requests_{0};
    std::atomic<std::size_t> in_flight_{0};
    std::atomic<std::size_t> peak_{0};
    std::atomic<std::size_t> accepted_{0};
    std::atomic<std::size_t> peak_connections_{0};

    std::mutex mutex_;
    std::condition_variable stop_signal_;
    std::set<int> connections_;
    std::vector<std::chrono::steady_clock::time_point> arrivals_;
    std::vector<std::string> methods_;
    std::size_t live_connections_ = 0;  // detached connection threads still running
    std::condition_variable connections_done_;
    std::thread acceptor_;
};

// A port on 127.0.0.1 where nothing listens, over TCP or UDP. It is drawn from below the
// kernel's ephemeral range (32768 up), so no client socket of a concurrent test takes it;
// a server started on it may still lose it to another test's server, and then tries again
// (start_on_free_ports).
std::uint16_t closed_port();

// Runs `start` with ports from closed_port() until it does not fail with "Address already in
// use" (a concurrent test took one in between), at most a few times; returns its message.
std::string start_on_free_ports(const std::function<std::string()>& start);

}  // namespace fetch::test
