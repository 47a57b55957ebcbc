// Ctrl-C, SIGTERM and SIGHUP. main blocks them in every thread (block_termination_signals, before
// any thread starts; SIGWINCH too, which the progress line reads); a SignalWatcher thread
// reads them from a signalfd. The first one calls
// `on_first` (the run stops dispatching, abandons transfers in flight and writes what it
// has); a second one ends the process at once, with the same status.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

#include "fetch/base/handle.hpp"

namespace fetch {

void block_termination_signals();

class SignalWatcher {
public:
    explicit SignalWatcher(std::function<void(int signal)> on_first);
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

    // 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP, 0 when none came.
    int exit_status() const { return status_; }

private:
    void run();

    std::function<void(int)> on_first_;
    FileDescriptor signal_fd_;
    FileDescriptor stop_fd_;  // eventfd: the watcher's own shutdown
    std::atomic<int> status_{0};
    std::thread thread_;
};

}  // namespace fetch
