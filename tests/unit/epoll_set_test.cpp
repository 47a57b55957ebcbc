// EpollSet keeps idle connection sockets registered and must still never lose an event
// libcurl wants, nor spin on one it does not. Unix socketpairs stand in for connections:
// a byte written to one end is readable at the other at once, so "an event is pending" needs
// no waiting, and "nothing is reported" is checked with a zero timeout.
#include "net/epoll_set.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <utility>
#include <vector>

namespace fetch {
namespace {

struct Pair {
    int ours = -1, theirs = -1;
    Pair() {
        int fds[2];
        EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        ours = fds[0];
        theirs = fds[1];
    }
    ~Pair() {
        if (ours >= 0) ::close(ours);
        if (theirs >= 0) ::close(theirs);
    }
    void send_byte() const { ASSERT_EQ(::write(theirs, "x", 1), 1); }
};

std::vector<int> ready(EpollSet& set, int timeout_ms = 0) {
    epoll_event events[8];
    const int n = set.wait(events, 8, timeout_ms);
    std::vector<int> fds;
    for (int i = 0; i < n; ++i)
        fds.push_back(events[i].data.fd);
    return fds;
}

TEST(EpollSet, ReportsWhatLibcurlWatches) {
    EpollSet set;
    Pair pair;
    set.opened(pair.ours);
    set.watch(pair.ours, CURL_POLL_IN);
    pair.send_byte();
    EXPECT_EQ(ready(set, 1000), std::vector<int>{pair.ours});
    EXPECT_TRUE(set.wanted(pair.ours));
}

TEST(EpollSet, AnIdleConnectionStaysRegisteredUntilAStrayEventRemovesIt) {
    EpollSet set;
    Pair pair;
    set.opened(pair.ours);
    set.watch(pair.ours, CURL_POLL_IN);
    set.watch(pair.ours, CURL_POLL_REMOVE);  // the transfer ended; the connection is kept
    pair.send_byte();                        // e.g. the server closing it
    ASSERT_EQ(ready(set, 1000), std::vector<int>{pair.ours});
    EXPECT_FALSE(set.wanted(pair.ours));  // not passed to libcurl, and unregistered
    EXPECT_TRUE(ready(set).empty()) << "a level-triggered stray event would spin the loop";
    set.watch(pair.ours, CURL_POLL_IN);  // the connection is reused
    EXPECT_EQ(ready(set, 1000), std::vector<int>{pair.ours});
}

TEST(EpollSet, OtherDescriptorsAreRemovedWhenLibcurlSays) {
    EpollSet set;
    Pair pair;  // not opened(): like the resolver's socketpair
    set.watch(pair.ours, CURL_POLL_IN);
    set.watch(pair.ours, CURL_POLL_REMOVE);
    pair.send_byte();
    EXPECT_TRUE(ready(set).empty());
}

TEST(EpollSet, AClosedConnectionsNumberCanBeReused) {
    EpollSet set;
    auto first = std::make_unique<Pair>();
    const int number = first->ours;
    set.opened(number);
    set.watch(number, CURL_POLL_IN);
    set.closing(number);
    ::close(std::exchange(first->ours, -1));  // the kernel drops it from the set

    Pair second;  // the lowest free number: the one just closed
    ASSERT_EQ(second.ours, number);
    set.opened(second.ours);
    set.watch(second.ours, CURL_POLL_IN);
    second.send_byte();
    EXPECT_EQ(ready(set, 1000), std::vector<int>{number});
}

TEST(EpollSet, RecoversWhenADescriptorWasClosedBehindItsBack) {
    EpollSet set;
    auto first = std::make_unique<Pair>();
    const int number = first->ours;
    set.watch(number, CURL_POLL_IN);          // registered for input...
    ::close(std::exchange(first->ours, -1));  // ...and closed without a REMOVE

    Pair second;
    ASSERT_EQ(second.ours, number);
    set.watch(second.ours, CURL_POLL_INOUT);  // a MOD of a descriptor the kernel forgot
    EXPECT_EQ(ready(set, 1000), std::vector<int>{number});
}

}  // namespace
}  // namespace fetch
