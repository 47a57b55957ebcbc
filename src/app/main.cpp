// fetch: a concurrent HTTP fetcher and title scraper. main reads like the table of contents:
// parse the command line, prepare the process, run the pipeline.
#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <unistd.h>

#include <csignal>

#include "fetch/app/cli.hpp"
#include "fetch/app/engine.hpp"
#include "fetch/app/signals.hpp"

namespace {

void setup_logging(const fetch::Options& options) {
    auto logger = spdlog::stderr_color_mt("fetch");
    logger->set_pattern("fetch: %^%l%$: %v");
    if (options.quiet) {
        logger->set_level(spdlog::level::err);
    } else {
        logger->set_level(options.verbosity >= 2   ? spdlog::level::debug
                          : options.verbosity == 1 ? spdlog::level::info
                                                   : spdlog::level::warn);
    }
    spdlog::set_default_logger(logger);
}

// Each transfer needs a socket or two; -j 2000 needs more than the usual soft limit of 1024.
void raise_descriptor_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

void ignore_libxml2_message(void*, const char*, ...) {}

// Library state that must exist before any thread starts and live until all have ended.
struct Libraries {
    Libraries() {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        xmlInitParser();
        // libxml2 reports malformed HTML and XPath failures on stderr by default, from every
        // thread; pages are expected to be malformed, so its messages are dropped.
        xmlThrDefSetGenericErrorFunc(nullptr, &ignore_libxml2_message);
        xmlSetGenericErrorFunc(nullptr, &ignore_libxml2_message);
    }
    ~Libraries() {
        xmlCleanupParser();
        curl_global_cleanup();
    }
    Libraries(const Libraries&) = delete;
    Libraries& operator=(const Libraries&) = delete;
};

}  // namespace

int main(int argc, char** argv) {
    fetch::block_termination_signals();  // before any thread: a SignalWatcher reads them
    Libraries libraries;                 // before the command line: --xpath is checked by libxml2
    const fetch::CommandLine command_line = fetch::parse_command_line(argc, argv, isatty(STDIN_FILENO) == 1);
    if (command_line.exit_now) return *command_line.exit_now;

    setup_logging(command_line.options);
    std::signal(SIGPIPE, SIG_IGN);  // a closed pipe is an EPIPE write error, handled as such
    raise_descriptor_limit();
    return fetch::run(command_line.options);
}
