// Builds the stages, connects them, runs the reader on this thread, and turns what happened
// into an exit status. Each stage knows only its own options and the interfaces it is handed;
// this file is the only place that knows them all.
#include "fetch/app/engine.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "fetch/app/exit_status.hpp"
#include "fetch/app/signals.hpp"
#include "fetch/input/intake.hpp"
#include "fetch/net/pool.hpp"
#include "fetch/output/writer.hpp"

namespace fetch {

namespace {

// URLs handed to the workers and not yet finished: the transfers in flight (-j) and as many
// again waiting in the workers' host queues, so a busy host (--per-host) or a retry backoff
// does not leave the other hosts without work. curl's parallel mode keeps the same 2x.
std::size_t admitted_limit(const Options& options) {
    return 2 * options.net.schedule.jobs;
}

// Input order needs room for every admitted URL plus slack for the slowest one, so that one
// slow URL does not stall the others at once.
std::size_t reorder_window(const Options& options) {
    return options.output.order == Order::input ? std::max<std::size_t>(4 * options.net.schedule.jobs, 256)
                                                : 0;
}

// How many URLs the lists hold, for the progress line; -1 when that cannot be known in
// advance (stdin) or the count was stopped.
std::int64_t count_urls(const InputOptions& input, const std::atomic<bool>& stop) {
    if (input.read_stdin) return -1;
    auto count = static_cast<std::int64_t>(input.urls.size());
    for (const std::string& path : input.lists) {
        Result<ListReader> list = ListReader::open(path);
        if (path == "-" || !list) return -1;
        for (ListLine line; list->next(line); ++count) {
            if (stop) return -1;
        }
    }
    return count;
}

// Opens every list that can be read; each one that cannot is reported by name and counted,
// and the run goes on with the others (it then exits 2).
std::vector<ListReader> open_lists(const InputOptions& input, int& unusable) {
    std::vector<ListReader> lists;
    for (const std::string& path : input.lists) {
        Result<ListReader> list = ListReader::open(path);
        if (list) {
            lists.push_back(std::move(list).value());
        } else {
            spdlog::error("{}", list.error());
            ++unusable;
        }
    }
    if (input.read_stdin) lists.push_back(ListReader::open("-").value());
    return lists;
}

// --resume: loads what an earlier run did. False (after saying why) when the file is unusable.
bool open_resume_state(const InputOptions& input, std::unique_ptr<ResumeState>& resume) {
    if (input.resume_file.empty()) return true;
    try {
        resume = std::make_unique<ResumeState>(input.resume_file);
    } catch (const std::runtime_error& error) {
        spdlog::error("{}", error.what());
        return false;
    }
    if (resume->done_count() > 0) {
        spdlog::info("{}: {} URLs already done, resuming", input.resume_file, resume->done_count());
    }
    return true;
}

// -o FILE; left invalid for stdout. A resumed run adds to what the interrupted one wrote.
bool open_output(const Options& options, FileDescriptor& file) {
    if (options.output.file.empty()) return true;
    const int mode = options.input.resume_file.empty() ? O_TRUNC : O_APPEND;
    file.reset(::open(options.output.file.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | mode, 0666));
    if (file.valid()) return true;
    spdlog::error("{}: {}", options.output.file, std::strerror(errno));
    return false;
}

// The stages of one run, connected. Members are built in pipeline order and torn down in the
// reverse: the workers stop before the writer they deliver to.
class Pipeline {
public:
    Pipeline(const Options& options, Sink& sink, TerminalLine* terminal, ResumeState* resume, bool colour)
        : admission_(admitted_limit(options), reorder_window(options)),
          verdict_(options.verdict, stats_),
          writer_(make_formatter(options.output, options.verdict, colour), reorder_window(options), verdict_,
                  sink, terminal,
                  {[this] { cancel(); }, [this](std::uint64_t next) { admission_.printed_up_to(next); }}),
          pool_(options.net,
                [this](std::vector<Record>& records) {
                    const std::size_t finished = records.size();
                    writer_.push(records);
                    admission_.release_slots(finished);
                }),
          intake_(options.input, resume, admission_,
                  {[this](Job job) { pool_.submit(std::move(job)); },
                   [this](Record record) { writer_.push_with_backpressure(std::move(record)); }}) {}

    bool read_all(std::vector<ListReader>& lists) { return intake_.read_all(lists); }

    // Lets every dispatched URL finish and every record be written.
    void finish() {
        pool_.close();
        pool_.join();
        writer_.close();
        writer_.join();
    }

    void cancel() {
        admission_.cancel();
        pool_.cancel();
    }

    const Verdict& verdict() const { return verdict_; }
    const RunStats& stats() const { return stats_; }
    std::size_t in_flight() const { return pool_.in_flight(); }

private:
    Admission admission_;
    RunStats stats_;
    Verdict verdict_;
    RecordWriter writer_;
    WorkerPool pool_;
    Intake intake_;
};

int report(const Sink& sink, const Verdict& verdict, bool input_complete) {
    if (const int error = sink.error()) {
        if (error == EPIPE) return exit_status::broken_pipe;
        spdlog::error("cannot write to {}: {}", sink.name(), std::strerror(error));
        return exit_status::output_failed;
    }
    if (!input_complete) return exit_status::usage;
    return verdict.all_met() ? exit_status::success : exit_status::some_failed;
}

// The progress line, drawn only while stderr is a terminal, with the list's length counted
// on a thread of its own so that fetching need not wait for it.
class ProgressDisplay {
public:
    ProgressDisplay(bool shown, const InputOptions& input, TerminalLine& terminal, const Pipeline& pipeline) {
        if (!shown) return;
        counter_ = std::thread([this, &input] { total_ = count_urls(input, stop_counting_); });
        progress_.emplace(terminal,
                          Progress::Source{[&pipeline] { return pipeline.stats().done(); },
                                           [&pipeline] { return std::uint64_t{pipeline.in_flight()}; },
                                           [this] { return total_.load(); }});
    }
    ~ProgressDisplay() {
        progress_.reset();
        stop_counting_ = true;
        if (counter_.joinable()) counter_.join();
    }
    ProgressDisplay(const ProgressDisplay&) = delete;
    ProgressDisplay& operator=(const ProgressDisplay&) = delete;

private:
    std::atomic<std::int64_t> total_{-1};
    std::atomic<bool> stop_counting_{false};
    std::thread counter_;
    std::optional<Progress> progress_;
};

struct Run {
    const Options& options;
    const ConsoleFacts& facts;
    std::vector<ListReader>& lists;
    ResumeState* resume;
    Sink& sink;
    int unusable_lists;
};

int execute(const Run& run) {
    const auto started = std::chrono::steady_clock::now();
    const ConsoleOptions& console = run.options.console;
    const bool show_progress = console.progress && !console.quiet && run.facts.stderr_is_terminal;
    const bool show_summary = !console.quiet && (console.stats || run.facts.stderr_is_terminal);
    const bool colour = use_colour(run.options.output.color, run.sink.interactive(), run.facts);
    TerminalLine terminal;
    FileDescriptor interrupt(eventfd(0, EFD_CLOEXEC));
    Pipeline pipeline(run.options, run.sink, show_progress && run.sink.interactive() ? &terminal : nullptr,
                      run.resume, colour);
    SignalWatcher signals([&](int) {
        pipeline.cancel();
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(interrupt.get(), &one, sizeof one);
    });
    for (ListReader& list : run.lists)
        list.set_interrupt(interrupt.get());
    bool input_complete = false;
    {
        ProgressDisplay progress(show_progress, run.options.input, terminal, pipeline);
        input_complete = pipeline.read_all(run.lists) && run.unusable_lists == 0;
        pipeline.finish();
    }
    int status = report(run.sink, pipeline.verdict(), input_complete);
    if (const int signalled = signals.exit_status()) status = signalled;
    if (show_summary)
        std::fputs(pipeline.stats().summary(std::chrono::steady_clock::now() - started).c_str(), stderr);
    return status;
}

}  // namespace

int run(const Options& options, const ConsoleFacts& facts) {
    int unusable_lists = 0;
    std::vector<ListReader> lists = open_lists(options.input, unusable_lists);
    std::unique_ptr<ResumeState> resume;
    FileDescriptor output_file;
    if (!open_resume_state(options.input, resume) || !open_output(options, output_file))
        return exit_status::usage;

    const int out = output_file.valid() ? output_file.get() : STDOUT_FILENO;
    Sink::Journal journal;
    if (resume)
        journal = [&resume](const std::vector<std::uint64_t>& indices) { return resume->append(indices); };
    Sink sink(out, options.output.file.empty() ? "standard output" : options.output.file, is_terminal(out),
              std::move(journal));
    const int status = execute({options, facts, lists, resume.get(), sink, unusable_lists});
    if (output_file.valid() && ::close(output_file.release()) != 0 && status != exit_status::output_failed) {
        spdlog::error("cannot write to {}: {}", options.output.file, std::strerror(errno));
        return exit_status::output_failed;
    }
    return status;
}

}  // namespace fetch
