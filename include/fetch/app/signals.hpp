// Ctrl-C, SIGTERM and SIGHUP. main blocks them in every thread (block_termination_signals, before
// any thread starts; SIGWINCH too, which the progress line reads) and starts a SignalWatcher,
// which reads them from a signalfd from then to the end, whatever the other threads are
// blocked on (opening a FIFO, waiting for a sitemap, writing to a full pipe). While a run is
// going, the first signal calls its handler (the run stops dispatching, abandons transfers in
// flight and writes what it has); before and after that, with nothing to save, and at a
// second signal, the process ends at once, with the signal's status.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "fetch/base/handle.hpp"

namespace fetch {

void block_termination_signals();

class SignalWatcher {
public:
    SignalWatcher();
    ~SignalWatcher();
    SignalWatcher(const SignalWatcher&) = delete;
    SignalWatcher& operator=(const SignalWatcher&) = delete;

    // The first signal calls `on_first` while the returned guard lives (a run is going).
    class Handling {
    public:
        explicit Handling(SignalWatcher& watcher) : watcher_(watcher) {}
        ~Handling() { watcher_.handle_with(nullptr); }
        Handling(const Handling&) = delete;
        Handling& operator=(const Handling&) = delete;

    private:
        SignalWatcher& watcher_;
    };
    [[nodiscard]] Handling handling(std::function<void(int signal)> on_first);

    // 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP, 0 when none came.
    int exit_status() const { return status_; }

private:
    void run();
    void handle_with(std::function<void(int)> on_first);

    std::mutex mutex_;
    std::function<void(int)> on_first_;  // null: exit at once
    FileDescriptor signal_fd_;
    FileDescriptor stop_fd_;  // eventfd: the watcher's own shutdown
    std::atomic<int> status_{0};
    std::thread thread_;
};

}  // namespace fetch
