// The network stage as the rest of the program sees it: a pool of event-loop workers that
// takes Jobs and gives back Records. libcurl stays behind this header.
//
// URLs of one host always go to the same worker (by a hash of host:port), so that host's
// connections, DNS cache entries and TLS sessions stay in one libcurl multi handle.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"
#include "fetch/html/options.hpp"
#include "fetch/net/options.hpp"

namespace fetch {

class WorkerPool {
public:
    // Called from the worker threads with finished records (left empty afterwards).
    using Deliver = std::function<void(std::vector<Record>&)>;

    // Starts the workers. Throws std::runtime_error when an event loop cannot be set up.
    WorkerPool(const NetOptions& options, Deliver deliver);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    void submit(Job job);  // any thread
    void close();          // no more jobs: the workers finish what they have, then stop
    void cancel();         // abandon everything now; unfinished jobs deliver nothing
    void join();

    std::size_t in_flight() const;  // transfers running now, all workers together

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// --store DIR: makes DIR when missing and checks that a body can be kept there, before any
// fetch; the message names the path and the reason when not. Nothing to check for "".
Result<void> check_store_directory(const std::string& dir);

// libcurl's process-wide state: made in main before any thread starts, gone after they end.
class NetLibrary {
public:
    NetLibrary();
    ~NetLibrary();
    NetLibrary(const NetLibrary&) = delete;
    NetLibrary& operator=(const NetLibrary&) = delete;

    static std::string version();  // "libcurl/7.88.1 OpenSSL/3.0 ..."
};

}  // namespace fetch
