// Signals at every moment (issue #24): from the first instruction of main to the last write,
// SIGINT, SIGTERM and SIGHUP stop fetch within about a second with their documented status,
// whatever it is blocked on. Here: opening a FIFO that nobody opens at the other end, as -o or
// as a list, which blocks in open(2) before any run has begun.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <string>

#include "run_fetch.hpp"
#include "wait.hpp"

namespace fetch::test {
namespace {

class Fifo {
public:
    Fifo() : path_(temp_directory() + "/fetch-fifo-" + std::to_string(::getpid()) + "-" + std::to_string(serial_++)) {
        ::unlink(path_.c_str());
        if (::mkfifo(path_.c_str(), 0600) != 0) throw std::runtime_error("mkfifo " + path_);
    }
    ~Fifo() { ::unlink(path_.c_str()); }
    Fifo(const Fifo&) = delete;
    Fifo& operator=(const Fifo&) = delete;
    const std::string& path() const { return path_; }

private:
    static inline int serial_ = 0;
    std::string path_;
};

// What the process is blocked in, as the kernel names it ("wait_for_partner": opening a FIFO).
std::string blocked_in(int pid) {
    std::ifstream wchan("/proc/" + std::to_string(pid) + "/wchan");
    std::string name;
    std::getline(wchan, name);
    return name;
}

void expect_stopped_by(LiveFetch& fetch, int signal, int status) {
    ASSERT_TRUE(eventually([&] { return blocked_in(fetch.pid()) == "wait_for_partner"; }))
        << "not blocked on the FIFO: " << blocked_in(fetch.pid());
    const auto signalled = std::chrono::steady_clock::now();
    fetch.signal(signal);
    EXPECT_EQ(fetch.wait(), status);
    EXPECT_LT(std::chrono::steady_clock::now() - signalled, std::chrono::seconds(10));
}

TEST(Signals, StopFetchWhileItOpensAFifoForItsOutput) {
    Fifo fifo;
    LiveFetch fetch({"-o", fifo.path(), "-u", "http://127.0.0.1:9/"});
    expect_stopped_by(fetch, SIGTERM, 143);
}

TEST(Signals, StopFetchWhileItOpensAFifoAsAList) {
    Fifo fifo;
    LiveFetch fetch({fifo.path()});
    expect_stopped_by(fetch, SIGINT, 130);
}

TEST(Signals, SighupIsSigtermBeforeARunToo) {
    Fifo fifo;
    LiveFetch fetch({"-o", fifo.path(), "-u", "http://127.0.0.1:9/"});
    expect_stopped_by(fetch, SIGHUP, 129);
}

}  // namespace
}  // namespace fetch::test
