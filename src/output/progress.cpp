#include "fetch/output/progress.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
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

FileDescriptor resize_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGWINCH);
    return FileDescriptor(signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK));
}

}  // namespace

// Asked at each redraw (an ioctl is far cheaper than the line itself), so a resized window is
// followed at once.
std::size_t terminal_columns() {
    winsize size{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return 80;
    return size.ws_col;
}

std::string TerminalLine::erase() const {
    return escapes_ ? "\r\x1b[K" : "\r" + std::string(drawn_, ' ') + "\r";
}

void TerminalLine::draw(const std::string& text) {
    std::lock_guard lock(mutex_);
    const std::size_t room = terminal_columns() - 1;  // the cursor's own column: no wrap
    const std::string line = text.substr(0, room);    // the text is ASCII: a byte per column
    write_stderr(erase() + line);
    drawn_ = line.size();
    visible_ = true;
}

void TerminalLine::clear() {
    if (!visible_) return;
    write_stderr(erase());
    visible_ = false;
    drawn_ = 0;
}

Progress::Progress(TerminalLine& line, Source source)
    : line_(line), source_(std::move(source)), stop_(eventfd(0, EFD_CLOEXEC)), resized_(resize_signals()) {
    thread_ = std::thread([this] { run(); });
}

Progress::~Progress() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(stop_.get(), &one, sizeof one);
    thread_.join();
    std::lock_guard lock(line_.mutex());
    line_.clear();
}

// The line's parts, most useful first. On a narrow terminal the least useful go first: the
// transfers in flight, the rate, then "fetch: " itself; the count, the percentage and the ETA
// stay (they fit in 39 columns up to a million URLs).
std::string Progress::describe(std::uint64_t done, std::int64_t total, std::uint64_t in_flight,
                               double seconds, std::size_t width) {
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    char text[96];
    std::string count, eta;
    if (total >= 0) {
        const auto all = static_cast<std::uint64_t>(total);
        const double percent =
            total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0;
        const double left = rate > 0 ? static_cast<double>(all - std::min(done, all)) / rate : 0;
        std::snprintf(text, sizeof text, "%llu/%lld (%.0f%%)", static_cast<unsigned long long>(done),
                      static_cast<long long>(total), percent);
        count = text;
        eta = ", ETA " + (rate > 0 ? duration(left) : std::string("?"));
    } else {
        std::snprintf(text, sizeof text, "%llu done", static_cast<unsigned long long>(done));
        count = text;
    }
    std::snprintf(text, sizeof text, ", %.0f/s", rate);
    const std::string speed = text;
    std::snprintf(text, sizeof text, ", %llu in flight", static_cast<unsigned long long>(in_flight));
    const std::string flight = text;
    for (const std::string& line : {"fetch: " + count + speed + flight + eta, "fetch: " + count + speed + eta,
                                    "fetch: " + count + eta, count + eta}) {
        if (line.size() <= width) return line;
    }
    return count + eta;
}

// Redraws every 200 ms, and at once when the window is resized, until the destructor says stop.
void Progress::run() {
    for (;;) {
        pollfd fds[2] = {{stop_.get(), POLLIN, 0}, {resized_.get(), POLLIN, 0}};
        const int nfds = resized_.valid() ? 2 : 1;
        if (::poll(fds, static_cast<nfds_t>(nfds), static_cast<int>(redraw_every.count())) > 0) {
            if (fds[0].revents) return;
            signalfd_siginfo info{};
            while (::read(resized_.get(), &info, sizeof info) == sizeof info) {
            }
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        line_.draw(describe(source_.done(), source_.total(), source_.in_flight(), seconds,
                            terminal_columns() - 1));  // the cursor's own column: no wrap
    }
}

}  // namespace fetch
