// A worker's epoll set, kept in step with the sockets libcurl asks it to watch, lazily.
//
// libcurl stops watching a keep-alive connection's socket when a transfer ends and watches it
// again when the next transfer on that connection starts: done literally, that is two
// epoll_ctl calls per transfer for nothing. So the connection sockets, which libcurl opens and
// closes through the worker (CURLOPT_OPENSOCKETFUNCTION, CURLOPT_CLOSESOCKETFUNCTION), stay
// registered while idle; closing one is what removes it, as the kernel drops a closed
// descriptor from every epoll set. An idle socket that still reports an event (its server
// closed it) is removed then. Any other descriptor libcurl watches is added and removed
// exactly when libcurl says, and so are the resolver's (c-ares) sockets.
#pragma once

#include <sys/epoll.h>

#include <cstdint>
#include <vector>

#include "fetch/base/handle.hpp"

namespace fetch {

class EpollSet {
public:
    EpollSet();  // throws std::runtime_error when epoll is unavailable

    // Watches `fd` for input until it is closed (the worker's eventfd).
    void watch_always(int fd);
    // libcurl's socket callback: `what` is CURL_POLL_IN, _OUT, _INOUT or _REMOVE.
    void watch(int fd, int what);
    // A connection socket libcurl opened through us, and is about to close.
    void opened(int fd);
    void closing(int fd);
    // Whether libcurl wants to hear of an event on `fd`; a stray event on an idle socket
    // unregisters it.
    bool wanted(int fd);
    // A resolver socket: watched for what is asked, until neither is.
    void watch_resolver(int fd, bool readable, bool writable);
    bool is_resolver(int fd) { return at(fd).resolver; }

    int wait(epoll_event* events, int max_events, int timeout_ms);

private:
    struct Watch {
        std::uint32_t registered = 0;  // the events the kernel has for this descriptor
        bool wanted = false;           // libcurl is watching it
        bool lazy = false;             // a connection socket: unregistered only on close
        bool resolver = false;         // c-ares's, not libcurl's
    };
    Watch& at(int fd);
    void control(int fd, Watch& watch, std::uint32_t events);

    FileDescriptor epoll_;
    std::vector<Watch> watches_;  // by descriptor
};

}  // namespace fetch
