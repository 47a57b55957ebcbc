// A small web site for tests: a response per path (set before or while fetch runs), the test
// server's scripted routes for any other path, and every request remembered, so a test can say
// which paths were asked for, how often and with which headers.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "test_server.hpp"

namespace fetch::test {

class Site {
public:
    explicit Site(std::string address = "127.0.0.1")
        : server_([this](const Request& request) { return answer(request); }, std::move(address)) {}

    void serve(const std::string& path, Response response) {
        std::lock_guard lock(mutex_);
        routes_[path] = std::move(response);
    }
    // A body with a Content-Type (and the status given).
    void serve(const std::string& path, std::string body, const std::string& type, int status = 200) {
        Response response;
        response.status = status;
        response.body = std::move(body);
        response.headers.emplace_back("Content-Type", type);
        serve(path, std::move(response));
    }
    void redirect(const std::string& path, const std::string& location, int status = 302) {
        Response response;
        response.status = status;
        response.headers.emplace_back("Location", location);
        serve(path, std::move(response));
    }

    std::size_t asked(const std::string& path) {
        std::lock_guard lock(mutex_);
        std::size_t count = 0;
        for (const Request& request : requests_)
            count += request.path == path ? 1 : 0;
        return count;
    }
    std::vector<Request> requests() {
        std::lock_guard lock(mutex_);
        return requests_;
    }

    std::string url(const std::string& path) const { return server_.url(path); }
    std::string origin() const { return server_.url(""); }
    TestServer& server() { return server_; }

private:
    Response answer(const Request& request) {
        std::lock_guard lock(mutex_);
        requests_.push_back(request);
        const auto found = routes_.find(request.path);
        if (found != routes_.end()) return found->second;
        if (request.path == "/favicon.ico") return Response::html("none", 404);
        return default_routes(request);
    }

    std::mutex mutex_;
    std::map<std::string, Response> routes_;
    std::vector<Request> requests_;
    TestServer server_;  // last: it serves from the members above
};

}  // namespace fetch::test
