#include "run_fetch.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;


namespace fetch::test {

long long not_fetched_of(const std::string& err) {
    const std::string said = "interrupted: ";
    const auto at = err.find(said);
    if (at == std::string::npos) return 0;
    const std::size_t digits = at + said.size();
    const std::size_t end = err.find_first_not_of("0123456789", digits);
    return end == digits ? 0 : std::stoll(err.substr(digits, end - digits));
}

namespace {

// The fetch binary followed by `args`.
std::vector<std::string> fetch_command(const std::vector<std::string>& args) {
    std::vector<std::string> command{FETCH_BINARY};
    command.insert(command.end(), args.begin(), args.end());
    return command;
}

// An exec-style argv pointing into `storage`, which must outlive it.
std::vector<char*> argv_of(std::vector<std::string>& storage) {
    std::vector<char*> argv;
    for (std::string& arg : storage)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    return argv;
}

// Waits for the child without polling: a pidfd becomes readable when the process exits.
int wait_for_exit(pid_t pid, int limit_seconds, long* max_rss_kb = nullptr) {
    const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
    if (pidfd >= 0) {
        pollfd entry{pidfd, POLLIN, 0};
        if (poll(&entry, 1, limit_seconds * 1000) == 0) kill(pid, SIGKILL);
        close(pidfd);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    if (max_rss_kb) *max_rss_kb = usage.ru_maxrss;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return -1;
}

// Starts the fetch binary with `args`; consumes `actions`.
pid_t spawn_fetch(const std::vector<std::string>& args, posix_spawn_file_actions_t& actions,
                  const std::vector<std::string>& extra_environment = {}) {
    std::vector<char*> environment;
    for (char** variable = environ; *variable; ++variable)
        environment.push_back(*variable);
    std::vector<std::string> extra = extra_environment;
    for (std::string& variable : extra)
        environment.push_back(variable.data());
    environment.push_back(nullptr);
    std::vector<std::string> argv_storage = fetch_command(args);
    std::vector<char*> argv = argv_of(argv_storage);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, FETCH_BINARY, &actions, nullptr, argv.data(), environment.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " FETCH_BINARY);
    return pid;
}

}  // namespace

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::vector<std::string> RunResult::lines() const {
    std::vector<std::string> result;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        result.push_back(line);
    return result;
}

std::string temp_directory() {
    const char* dir = std::getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

TempFile::TempFile(const std::string& content, const std::string& suffix) {
    std::string pattern = temp_directory() + "/fetch-test-XXXXXX" + suffix;
    const int fd = mkstemps(pattern.data(), static_cast<int>(suffix.size()));
    if (fd < 0) throw std::runtime_error("mkstemps failed");
    path_ = pattern;
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = write(fd, content.data() + written, content.size() - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    close(fd);
}

TempFile::~TempFile() {
    unlink(path_.c_str());
}

std::string TempFile::read() const {
    return read_file(path_);
}

RunResult run_fetch(const std::vector<std::string>& args, const std::optional<std::string>& stdin_data,
                    int limit_seconds, const std::vector<std::string>& extra_environment) {
    TempFile input(stdin_data.value_or(""));
    TempFile out(""), err("");

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, stdin_data ? input.path().c_str() : "/dev/null", O_RDONLY,
                                     0);
    posix_spawn_file_actions_addopen(&actions, 1, out.path().c_str(), O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err.path().c_str(), O_WRONLY | O_TRUNC, 0);

    const pid_t pid = spawn_fetch(args, actions, extra_environment);
    RunResult result;
    result.exit_code = wait_for_exit(pid, limit_seconds, &result.max_rss_kb);
    result.out = out.read();
    result.err = err.read();
    return result;
}

LiveFetch::LiveFetch(const std::vector<std::string>& args) {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_.path().c_str(), O_WRONLY | O_TRUNC, 0);

    pid_ = spawn_fetch(args, actions);
    close(in[0]);
    close(out[1]);
    stdin_fd_ = in[1];
    stdout_fd_ = out[0];
}

LiveFetch::~LiveFetch() {
    close_stdin();
    if (stdout_fd_ >= 0) close(stdout_fd_);
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
}

void LiveFetch::write_stdin(const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = write(stdin_fd_, text.data() + written, text.size() - written);
        if (n <= 0) throw std::runtime_error("write to fetch's stdin failed");
        written += static_cast<std::size_t>(n);
    }
}

void LiveFetch::close_stdout() {
    if (stdout_fd_ >= 0) close(stdout_fd_);
    stdout_fd_ = -1;
}

void LiveFetch::signal(int number) {
    kill(pid_, number);
}

std::string LiveFetch::err() const {
    return stderr_.read();
}

void LiveFetch::close_stdin() {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    stdin_fd_ = -1;
}

std::optional<std::string> LiveFetch::read_line(int limit_seconds) {
    for (;;) {
        if (const auto newline = buffered_.find('\n'); newline != std::string::npos) {
            std::string line = buffered_.substr(0, newline);
            buffered_.erase(0, newline + 1);
            return line;
        }
        pollfd entry{stdout_fd_, POLLIN, 0};
        if (poll(&entry, 1, limit_seconds * 1000) <= 0) return std::nullopt;
        char chunk[4096];
        const ssize_t n = read(stdout_fd_, chunk, sizeof chunk);
        if (n <= 0) return std::nullopt;
        buffered_.append(chunk, static_cast<std::size_t>(n));
    }
}

int LiveFetch::wait() {
    close_stdin();
    const int status = wait_for_exit(pid_, 60);
    pid_ = -1;
    return status;
}

RunResult run_fetch_command(const std::vector<std::string>& command, int limit_seconds) {
    TempFile out(""), err("");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out.path().c_str(), O_WRONLY | O_TRUNC, 0);
    posix_spawn_file_actions_addopen(&actions, 2, err.path().c_str(), O_WRONLY | O_TRUNC, 0);
    std::vector<std::string> storage = command;
    std::vector<char*> argv = argv_of(storage);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + command[0]);
    RunResult result;
    result.exit_code = wait_for_exit(pid, limit_seconds);
    result.out = out.read();
    result.err = err.read();
    return result;
}

TerminalRun run_in_terminal(const std::vector<std::string>& args,
                            const std::vector<std::string>& extra_environment, unsigned short columns) {
    std::vector<std::string> storage = fetch_command(args);
    std::vector<char*> argv = argv_of(storage);
    std::vector<std::string> environment_storage{"TERM=xterm"};
    for (char** variable = environ; *variable; ++variable) {
        if (std::string_view(*variable).rfind("TERM=", 0) != 0) environment_storage.emplace_back(*variable);
    }
    environment_storage.insert(environment_storage.end(), extra_environment.begin(), extra_environment.end());
    std::vector<char*> environment;
    for (std::string& variable : environment_storage)
        environment.push_back(variable.data());
    environment.push_back(nullptr);

    int terminal = -1;
    winsize size{40, columns, 0, 0};
    const pid_t pid = forkpty(&terminal, nullptr, nullptr, &size);
    if (pid < 0) throw std::runtime_error("forkpty failed");
    if (pid == 0) {
        execve(FETCH_BINARY, argv.data(), environment.data());
        _exit(127);
    }
    TerminalRun run;
    char chunk[4096];
    for (;;) {  // until the child closes the terminal (EIO) or 60 s pass without output
        pollfd entry{terminal, POLLIN, 0};
        if (poll(&entry, 1, 60'000) <= 0) {
            kill(pid, SIGKILL);
            break;
        }
        const ssize_t n = read(terminal, chunk, sizeof chunk);
        if (n <= 0) break;
        run.screen.append(chunk, static_cast<std::size_t>(n));
    }
    close(terminal);
    int status = 0;
    waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return run;
}

}  // namespace fetch::test
