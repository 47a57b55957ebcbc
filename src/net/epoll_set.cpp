#include "epoll_set.hpp"

#include <curl/curl.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace fetch {

EpollSet::EpollSet() : epoll_(epoll_create1(EPOLL_CLOEXEC)) {
    if (epoll_.get() < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
}

EpollSet::Watch& EpollSet::at(int fd) {
    if (static_cast<std::size_t>(fd) >= watches_.size()) watches_.resize(static_cast<std::size_t>(fd) + 64);
    return watches_[static_cast<std::size_t>(fd)];
}

void EpollSet::watch_always(int fd) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.fd = fd;
    if (epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) {
        throw std::runtime_error(std::string("epoll_ctl: ") + std::strerror(errno));
    }
    at(fd) = Watch{EPOLLIN, true, false};
}

void EpollSet::watch(int fd, int what) {
    Watch& watch = at(fd);
    if (what == CURL_POLL_REMOVE) {
        watch.wanted = false;
        if (!watch.lazy) control(fd, watch, 0);
        return;
    }
    watch.wanted = true;
    control(fd, watch, ((what & CURL_POLL_IN) ? EPOLLIN : 0u) | ((what & CURL_POLL_OUT) ? EPOLLOUT : 0u));
}

void EpollSet::watch_resolver(int fd, bool readable, bool writable) {
    Watch& watch = at(fd);
    watch.resolver = readable || writable;
    watch.wanted = false;
    control(fd, watch, (readable ? EPOLLIN : 0u) | (writable ? EPOLLOUT : 0u));
}

void EpollSet::opened(int fd) {
    at(fd) = Watch{0, false, true};
}

void EpollSet::closing(int fd) {
    at(fd) = Watch{};  // close() itself takes it out of the epoll set
}

bool EpollSet::wanted(int fd) {
    Watch& watch = at(fd);
    if (!watch.wanted) control(fd, watch, 0);
    return watch.wanted;
}

void EpollSet::control(int fd, Watch& watch, std::uint32_t events) {
    if (events == watch.registered) return;
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    const int operation = events == 0 ? EPOLL_CTL_DEL : watch.registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    watch.registered = events;
    if (epoll_ctl(epoll_.get(), operation, fd, &event) == 0 || operation == EPOLL_CTL_DEL) return;
    // The bookkeeping was stale: a descriptor closed behind our back and its number reused.
    if (errno == ENOENT) epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event);
    if (errno == EEXIST) epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, fd, &event);
}

int EpollSet::wait(epoll_event* events, int max_events, int timeout_ms) {
    return epoll_wait(epoll_.get(), events, max_events, timeout_ms);
}

}  // namespace fetch
