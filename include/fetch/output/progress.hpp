// The live progress line on stderr, drawn by a background thread (the tutorial's "monitor
// thread"), and only when stderr is a terminal. Records on stdout never carry it: when both
// go to the same terminal, the writer clears the line before it prints (TerminalLine).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "fetch/base/handle.hpp"

namespace fetch {

// Columns of the terminal on stderr; 80 when it cannot be asked.
std::size_t terminal_columns();

// The one line of stderr the progress display owns. `escapes`: whether it may use the terminal's
// erase-line sequence; without (NO_COLOR, --color never: no escape sequence at all), a shorter
// line is padded with spaces over the longer one it replaces.
class TerminalLine {
public:
    explicit TerminalLine(bool escapes = true) : escapes_(escapes) {}
    // Replaces the line with `text`, cut to the terminal's width less one column: a line
    // that wrapped would leave its first rows behind at every redraw.
    void draw(const std::string& text);
    void clear();                        // erases it, if drawn
    std::mutex& mutex() { return mutex_; }

private:
    // "\r\x1b[K", or "\r" and spaces over the `drawn_` columns of the line now shown.
    std::string erase() const;

    const bool escapes_;
    std::mutex mutex_;
    bool visible_ = false;
    std::size_t drawn_ = 0;
};

class Progress {
public:
    struct Source {
        std::function<std::uint64_t()> done;
        std::function<std::uint64_t()> in_flight;
        std::function<std::int64_t()> total;  // -1 while unknown
    };

    Progress(TerminalLine& line, Source source);
    ~Progress();  // stops the thread and erases the line
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    // The progress line for these numbers (without terminal control), in `width` columns
    // when its most useful parts fit; for tests too.
    static std::string describe(std::uint64_t done, std::int64_t total, std::uint64_t in_flight,
                                double seconds, std::size_t width = 200);

private:
    void run();

    TerminalLine& line_;
    Source source_;
    std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
    FileDescriptor stop_;    // eventfd: the destructor's
    FileDescriptor resized_;  // signalfd for SIGWINCH (blocked by main): redraw at the new width
    std::thread thread_;
};

}  // namespace fetch
