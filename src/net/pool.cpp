#include "fetch/net/pool.hpp"

#include <ares.h>
#include <curl/curl.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include "worker.hpp"
#include "store.hpp"

namespace fetch {

namespace {

// One event loop per core but one: the reader, the writer, libcurl's resolver threads and the
// kernel's network stack need a core too. Measured on 2 cores (docs/BENCHMARKS.md): one worker
// fetched 20,000 pages 28% faster than two, with half the system time, and TLS no slower.
std::size_t worker_count(const ScheduleOptions& schedule) {
    if (schedule.workers > 0) return schedule.workers;
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::clamp<std::size_t>(cores - 1, 1, schedule.jobs);
}

// Whether a proxy will make the connections, so that libcurl must leave names to it: --proxy,
// or one of the variables libcurl reads (ignored under address rules, which need direct
// connections to check).
bool through_proxy(const NetOptions& options) {
    if (!options.request.proxy.empty()) return true;
    if (!options.resolve.rules.empty()) return false;
    for (const char* name : {"http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
        const char* value = std::getenv(name);
        if (value && *value) return true;
    }
    return false;
}

// The store was checked before the run (check_store_directory): failing now is a setup failure.
std::unique_ptr<BodyStore> open_store(const std::string& dir) {
    if (dir.empty()) return nullptr;
    Result<std::unique_ptr<BodyStore>> store = BodyStore::open(dir);
    if (!store) throw std::runtime_error("--store: " + store.error());
    return std::move(store).value();
}

}  // namespace

Result<void> check_store_directory(const std::string& dir) {
    if (dir.empty()) return {};
    Result<std::unique_ptr<BodyStore>> store = BodyStore::open(dir);
    return store ? Result<void>() : fail(store.error());
}

struct WorkerPool::Impl {
    Impl(const NetOptions& options, const Deliver& deliver)
        : request(options.request, options.limits, options.schedule.jobs, through_proxy(options),
                  !options.resolve.rules.empty()),
          slots(options.schedule.jobs),
          rate(options.schedule.rate),
          store(open_store(options.capture.store)),
          context{{request, options.limits, options.extract, options.capture, options.resolve.rules, store.get()},
                  options.schedule,
                  options.resolve,
                  options.request.resolve,
                  !through_proxy(options),
                  hosts,
                  slots,
                  rate,
                  icons} {
        const std::size_t count = worker_count(options.schedule);
        for (std::size_t i = 0; i < count; ++i)
            workers.push_back(std::make_unique<Worker>(context, deliver));
    }

    // Workers tell each other of icons (icon_cache.hpp): none is destroyed while another runs.
    ~Impl() {
        for (auto& worker : workers)
            worker->cancel();
        for (auto& worker : workers)
            worker->join();
    }

    RequestTemplate request;
    HostCache hosts;
    TransferSlots slots;
    RateLimiter rate;
    std::unique_ptr<BodyStore> store;
    IconCache icons;
    WorkerContext context;
    std::vector<std::unique_ptr<Worker>> workers;
};

WorkerPool::WorkerPool(const NetOptions& options, Deliver deliver)
    : impl_(std::make_unique<Impl>(options, deliver)) {}

WorkerPool::~WorkerPool() = default;

void WorkerPool::submit(Job job) {
    auto& workers = impl_->workers;
    workers[std::hash<std::string>{}(job.host) % workers.size()]->submit(std::move(job));
}

void WorkerPool::close() {
    for (auto& worker : impl_->workers)
        worker->close();
}

void WorkerPool::cancel() {
    for (auto& worker : impl_->workers)
        worker->cancel();
}

void WorkerPool::join() {
    for (auto& worker : impl_->workers)
        worker->join();
}

std::size_t WorkerPool::in_flight() const {
    return impl_->slots.in_use();
}

NetLibrary::NetLibrary() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    ares_library_init(ARES_LIB_INIT_ALL);
}

NetLibrary::~NetLibrary() {
    ares_library_cleanup();
    curl_global_cleanup();
}

std::string NetLibrary::version() {
    return curl_version();
}

}  // namespace fetch
