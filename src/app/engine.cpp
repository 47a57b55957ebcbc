// Reads every list in order, turns each line into a Job (or a bad-input Record), and feeds the
// workers through the admission gate; the writer prints what they deliver. Memory stays
// bounded by jobs + window because nothing is read ahead of the gate.
#include "fetch/app/engine.hpp"

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include <sys/eventfd.h>

#include <atomic>
#include <optional>
#include <unordered_set>

#include "fetch/input/admission.hpp"
#include "fetch/base/ascii.hpp"
#include "fetch/net/limits.hpp"
#include "fetch/input/list_reader.hpp"
#include "fetch/output/progress.hpp"
#include "fetch/net/request.hpp"
#include "fetch/input/resume.hpp"
#include "fetch/app/signals.hpp"
#include "fetch/output/stats.hpp"
#include "fetch/input/url.hpp"
#include "fetch/net/worker.hpp"
#include "fetch/output/writer.hpp"

namespace fetch {

namespace {

struct FileCloser {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using OutputFile = std::unique_ptr<std::FILE, FileCloser>;

// One event loop per core but one: the reader, the writer, libcurl's resolver threads and the
// kernel's network stack need a core too. Measured on 2 cores (docs/BENCHMARKS.md): one worker
// fetched 20,000 pages 28% faster than two, with half the system time, and TLS no slower.
std::size_t worker_count(const Options& options) {
    if (options.workers > 0) return options.workers;
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    return std::clamp<std::size_t>(cores - 1, 1, options.jobs);
}

// URLs handed to the workers and not yet finished: the transfers in flight (-j) and as many
// again waiting in the workers' host queues, so a busy host (--per-host) or a retry backoff
// does not leave the other hosts without work. curl's parallel mode keeps the same 2x.
std::size_t admitted_limit(const Options& options) {
    return 2 * options.jobs;
}

// Input order needs room for every admitted URL plus slack for the slowest one, so that one
// slow URL does not stall the others at once.
std::size_t reorder_window(const Options& options) {
    return options.order == Order::input ? std::max<std::size_t>(4 * options.jobs, 256) : 0;
}

// How many URLs the lists hold, for the progress line; -1 when that cannot be known in
// advance (stdin) or the count was stopped.
std::int64_t count_urls(const Options& options, const std::atomic<bool>& stop) {
    if (options.read_stdin) return -1;
    std::int64_t count = static_cast<std::int64_t>(options.urls.size());
    try {
        for (const std::string& path : options.list_files) {
            if (path == "-") return -1;
            ListReader list(path);
            for (ListLine line; list.next(line); ++count) {
                if (stop) return -1;
            }
        }
    } catch (const std::runtime_error&) {
        return -1;
    }
    return count;
}

bool use_colour(const Options& options, std::FILE* out) {
    if (options.color != Color::automatic) return options.color == Color::always;
    const char* no_colour = std::getenv("NO_COLOR");  // no-color.org: set and not empty
    const char* term = std::getenv("TERM");
    return isatty(fileno(out)) == 1 && !(no_colour && *no_colour) &&
           !(term && std::string_view(term) == "dumb");
}

// Opens every list that can be read; each one that cannot is reported by name and counted,
// and the run goes on with the others (it then exits 2).
std::vector<ListReader> open_lists(const Options& options, int& unusable) {
    std::vector<ListReader> lists;
    for (const std::string& path : options.list_files) {
        try {
            lists.emplace_back(path);
        } catch (const std::runtime_error& error) {
            spdlog::error("{}", error.what());
            ++unusable;
        }
    }
    if (options.read_stdin) lists.emplace_back("-");
    return lists;
}

class Pipeline {
public:
    Pipeline(const Options& options, std::FILE* out, TerminalLine* terminal, ResumeState* resume)
        : options_(options),
          resume_(resume),
          request_(options),
          slots_(options.jobs),
          rate_(options.rate),
          admission_(admitted_limit(options), reorder_window(options)),
          writer_(
              options, reorder_window(options), out, admission_, [this] { cancel(); },
              use_colour(options, out), stats_, terminal, resume) {
        const std::size_t count = worker_count(options);
        for (std::size_t i = 0; i < count; ++i) {
            workers_.push_back(
                std::make_unique<Worker>(request_, slots_, rate_, [this](std::vector<Record>& records) {
                    const std::size_t finished = records.size();
                    writer_.push(records);
                    admission_.release_slots(finished);
                }));
        }
    }

    // Returns false when the run was cancelled before every line was dispatched.
    bool dispatch(Origin origin, const std::string& text, bool too_long) {
        NormalizedUrl url = normalize_url(text);
        if (too_long) {
            url = {
                {}, {}, {}, "line is longer than " + std::to_string(ListReader::max_line_bytes) + " bytes"};
        }
        const std::uint64_t index = next_index_++;
        if (skipped(index, url)) return skip(index);
        if (!admission_.admit(index, url.ok())) return false;
        if (url.ok()) {
            Worker& worker = *workers_[std::hash<std::string>{}(url.host) % workers_.size()];
            Job job;
            job.index = index;
            job.origin = std::move(origin);
            job.url = std::move(url.url);
            job.display_url = std::move(url.display);
            job.host = std::move(url.host);
            worker.submit(std::move(job));
            return true;
        }
        const std::string where = origin.source + ":" + std::to_string(origin.line);
        spdlog::warn("{}: {}", where, url.error);
        Record record;
        record.index = index;
        record.origin = std::move(origin);
        record.url = redact_credentials(text);
        record.error_kind = ErrorKind::bad_input;
        record.error = where + ": " + url.error;
        writer_.push_with_backpressure(std::move(record));
        return true;
    }

    // Lets every dispatched URL finish and every record be written.
    void finish() {
        for (auto& worker : workers_)
            worker->close();
        for (auto& worker : workers_)
            worker->join();
        writer_.close();
        writer_.join();
    }

    void cancel() {
        admission_.cancel();
        for (auto& worker : workers_)
            worker->cancel();
    }

    const RecordWriter& writer() const { return writer_; }
    const RunStats& stats() const { return stats_; }
    std::size_t in_flight() const { return slots_.in_use(); }

private:
    // --shard, --resume and --unique leave out some positions.
    bool skipped(std::uint64_t index, const NormalizedUrl& url) {
        if (index % options_.shard_count != options_.shard_index) return true;
        if (resume_ && resume_->done(index)) return true;
        return options_.unique && url.ok() && !seen_.insert(std::hash<std::string>{}(url.url)).second;
    }

    // A left-out position still takes its place in input order, as an omitted record.
    bool skip(std::uint64_t index) {
        if (!admission_.admit(index, false)) return false;
        Record record;
        record.index = index;
        record.omitted = true;
        writer_.push_with_backpressure(std::move(record));
        return true;
    }

    const Options& options_;
    ResumeState* resume_;
    std::unordered_set<std::size_t> seen_;  // --unique: hashes of the URLs dispatched
    RequestTemplate request_;
    TransferSlots slots_;
    RateLimiter rate_;
    RunStats stats_;
    Admission admission_;
    RecordWriter writer_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::uint64_t next_index_ = 0;
};

// Dispatches every input line; returns false when a list could not be read to its end.
bool read_all(Pipeline& pipeline, const Options& options, std::vector<ListReader>& lists) {
    std::uint64_t ordinal = 0;
    for (const std::string& url : options.urls) {
        if (!pipeline.dispatch({"--url", ++ordinal}, std::string(ascii::trim(url)), false)) return true;
    }
    bool complete = true;
    ListLine line;
    for (ListReader& list : lists) {
        while (list.next(line)) {
            if (!pipeline.dispatch({list.name(), line.number}, line.text, line.too_long)) return complete;
        }
        if (!list.error().empty()) {
            spdlog::error("{}", list.error());
            complete = false;
        }
    }
    return complete;
}

// --resume: loads what an earlier run did. False (after saying why) when the file is unusable.
bool open_resume_state(const Options& options, std::unique_ptr<ResumeState>& resume) {
    if (options.resume_file.empty()) return true;
    try {
        resume = std::make_unique<ResumeState>(options.resume_file);
    } catch (const std::runtime_error& error) {
        spdlog::error("{}", error.what());
        return false;
    }
    if (resume->done_count() > 0) {
        spdlog::info("{}: {} URLs already done, resuming", options.resume_file, resume->done_count());
    }
    return true;
}

// -o FILE; left empty for stdout. A resumed run adds to what the interrupted one wrote.
bool open_output(const Options& options, OutputFile& file) {
    if (options.output_file.empty()) return true;
    file.reset(std::fopen(options.output_file.c_str(), options.resume_file.empty() ? "w" : "a"));
    if (file) return true;
    spdlog::error("{}: {}", options.output_file, std::strerror(errno));
    return false;
}

int report(const RecordWriter& writer, bool input_complete, const std::string& output_name) {
    if (const int error = writer.output_error()) {
        if (error == EPIPE) return exit_status::broken_pipe;
        spdlog::error("cannot write to {}: {}", output_name, std::strerror(error));
        return exit_status::output_failed;
    }
    if (!input_complete) return exit_status::usage;
    return writer.all_succeeded() ? exit_status::success : exit_status::some_failed;
}

}  // namespace

int run(const Options& options) {
    int unusable_lists = 0;
    std::vector<ListReader> lists = open_lists(options, unusable_lists);

    std::unique_ptr<ResumeState> resume;
    OutputFile output_file;
    if (!open_resume_state(options, resume) || !open_output(options, output_file)) return exit_status::usage;
    std::FILE* out = output_file ? output_file.get() : stdout;
    const std::string output_name = options.output_file.empty() ? "standard output" : options.output_file;
    // Fully buffered; the writer decides when to flush (each record on a terminal).
    static char buffer[1 << 16];
    std::setvbuf(out, buffer, _IOFBF, sizeof buffer);

    const auto started = std::chrono::steady_clock::now();
    const bool stderr_is_terminal = isatty(STDERR_FILENO) == 1;
    const bool show_progress = options.progress && !options.quiet && stderr_is_terminal;
    const bool show_summary = !options.quiet && (options.stats || stderr_is_terminal);
    TerminalLine terminal;
    FileDescriptor interrupt(eventfd(0, EFD_CLOEXEC));
    int status = 0;
    {
        Pipeline pipeline(options, out, show_progress && isatty(fileno(out)) == 1 ? &terminal : nullptr,
                          resume.get());
        SignalWatcher signals([&](int) {
            pipeline.cancel();
            const std::uint64_t one = 1;
            [[maybe_unused]] const auto written = ::write(interrupt.get(), &one, sizeof one);
        });
        for (ListReader& list : lists)
            list.set_interrupt(interrupt.get());

        std::atomic<std::int64_t> total{-1};
        std::atomic<bool> stop_counting{false};
        std::thread counter;
        std::optional<Progress> progress;
        if (show_progress) {
            counter = std::thread([&] { total = count_urls(options, stop_counting); });
            progress.emplace(terminal, Progress::Source{[&] { return pipeline.stats().done(); },
                                                        [&] { return std::uint64_t{pipeline.in_flight()}; },
                                                        [&] { return total.load(); }});
        }
        const bool input_complete = read_all(pipeline, options, lists) && unusable_lists == 0;
        pipeline.finish();
        progress.reset();
        stop_counting = true;
        if (counter.joinable()) counter.join();

        status = report(pipeline.writer(), input_complete, output_name);
        if (const int signalled = signals.exit_status()) status = signalled;
        if (show_summary)
            std::fputs(pipeline.stats().summary(std::chrono::steady_clock::now() - started).c_str(), stderr);
    }
    if (output_file && std::fclose(output_file.release()) != 0 && status != exit_status::output_failed) {
        spdlog::error("cannot write to {}: {}", output_name, std::strerror(errno));
        return exit_status::output_failed;
    }
    return status;
}

}  // namespace fetch
