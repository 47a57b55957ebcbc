#include "test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iconv.h>
#include <zlib.h>

#include <cctype>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>

namespace fetch::test {

namespace {

constexpr std::size_t max_request_head = 64 * 1024;

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 &&
            hex_value(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i] == '+' ? ' ' : text[i]);
        }
    }
    return out;
}

Request parse_head(const std::string& head) {
    Request request;
    const auto line_end = head.find("\r\n");
    const std::string line = head.substr(0, line_end);
    const auto first_space = line.find(' ');
    const auto second_space = line.find(' ', first_space + 1);
    request.method = line.substr(0, first_space);
    request.target = line.substr(first_space + 1, second_space - first_space - 1);
    const auto question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) {
        std::string_view query = std::string_view(request.target).substr(question + 1);
        while (!query.empty()) {
            const auto amp = query.find('&');
            const std::string_view pair = query.substr(0, amp);
            const auto eq = pair.find('=');
            request.query[percent_decode(pair.substr(0, eq))] =
                eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
            query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        }
    }
    std::size_t pos = line_end + 2;
    while (pos < head.size()) {
        const auto end = head.find("\r\n", pos);
        const std::string header = head.substr(pos, end - pos);
        pos = end == std::string::npos ? head.size() : end + 2;
        const auto colon = header.find(':');
        if (colon == std::string::npos) continue;
        std::string name = header.substr(0, colon);
        for (char& c : name)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = header.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.erase(0, 1);
        request.headers[name] = value;
    }
    return request;
}

const char* reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 301:
            return "Moved Permanently";
        case 302:
            return "Found";
        case 404:
            return "Not Found";
        case 500:
            return "Internal Server Error";
        default:
            return "Status";
    }
}

std::string serialize(const Response& response, bool head_only) {
    std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason(response.status) + "\r\n";
    bool has_type = false;
    for (const auto& [name, value] : response.headers) {
        out += name + ": " + value + "\r\n";
        has_type = has_type || name == "Content-Type";
    }
    if (!has_type && !response.body.empty() && response.default_content_type) {
        out += "Content-Type: text/html\r\n";
    }
    out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    if (response.close) out += "Connection: close\r\n";
    out += "\r\n";
    if (!head_only || response.body_on_head) out += response.body;
    return out;
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

int int_param(const Request& request, const std::string& key, int fallback) {
    const auto it = request.query.find(key);
    return it == request.query.end() || it->second.empty() ? fallback : std::stoi(it->second);
}

std::string param(const Request& request, const std::string& key, std::string fallback = {}) {
    const auto it = request.query.find(key);
    return it == request.query.end() ? fallback : it->second;
}

std::string header_value(const Request& request, const std::string& name) {
    const auto it = request.headers.find(name);
    return it == request.headers.end() ? "-" : it->second;
}

// UTF-8 text in another encoding, by glibc's iconv.
std::string encode_to(const std::string& utf8, const std::string& encoding) {
    const iconv_t cd = iconv_open(encoding.c_str(), "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) return utf8;
    std::string out(utf8.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(utf8.data());
    char* at = out.data();
    std::size_t in_left = utf8.size(), out_left = out.size();
    iconv(cd, &in, &in_left, &at, &out_left);
    iconv(cd, nullptr, nullptr, &at, &out_left);
    iconv_close(cd);
    out.resize(out.size() - out_left);
    return out;
}

std::string deflate_repeated(std::string_view unit, std::size_t bytes);

// A bomb is made once per unit and size: deflating 100 MiB for every request costs the server
// seconds.
const std::string& gzip_of_repeated(std::string_view unit, std::size_t bytes) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, std::size_t>, std::string> made;
    std::lock_guard lock(mutex);
    const std::pair<std::string, std::size_t> key(unit, bytes);
    auto it = made.find(key);
    if (it == made.end()) it = made.emplace(key, deflate_repeated(unit, bytes)).first;
    return it->second;
}

const std::string& gzip_of_spaces(std::size_t bytes) {
    return gzip_of_repeated(" ", bytes);
}

// `unit` over and over, `bytes` of it in all (a whole number of 64 KiB chunks of it).
std::string deflate_repeated(std::string_view unit, std::size_t bytes) {
    z_stream stream{};
    deflateInit2(&stream, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);  // +16: gzip framing
    std::string chunk;
    while (chunk.size() < (1 << 16))
        chunk.append(unit);
    chunk.resize(1 << 16);
    std::string out;
    char buffer[1 << 16];
    for (std::size_t left = bytes; left > 0 || stream.avail_in > 0;) {
        if (stream.avail_in == 0) {
            const std::size_t take = std::min(left, chunk.size());
            stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(chunk.data()));
            stream.avail_in = static_cast<uInt>(take);
            left -= take;
        }
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        deflate(&stream, left == 0 ? Z_FINISH : Z_NO_FLUSH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    for (int rc = Z_OK; rc != Z_STREAM_END;) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = deflate(&stream, Z_FINISH);
        out.append(buffer, sizeof buffer - stream.avail_out);
    }
    deflateEnd(&stream);
    return out;
}

// Responses that misbehave: each drives the raw connection.
std::optional<Response> fault_route(const Request& request) {
    const std::string& path = request.path;
    const auto scripted = [](std::function<void(Connection&)> script) {
        Response response;
        response.script = std::move(script);
        return response;
    };
    const std::string html_head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n";
    if (path == "/drip") {
        const auto delay = std::chrono::milliseconds(int_param(request, "ms", 1000));
        const std::string title = param(request, "title");
        const std::string length = std::to_string(int_param(request, "length", 100000));
        return scripted([=](Connection& c) {
            const std::string head =
                title.empty() ? "<html>" : "<html><head><title>" + title + "</title></head>";
            if (!c.send(html_head + "Content-Length: " + length + "\r\n\r\n" + head)) return;
            while (c.pause(delay) && c.send("x")) {
            }
        });
    }
    if (path == "/endless") {
        const std::string title = param(request, "title");
        return scripted([=](Connection& c) {
            std::string first =
                "<html><head>" + (title.empty() ? "" : "<title>" + title + "</title>") + "</head><body>";
            const std::string filler(8192, 'x');
            bool ok = c.send(html_head + "Transfer-Encoding: chunked\r\n\r\n");
            for (std::string chunk = first; ok; chunk = filler) {
                char size[16];
                std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
                ok = c.send(size + chunk + "\r\n");
            }
        });
    }
    if (path == "/close-mid-body" || path == "/reset-mid-body") {
        const bool reset = path == "/reset-mid-body";
        return scripted([=](Connection& c) {
            if (c.send(html_head + "Content-Length: 10000\r\n\r\n<html><title>cut</title>" +
                       std::string(80, 'x')) &&
                reset) {
                c.reset();
            }
        });
    }
    if (path == "/reset") return scripted([](Connection& c) { c.reset(); });
    if (path == "/unanswered") {  // closed without a byte of response, for the first `times` requests of a key
        static std::mutex mutex;
        static std::map<std::string, int> seen;
        std::lock_guard lock(mutex);
        if (++seen[param(request, "key")] <= int_param(request, "times", 1)) return scripted([](Connection&) {});
        return Response::html("answered");
    }
    if (path == "/continue") {
        return scripted([=](Connection& c) {
            const std::string body = "<title>after interim</title>";
            c.send("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n" +
                   html_head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        });
    }
    if (path == "/then-close") {  // a keep-alive response, then the server closes anyway
        const std::string body =
            "<title>" + (request.query.count("title") ? request.query.at("title") : "") + "</title>";
        return scripted([=](Connection& c) {
            c.send(html_head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
        });
    }
    if (path == "/http09") return scripted([](Connection& c) { c.send("<html><title>nine</title></html>"); });
    if (path == "/close-mid-chunk") {
        return scripted([=](Connection& c) {
            c.send(html_head + "Transfer-Encoding: chunked\r\n\r\n3e8\r\n<title>c</title>" +
                   std::string(50, 'x'));
        });
    }
    if (path == "/long-header") {
        const std::size_t bytes = static_cast<std::size_t>(int_param(request, "mb", 10)) << 20;
        return scripted([=](Connection& c) {
            if (!c.send("HTTP/1.1 200 OK\r\nX-Long: ")) return;
            const std::string chunk(1 << 16, 'h');
            for (std::size_t sent = 0; sent < bytes && c.send(chunk); sent += chunk.size()) {
            }
            c.send("\r\nContent-Length: 0\r\n\r\n");
        });
    }
    if (path == "/long-line") {  // a single-line page of N MiB without a title, streamed
        const std::size_t bytes = static_cast<std::size_t>(int_param(request, "mb", 100)) << 20;
        return scripted([=](Connection& c) {
            if (!c.send(html_head + "Content-Length: " + std::to_string(bytes + 6) + "\r\n\r\n<html>"))
                return;
            const std::string chunk(1 << 16, 'x');
            for (std::size_t sent = 0; sent < bytes && c.send(chunk); sent += chunk.size()) {
            }
        });
    }
    if (path == "/silent") return scripted([](Connection& c) { c.pause(std::chrono::hours(1)); });
    if (path == "/bad-chunked") {
        return scripted([=](Connection& c) {
            c.send(html_head + "Transfer-Encoding: chunked\r\n\r\n5\r\n<html\r\nzz\r\ngarbage\r\n");
        });
    }
    if (path == "/short-length") {
        return scripted([=](Connection& c) {
            c.send(html_head + "Content-Length: 10\r\n\r\n<title>ab</title>" + std::string(13, 'x'));
        });
    }
    return std::nullopt;
}

}  // namespace

std::string gzipped(std::string_view text) {
    z_stream stream{};
    deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // +16: gzip framing
    std::string out(deflateBound(&stream, static_cast<uLong>(text.size())) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = static_cast<uInt>(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

std::string percent_encode(std::string_view text) {
    static const char digits[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isalnum(b) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(digits[b >> 4]);
            out.push_back(digits[b & 15]);
        }
    }
    return out;
}

Response Response::html(std::string title, int status) {
    Response response;
    response.status = status;
    response.body = "<!DOCTYPE html><html><head><title>" + title + "</title></head><body>ok</body></html>";
    return response;
}

Response default_routes(const Request& request) {
    const std::string& path = request.path;
    if (request.target.rfind("http://", 0) == 0) return Response::html("proxied " + request.target);
    if (auto fault = fault_route(request)) return std::move(*fault);
    if (path == "/echo") {
        return Response::html(
            "UA=" + header_value(request, "user-agent") + ";AUTH=" + header_value(request, "authorization") +
            ";COOKIE=" + header_value(request, "cookie") + ";X=" + header_value(request, "x-test"));
    }
    if (path == "/flaky") {
        static std::mutex mutex;
        static std::map<std::string, int> seen;
        int count = 0;
        {
            std::lock_guard lock(mutex);
            count = ++seen[param(request, "key")];
        }
        if (count > int_param(request, "fail", 1)) return Response::html("recovered");
        Response response = Response::html("failing", int_param(request, "status", 503));
        if (const std::string after = param(request, "after"); !after.empty()) {
            response.headers.emplace_back("Retry-After", after);
        }
        return response;
    }
    if (path == "/huge-headers") {
        Response response = Response::html("huge");
        const int kb = int_param(request, "kb", 1024);
        for (int i = 0; i < kb; ++i)
            response.headers.emplace_back("X-Filler-" + std::to_string(i), std::string(1000, 'h'));
        return response;
    }
    if (path == "/many-headers") {
        Response response = Response::html("many");
        const int count = int_param(request, "count", 100000);
        for (int i = 0; i < count; ++i)
            response.headers.emplace_back("X-" + std::to_string(i), "v");
        return response;
    }
    if (path == "/garbage") {  // noise declared as compressed: a body libcurl cannot decode
        Response response;
        response.headers.emplace_back("Content-Type", "text/html");
        response.headers.emplace_back("Content-Encoding", param(request, "encoding", "br"));
        auto state = static_cast<std::uint32_t>(int_param(request, "seed", 1));
        for (int i = 0; i < int_param(request, "bytes", 200); ++i) {
            state = state * 1103515245u + 12345u;
            response.body.push_back(static_cast<char>(state >> 24));
        }
        return response;
    }
    if (path == "/status-like-headers") {  // header lines that start with "HTTP/", N KiB of them
        Response response = Response::html("status-like");
        for (int i = 0; i < int_param(request, "kb", 512); ++i)
            response.headers.emplace_back("HTTP/1.1-x" + std::to_string(i), std::string(1000, 'y'));
        return response;
    }
    if (path == "/corrupt-gzip") {
        Response response;
        response.headers.emplace_back("Content-Type", "text/html");
        response.headers.emplace_back("Content-Encoding", "gzip");
        response.body =
            std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) + "this is not deflate data at all";
        return response;
    }
    if (path == "/binary-html") {
        Response response;
        response.headers.emplace_back("Content-Type", "text/html");
        std::uint32_t state = 12345;  // deterministic noise
        for (int i = 0; i < int_param(request, "kb", 64) * 1024; ++i) {
            state = state * 1103515245u + 12345u;
            response.body.push_back(static_cast<char>(state >> 24));
        }
        return response;
    }
    if (path == "/nul-html") {
        Response response;
        using namespace std::string_literals;
        response.body = "<html><head><title>a\0b</title></head><body>\0\0</body></html>"s;
        return response;
    }
    if (path == "/nested") {
        Response response = Response::html("nested");
        std::string deep;
        for (int i = 0; i < int_param(request, "n", 1000000); ++i)
            deep += "<div>";
        response.body.insert(response.body.find("<body>") + 6, deep);
        return response;
    }
    if (path == "/file") {  // a file from tests/data, with the Content-Encoding and type asked for
        Response response;
        std::ifstream in(std::string(FETCH_TEST_DATA_DIR) + "/" + param(request, "name"), std::ios::binary);
        response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        response.headers.emplace_back("Content-Type", param(request, "type", "text/html"));
        if (const std::string encoding = param(request, "encoding"); !encoding.empty()) {
            response.headers.emplace_back("Content-Encoding", encoding);
        }
        return response;
    }
    if (path == "/tag-bomb") {  // megabytes of empty <a> elements, gzip'd
        Response response;
        response.headers.emplace_back("Content-Type", "text/html");
        response.headers.emplace_back("Content-Encoding", "gzip");
        response.body = gzip_of_repeated("<a></a>", static_cast<std::size_t>(int_param(request, "mb", 8)) << 20);
        return response;
    }
    if (path == "/gzip-bomb") {
        Response response;
        response.headers.emplace_back("Content-Type", "text/html");
        response.headers.emplace_back("Content-Encoding", "gzip");
        response.body = gzip_of_spaces(static_cast<std::size_t>(int_param(request, "mb", 100)) << 20);
        return response;
    }
    if (path == "/page") {
        Response response =
            Response::html(param(request, "title", "Page"), int_param(request, "status", 200));
        std::string type = param(request, "type", "text/html");
        if (const std::string charset = param(request, "charset"); !charset.empty()) {
            type += "; charset=" + charset;
        }
        response.headers.emplace_back("Content-Type", type);
        return response;
    }
    if (path.rfind("/status/", 0) == 0) {
        const int status = std::stoi(path.substr(8));
        return Response::html("Status " + std::to_string(status), status);
    }
    if (path.rfind("/redirect/", 0) == 0) {
        const int hops = std::stoi(path.substr(10));
        Response response;
        response.status = 302;
        response.headers.emplace_back("Location",
                                      hops > 1 ? "/redirect/" + std::to_string(hops - 1) : "/page?title=end");
        return response;
    }
    if (path == "/redirect-to") {
        Response response;
        response.status = 302;
        response.headers.emplace_back("Location", param(request, "url"));
        return response;
    }
    if (path == "/loop") {
        Response response;
        response.status = 302;
        response.headers.emplace_back("Location", "/loop");
        return response;
    }
    if (path.rfind("/delay/", 0) == 0) {
        Response response = Response::html(param(request, "title", "Delayed"));
        response.delay = std::chrono::milliseconds(std::stoi(path.substr(7)));
        return response;
    }
    if (path == "/json") {
        Response response;
        response.headers.emplace_back("Content-Type", "application/json");
        response.body = R"({"title":"not a page"})";
        return response;
    }
    if (path == "/undeclared") {  // a title in ENCODING, said nowhere: Content-Type is bare text/html
        Response response;
        response.headers.emplace_back("Content-Type", "text/html");
        const std::string head = "<!DOCTYPE html><html><head><title>" + param(request, "title") + "</title>";
        response.body = encode_to(head + "</head><body><p>" + param(request, "text") + "</p></body></html>",
                                  param(request, "encoding", "UTF-8"));
        return response;
    }
    if (path == "/big-title") {  // a title of N MiB
        return Response::html(std::string(static_cast<std::size_t>(int_param(request, "mb", 2)) << 20, 't'));
    }
    if (path == "/head-with-body") {  // a HEAD answered with a body: the connection is poisoned
        Response response = Response::html(param(request, "title", "head"));
        response.body = "HTTP/1.1 299 Poisoned\r\nContent-Length: 0\r\n\r\n";
        response.body_on_head = true;
        return response;
    }
    if (path == "/big") {
        Response response = Response::html(param(request, "title", "Big"));
        response.body.insert(
            response.body.find("<body>") + 6,
            std::string(static_cast<std::size_t>(int_param(request, "kb", 1024)) * 1024, 'x'));
        return response;
    }
    return Response::html("Not Found", 404);
}

TestServer::TestServer(Handler handler, std::string address, std::uint16_t port)
    : handler_(std::move(handler)), address_(std::move(address)) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (inet_pton(AF_INET, address_.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        length = sizeof *v4;
    } else if (inet_pton(AF_INET6, address_.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        length = sizeof *v6;
    } else {
        throw std::runtime_error("test server: bad address " + address_);
    }
    listener_ = ::socket(storage.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&storage), length) != 0 || ::listen(listener_, 1024) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
        throw std::runtime_error("test server on " + address_ + ": " + std::strerror(errno));
    }
    port_ = ntohs(storage.ss_family == AF_INET ? v4->sin_port : v6->sin6_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

TestServer::~TestServer() {
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    {
        std::lock_guard lock(mutex_);
        for (const int fd : connections_)
            ::shutdown(fd, SHUT_RDWR);
    }
    stop_signal_.notify_all();
    acceptor_.join();
    {
        std::unique_lock lock(mutex_);
        connections_done_.wait(lock, [this] { return live_connections_ == 0; });
    }
    ::close(listener_);
}

std::string TestServer::url(std::string_view path) const {
    const bool v6 = address_.find(':') != std::string::npos;
    return url_on(v6 ? "[" + address_ + "]" : address_, path);
}

std::string TestServer::url_on(std::string_view host, std::string_view path) const {
    return "http://" + std::string(host) + ":" + std::to_string(port_) + std::string(path);
}

std::size_t TestServer::open_connections() {
    std::lock_guard lock(mutex_);
    return connections_.size();
}

void TestServer::accept_loop() {
    while (!stopping_) {
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (stopping_) return;
            continue;
        }
        std::lock_guard lock(mutex_);
        if (stopping_) {  // the destructor has already shut the known connections down
            ::close(fd);
            return;
        }
        connections_.insert(fd);
        ++live_connections_;
        ++accepted_;
        peak_connections_ = std::max(peak_connections_.load(), connections_.size());
        // Detached, and counted instead of joined: a long run opens many connections.
        std::thread([this, fd] { serve(fd); }).detach();
    }
}

void TestServer::serve(int fd) {
    std::string buffer;
    char chunk[16 * 1024];
    for (;;) {
        auto end = buffer.find("\r\n\r\n");
        while (end == std::string::npos && buffer.size() < max_request_head) {
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) break;
            buffer.append(chunk, static_cast<std::size_t>(n));
            end = buffer.find("\r\n\r\n");
        }
        if (end == std::string::npos) break;
        const Request request = parse_head(buffer.substr(0, end));
        buffer.erase(0, end + 4);
        if (!answer(fd, request)) break;
    }
    std::lock_guard lock(mutex_);
    connections_.erase(fd);
    ::close(fd);
    if (--live_connections_ == 0) connections_done_.notify_all();
}

class TestServer::SocketConnection final : public Connection {
public:
    SocketConnection(TestServer& server, int fd) : server_(server), fd_(fd) {}
    bool send(std::string_view bytes) override { return send_all(fd_, bytes); }
    bool pause(std::chrono::milliseconds delay) override { return server_.wait(delay); }
    void reset() override {
        const linger abort_on_close{1, 0};  // close() then sends RST instead of FIN
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    }

private:
    TestServer& server_;
    int fd_;
};

std::vector<std::chrono::steady_clock::time_point> TestServer::arrivals() {
    std::lock_guard lock(mutex_);
    return arrivals_;
}

std::vector<std::string> TestServer::methods() {
    std::lock_guard lock(mutex_);
    return methods_;
}

bool TestServer::answer(int fd, const Request& request) {
    {
        std::lock_guard lock(mutex_);
        arrivals_.push_back(std::chrono::steady_clock::now());
        methods_.push_back(request.method);
    }
    ++requests_;
    const std::size_t now = ++in_flight_;
    for (std::size_t peak = peak_; now > peak && !peak_.compare_exchange_weak(peak, now);) {
    }
    const Response response = handler_(request);
    if (response.script) {
        SocketConnection connection(*this, fd);
        response.script(connection);
        --in_flight_;
        return false;
    }
    bool keep_open = wait(response.delay);
    if (keep_open) {
        keep_open =
            send_all(fd, response.raw ? *response.raw : serialize(response, request.method == "HEAD"));
    }
    --in_flight_;
    return keep_open && !response.close && !response.raw;
}

bool TestServer::wait(std::chrono::milliseconds delay) {
    if (delay.count() == 0) return true;
    std::unique_lock lock(mutex_);
    return !stop_signal_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

namespace {

bool bindable(int type, std::uint16_t port) {
    const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return bound;
}

}  // namespace

std::uint16_t closed_port() {
    static std::mutex mutex;
    static std::mt19937 random(std::random_device{}());
    std::lock_guard lock(mutex);
    for (;;) {
        const auto port = static_cast<std::uint16_t>(std::uniform_int_distribution<int>(20000, 32767)(random));
        if (bindable(SOCK_STREAM, port) && bindable(SOCK_DGRAM, port)) return port;
    }
}

std::string start_on_free_ports(const std::function<std::string()>& start) {
    std::string error;
    for (int attempt = 0; attempt < 8; ++attempt) {
        error = start();
        if (error.find("Address already in use") == std::string::npos) return error;
    }
    return error;
}

}  // namespace fetch::test
