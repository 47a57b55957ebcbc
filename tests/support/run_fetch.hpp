// Runs the built fetch binary as a user would: arguments, a standard input, and what it
// printed on stdout and stderr with its exit status.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fetch::test {

// Sanitizers multiply memory: bounds on it are asserted in ordinary builds only.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool instrumented = true;
#else
inline constexpr bool instrumented = false;
#endif

struct RunResult {
    int exit_code = -1;
    long max_rss_kb = 0;  // the process's peak resident memory
    std::string out;
    std::string err;

    std::vector<std::string> lines() const;  // stdout split on '\n'
};

// `stdin_data` nullopt: stdin is /dev/null. The run is killed after `limit_seconds`, which
// fails the calling test through exit_code -1 instead of hanging the suite.
RunResult run_fetch(const std::vector<std::string>& args,
                    const std::optional<std::string>& stdin_data = std::nullopt, int limit_seconds = 60,
                    const std::vector<std::string>& extra_environment = {});

// Runs any command (argv[0] a path) the same way, for tools that read fetch's output.
RunResult run_fetch_command(const std::vector<std::string>& argv, int limit_seconds = 60);

// After a signal, fetch says "interrupted: N URLs were not fetched or not written": N (0 when
// it said nothing). Records written plus N is every URL of the job.
long long not_fetched_of(const std::string& err);

// The whole content of a file ("" when it cannot be read).
std::string read_file(const std::string& path);

// Where temporary files go: $TMPDIR when set and not empty, else /tmp.
std::string temp_directory();

// A temporary file holding `content`, removed when the object goes away.
class TempFile {
public:
    explicit TempFile(const std::string& content, const std::string& suffix = ".txt");
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    std::string read() const;

private:
    std::string path_;
};

// fetch running in a pseudo-terminal (stdout and stderr are the terminal), as a person runs
// it: everything it printed, colours and all, once it has exited.
struct TerminalRun {
    int exit_code = -1;
    std::string screen;
};
TerminalRun run_in_terminal(const std::vector<std::string>& args,
                            const std::vector<std::string>& extra_environment = {}, unsigned short columns = 200);

// fetch running with pipes on stdin and stdout, for tests that talk to it while it runs.
class LiveFetch {
public:
    explicit LiveFetch(const std::vector<std::string>& args);
    ~LiveFetch();
    LiveFetch(const LiveFetch&) = delete;
    LiveFetch& operator=(const LiveFetch&) = delete;

    void write_stdin(const std::string& text);
    void close_stdin();
    void close_stdout();  // as `| head -1` does once it has its line
    void signal(int number);
    std::string err() const;  // what it wrote on stderr so far
    int pid() const { return pid_; }
    // The next line of stdout; nullopt at end of output or after `limit_seconds`.
    std::optional<std::string> read_line(int limit_seconds = 30);
    int wait();  // exit status

private:
    int pid_ = -1;
    int stdin_fd_ = -1;
    int stdout_fd_ = -1;
    std::string buffered_;
    TempFile stderr_{""};
};

}  // namespace fetch::test
