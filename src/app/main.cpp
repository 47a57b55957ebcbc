// fetch: a concurrent HTTP fetcher and title scraper. main reads like the table of contents:
// prepare the process, parse the command line, run the pipeline.
#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>
#include <variant>

#include "fetch/app/cli.hpp"
#include "fetch/app/engine.hpp"
#include "fetch/app/exit_status.hpp"
#include "fetch/app/logging.hpp"
#include "fetch/app/signals.hpp"
#include "fetch/html/title.hpp"
#include "fetch/net/pool.hpp"

namespace {

// Each transfer needs a socket, and while its name is resolved a socketpair too: 3
// descriptors. The rest of fetch needs about two dozen (lists, output, state file, an epoll set and
// an eventfd per worker, the signal watcher's).
constexpr rlim_t descriptors_per_transfer = 3;
constexpr rlim_t descriptors_reserved = 24;

// -j 2000 needs more than the usual soft limit of 1024: take the hard limit. Where even that
// is too low for -j, lower -j (and say so) rather than let transfers fail to connect: the
// URLs then wait for a slot like any others.
void fit_jobs_to_descriptor_limit(std::size_t& jobs) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    if (limit.rlim_cur == RLIM_INFINITY) return;
    const rlim_t room = limit.rlim_cur > descriptors_reserved ? limit.rlim_cur - descriptors_reserved : 0;
    const std::size_t most =
        std::max<std::size_t>(1, static_cast<std::size_t>(room / descriptors_per_transfer));
    if (jobs <= most) return;
    spdlog::warn("-j {} needs about {} file descriptors, and the limit is {} (ulimit -n): running -j {}",
                 jobs, jobs * descriptors_per_transfer + descriptors_reserved,
                 static_cast<unsigned long long>(limit.rlim_cur), most);
    jobs = most;
}

// A descriptor 0, 1 or 2 that is closed at start would be taken by the first file fetch
// opens: a list read as stdin, records or warnings written into a state file. Each closed one
// is opened on /dev/null first (open(2) returns the lowest free descriptor). Returns whether
// standard output was one of them.
bool open_closed_standard_descriptors() {
    bool stdout_was_closed = false;
    for (int fd = 0; fd <= 2; ++fd) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        ::open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
        stdout_was_closed |= fd == 1;
    }
    return stdout_was_closed;
}

// Records bound for a standard output that was closed would go to /dev/null and the run
// would end green with nothing written: as for a full disk, that is exit 3, before any fetch.
std::optional<int> refuse_closed_stdout(bool stdout_was_closed, const fetch::OutputOptions& output) {
    if (!stdout_was_closed || !output.file.empty()) return std::nullopt;
    spdlog::error("standard output is closed, so no record could be written: give -o FILE");
    return fetch::exit_status::output_failed;
}

int print_and_exit(const fetch::EarlyExit& exit) {
    std::fputs(exit.out.c_str(), stdout);
    std::fputs(exit.err.c_str(), stderr);
    return exit.status;
}

}  // namespace

int main(int argc, char** argv) {
    const bool stdout_was_closed = open_closed_standard_descriptors();  // before anything is opened
    fetch::block_termination_signals();  // before any thread: a SignalWatcher reads them
    fetch::NetLibrary net;               // process-wide library state, before any thread
    fetch::HtmlLibrary html;             // and before the command line: --xpath is checked by libxml2
    fetch::SignalWatcher signals;        // from here to the end, a signal always stops fetch
    const fetch::ConsoleFacts facts = fetch::ConsoleFacts::of_this_process();
    const fetch::CommandLine command_line =
        fetch::parse_command_line(std::vector<std::string>(argv + 1, argv + argc), facts);
    if (const auto* exit = std::get_if<fetch::EarlyExit>(&command_line)) return print_and_exit(*exit);
    fetch::Options options = std::get<fetch::Options>(command_line);

    fetch::setup_logging(options.console, fetch::use_colour(options.output.color, facts.stderr_is_terminal, facts));
    for (const std::string& note : options.console.notes)
        spdlog::info("{}", note);
    if (const auto refused = refuse_closed_stdout(stdout_was_closed, options.output)) return *refused;
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is an EPIPE write error, handled as such
    fit_jobs_to_descriptor_limit(options.net.schedule.jobs);
    try {
        return fetch::run(options, facts, signals);
    } catch (const std::exception& error) {  // a setup failure: what URLs do is never thrown
        spdlog::error("{}", error.what());
        return fetch::exit_status::setup_failed;
    }
}
