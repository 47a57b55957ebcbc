#include "fetch/app/signals.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdint>

namespace fetch {

namespace {

sigset_t termination_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);  // a closed terminal or a supervisor's stop: like SIGTERM
    return set;
}

}  // namespace

void block_termination_signals() {
    sigset_t set = termination_signals();
    sigaddset(&set, SIGWINCH);  // read by the progress line's signalfd (progress.cpp)
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

SignalWatcher::SignalWatcher() : stop_fd_(eventfd(0, EFD_CLOEXEC)) {
    const sigset_t set = termination_signals();
    signal_fd_.reset(signalfd(-1, &set, SFD_CLOEXEC));
    thread_ = std::thread([this] { run(); });
}

SignalWatcher::~SignalWatcher() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(stop_fd_.get(), &one, sizeof one);
    thread_.join();
}

void SignalWatcher::run() {
    for (;;) {
        pollfd fds[2] = {{signal_fd_.get(), POLLIN, 0}, {stop_fd_.get(), POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) continue;
        if (fds[1].revents) return;
        signalfd_siginfo info{};
        if (::read(signal_fd_.get(), &info, sizeof info) != sizeof info) continue;
        const int status = 128 + static_cast<int>(info.ssi_signo);
        if (status_.exchange(status) != 0) _exit(status);  // the second signal: now
        std::lock_guard lock(mutex_);
        if (!on_first_) _exit(status);  // no run going: nothing to write
        on_first_(static_cast<int>(info.ssi_signo));
    }
}

SignalWatcher::Handling SignalWatcher::handling(std::function<void(int)> on_first) {
    handle_with(std::move(on_first));
    return Handling(*this);
}

void SignalWatcher::handle_with(std::function<void(int)> on_first) {
    std::lock_guard lock(mutex_);
    on_first_ = std::move(on_first);
}

}  // namespace fetch
