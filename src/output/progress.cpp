#include "fetch/output/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace fetch {

namespace {

constexpr auto redraw_every = std::chrono::milliseconds(200);

std::string duration(double seconds) {
    char text[32];
    const auto s = static_cast<long long>(seconds + 0.5);
    if (s >= 3600) {
        std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, s % 3600 / 60);
    } else if (s >= 60) {
        std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
    } else {
        std::snprintf(text, sizeof text, "%llds", s);
    }
    return text;
}

void write_stderr(const std::string& text) {
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, text.data(), text.size());
}

}  // namespace

void TerminalLine::draw(const std::string& text) {
    std::lock_guard lock(mutex_);
    write_stderr("\r\x1b[K" + text);
    visible_ = true;
}

void TerminalLine::clear() {
    if (!visible_) return;
    write_stderr("\r\x1b[K");
    visible_ = false;
}

Progress::Progress(TerminalLine& line, Source source) : line_(line), source_(std::move(source)) {
    thread_ = std::thread([this] { run(); });
}

Progress::~Progress() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    stop_signal_.notify_all();
    thread_.join();
    std::lock_guard lock(line_.mutex());
    line_.clear();
}

std::string Progress::describe(std::uint64_t done, std::int64_t total, std::uint64_t in_flight,
                               double seconds) {
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    char text[160];
    if (total >= 0) {
        const double percent =
            total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
        const double left =
            rate > 0 ? static_cast<double>(static_cast<std::uint64_t>(total) -
                                           std::min<std::uint64_t>(done, static_cast<std::uint64_t>(total))) /
                           rate
                     : 0;
        std::snprintf(text, sizeof text, "fetch: %llu/%lld (%.0f%%), %.0f/s, %llu in flight, ETA %s",
                      static_cast<unsigned long long>(done), static_cast<long long>(total), percent, rate,
                      static_cast<unsigned long long>(in_flight), rate > 0 ? duration(left).c_str() : "?");
    } else {
        std::snprintf(text, sizeof text, "fetch: %llu done, %.0f/s, %llu in flight",
                      static_cast<unsigned long long>(done), rate,
                      static_cast<unsigned long long>(in_flight));
    }
    return text;
}

void Progress::run() {
    std::unique_lock lock(mutex_);
    while (!stop_signal_.wait_for(lock, redraw_every, [this] { return stopping_; })) {
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        line_.draw(describe(source_.done(), source_.total(), source_.in_flight(), seconds));
    }
}

}  // namespace fetch
