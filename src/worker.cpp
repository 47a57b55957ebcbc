// The loop follows libcurl's ephiperfifo example: libcurl tells us, through on_socket, which
// descriptors to watch and, through on_timer, when to call it back; epoll_wait sleeps until
// one of those happens or a new job arrives on the eventfd. curl_multi_socket_action only
// touches the transfers whose sockets are ready, so an idle transfer costs nothing: with
// thousands in flight this is what keeps the loop fast (curl_multi_perform walks them all).
#include "fetch/worker.hpp"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace fetch {

namespace {

constexpr int max_events = 256;

std::runtime_error system_error(const char* what) {
    return std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

Record failed_to_start(const Job& job) {
    Record record;
    record.index = job.index;
    record.origin = job.origin;
    record.url = job.url;
    record.error_kind = ErrorKind::other;
    record.error = "libcurl could not create a transfer";
    return record;
}

}  // namespace

FileDescriptor::~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
}

Worker::Worker(const Options& options, Deliver deliver)
    : options_(options),
      deliver_(std::move(deliver)),
      epoll_(epoll_create1(EPOLL_CLOEXEC)),
      wakeup_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      multi_(curl_multi_init()),
      share_(curl_share_init()) {
    if (epoll_.get() < 0) throw system_error("epoll_create1");
    if (wakeup_.get() < 0) throw system_error("eventfd");
    if (!multi_ || !share_) throw std::runtime_error("libcurl: cannot create a multi handle");

    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = wakeup_.get();
    if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, wakeup_.get(), &event) != 0) {
        throw system_error("epoll_ctl");
    }
    // One thread uses this share handle, so it needs no lock callbacks.
    curl_share_setopt(share_.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETFUNCTION, &Worker::on_socket);
    curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_.get(), CURLMOPT_TIMERFUNCTION, &Worker::on_timer);
    curl_multi_setopt(multi_.get(), CURLMOPT_TIMERDATA, this);
    thread_ = std::thread([this] { run(); });
}

Worker::~Worker() {
    cancel();
    join();
}

void Worker::submit(Job job) {
    {
        std::lock_guard lock(inbox_mutex_);
        inbox_.push_back(std::move(job));
    }
    wake();
}

void Worker::close() {
    {
        std::lock_guard lock(inbox_mutex_);
        closed_ = true;
    }
    wake();
}

void Worker::cancel() {
    cancelled_ = true;
    wake();
}

void Worker::join() {
    if (thread_.joinable()) thread_.join();
}

void Worker::wake() {
    const std::uint64_t one = 1;
    // A full counter (EAGAIN) already means "wake up"; nothing else can fail here.
    [[maybe_unused]] const auto written = ::write(wakeup_.get(), &one, sizeof one);
}

void Worker::run() {
    while (!cancelled_) {
        start_submitted();
        if (finished()) break;
        wait_and_dispatch();
        reap_finished();
    }
    if (cancelled_) abandon_all();
}

bool Worker::finished() {
    std::lock_guard lock(inbox_mutex_);
    return closed_ && inbox_.empty() && active_.empty();
}

int Worker::epoll_timeout_ms() const {
    if (!timer_deadline_) return -1;
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(*timer_deadline_ - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

void Worker::wait_and_dispatch() {
    epoll_event events[max_events];
    const int ready = epoll_wait(epoll_.get(), events, max_events, epoll_timeout_ms());
    int running = 0;
    for (int i = 0; i < ready; ++i) {
        const int fd = events[i].data.fd;
        if (fd == wakeup_.get()) {
            std::uint64_t count = 0;
            [[maybe_unused]] const auto got = ::read(fd, &count, sizeof count);
            continue;
        }
        const std::uint32_t flags = events[i].events;
        int action = 0;
        // A hang-up is reported as readable so libcurl reads the EOF and sees the close.
        if (flags & (EPOLLIN | EPOLLHUP)) action |= CURL_CSELECT_IN;
        if (flags & EPOLLOUT) action |= CURL_CSELECT_OUT;
        if (flags & EPOLLERR) action |= CURL_CSELECT_ERR;
        curl_multi_socket_action(multi_.get(), fd, action, &running);
    }
    if (timer_deadline_ && std::chrono::steady_clock::now() >= *timer_deadline_) {
        timer_deadline_.reset();  // on_timer may set a new one during the call
        curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running);
    }
}

void Worker::start_submitted() {
    std::deque<Job> jobs;
    {
        std::lock_guard lock(inbox_mutex_);
        jobs.swap(inbox_);
    }
    for (Job& job : jobs)
        start(std::move(job));
}

void Worker::start(Job job) {
    EasyHandle easy;
    if (idle_handles_.empty()) {
        easy.reset(curl_easy_init());
    } else {
        easy = std::move(idle_handles_.back());
        idle_handles_.pop_back();
        curl_easy_reset(easy.get());
    }
    if (!easy) return deliver_(failed_to_start(job));
    auto transfer = std::make_unique<Transfer>(std::move(job), std::move(easy), share_.get(), options_);
    CURL* handle = transfer->easy();
    // on_timer(0) follows a successful add: the loop then starts the transfer.
    if (curl_multi_add_handle(multi_.get(), handle) != CURLM_OK) {
        return deliver_(transfer->finish(CURLE_FAILED_INIT));
    }
    active_.emplace(handle, std::move(transfer));
}

void Worker::reap_finished() {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
        if (message->msg != CURLMSG_DONE) continue;
        CURL* handle = message->easy_handle;
        const CURLcode result = message->data.result;
        curl_multi_remove_handle(multi_.get(), handle);
        const auto it = active_.find(handle);
        if (it == active_.end()) continue;
        std::unique_ptr<Transfer> transfer = std::move(it->second);
        active_.erase(it);
        deliver_(transfer->finish(result));
        idle_handles_.push_back(transfer->release_handle());
    }
}

void Worker::abandon_all() {
    for (auto& [handle, transfer] : active_)
        curl_multi_remove_handle(multi_.get(), handle);
    active_.clear();
}

int Worker::on_socket(CURL*, curl_socket_t socket, int what, void* self, void* socket_data) noexcept {
    auto* worker = static_cast<Worker*>(self);
    const int epoll = worker->epoll_.get();
    if (what == CURL_POLL_REMOVE) {
        epoll_ctl(epoll, EPOLL_CTL_DEL, socket, nullptr);
        return 0;
    }
    epoll_event event{};
    event.events = ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u);
    event.data.fd = socket;
    // libcurl hands back what we assign to a socket; a non-null value marks "registered".
    if (socket_data) {
        epoll_ctl(epoll, EPOLL_CTL_MOD, socket, &event);
    } else {
        epoll_ctl(epoll, EPOLL_CTL_ADD, socket, &event);
        curl_multi_assign(worker->multi_.get(), socket, worker);
    }
    return 0;
}

int Worker::on_timer(CURLM*, long timeout_ms, void* self) noexcept {
    auto* worker = static_cast<Worker*>(self);
    if (timeout_ms < 0) {
        worker->timer_deadline_.reset();
    } else {
        worker->timer_deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    }
    return 0;
}

}  // namespace fetch
