// Builds the stages, connects them, runs the reader on this thread, and turns what happened
// into an exit status. Each stage knows only its own options and the interfaces it is handed;
// this file is the only place that knows them all.
#include "fetch/app/engine.hpp"

#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <future>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "fetch/app/exit_status.hpp"
#include "fetch/app/job_files.hpp"
#include "fetch/app/signals.hpp"
#include "fetch/base/files.hpp"
#include "fetch/base/plural.hpp"
#include "fetch/input/intake.hpp"
#include "fetch/net/pool.hpp"
#include "fetch/output/writer.hpp"

namespace fetch {

namespace {

// After a signal, records already fetched get this long to be written; then fetch exits and
// says how many were not (a resumed run fetches those).
constexpr std::chrono::seconds grace_after_signal{1};

// URLs admitted and not yet fetched (not yet written, in completion order): the transfers in
// flight (-j) and as many again waiting in the workers' host queues, so a busy host
// (--per-host) or a retry backoff does not leave the other hosts without work, while a stalled
// reader of the output stops admission within 2 x -j records (curl's parallel mode keeps the
// same 2x). A few more at a small -j: a worker keeps a connection open only for a host with a
// URL waiting, and the next URL of a list sorted by host should be waiting when the previous
// one's response comes (worker.hpp).
std::size_t admitted_limit(const Options& options) {
    return 2 * options.net.schedule.jobs + 32;
}

// Input order: what the records held back for an earlier one may take (0: completion order).
std::size_t reorder_window(const Options& options) {
    return options.output.order == Order::input ? static_cast<std::size_t>(options.output.order_window_bytes) : 0;
}

// A document the reader needs (a sitemap), fetched by the workers like any page, its body kept
// in an unnamed temporary file. The reader waits for it; a stopped run answers at once.
Result<FileDescriptor> fetch_document(WorkerPool& pool, Job job, std::uint64_t max_bytes) {
    Result<FileDescriptor> body = unnamed_temporary_file();
    if (!body) return body;
    auto answered = std::make_shared<std::promise<Record>>();
    std::future<Record> answer = answered->get_future();
    job.document = std::make_shared<DocumentRequest>(DocumentRequest{
        max_bytes, [fd = body->get()](std::string_view bytes) { return write_all(fd, bytes); },
        [answered](const Record& record) { answered->set_value(record); }});
    pool.submit(std::move(job));
    const Record record = answer.get();
    if (record.interrupted) return fail("not fetched: the run was stopped");
    if (!record.ok()) return fail(record.error);
    const long status = record.status.value_or(0);
    if (status < 200 || status > 299) return fail("HTTP " + std::to_string(status));
    if (::lseek(body->get(), 0, SEEK_SET) != 0) return fail(std::string("its temporary file: ") + std::strerror(errno));
    return body;
}

// The stages of one run, connected. Members are built in pipeline order and torn down in the
// reverse: the workers stop before the writer they deliver to.
class Pipeline {
public:
    Pipeline(const Options& options, JobFiles& files, TerminalLine* terminal, bool colour, bool marks)
        : database_(files.database.get()),
          admission_(admitted_limit(options), reorder_window(options)),
          verdict_(options.verdict, stats_),
          sink_(files.output_fd(), files.output_name,
                [this, resume = files.resume.get(), database = files.database.get()](
                    const std::vector<WrittenRecord>& records, std::int64_t size, std::string_view bytes) {
                    return written(resume, database, records, size, bytes);
                },
                files.replace_output),
          writer_(options.output, options.verdict, {colour, marks, files.database.get()}, verdict_, sink_, terminal,
                  !(files.resume && files.resume->has_output()),
                  {[this] { cancel(); },
                   [this](std::size_t slots, std::size_t held_bytes) {
                       admission_.release_slots(slots);
                       admission_.holding(held_bytes);
                   }}),
          pool_(options.net, [this](std::vector<Record>& records) { writer_.push(records); }),
          intake_(options.input, files.resume.get(), admission_,
                  {[this](Job job) { pool_.submit(std::move(job)); },
                   [this](Record record) { writer_.push_with_backpressure(std::move(record)); },
                   [this](Job job, std::uint64_t max_bytes) {
                       return fetch_document(pool_, std::move(job), max_bytes);
                   },
                   [this](Record record) { writer_.push_not_fetched(std::move(record)); }}) {}

    bool read_all(std::vector<ListReader>& lists) { return intake_.read_all(lists); }

    // After a signal: the URLs of the job never read are counted (a report lists them), so that
    // records written and URLs not fetched add up to the job. Returns input that could not be.
    std::string read_rest(bool list_them) {
        std::string unread = intake_.read_rest(list_them);
        if (!unread.empty()) writer_.unread(unread);
        return unread;
    }
    std::uint64_t not_fetched() const { return records_read() - records_omitted() - sink_.records_written(); }
    void settle_not_fetched(const std::string& unread) { stats_.settle_not_fetched(not_fetched(), unread); }
    // A complete run writes what it holds even without a record (Sink::publish): for a
    // database, its tables, replacing the old ones.
    bool publish() { return sink_.publish() && (!database_ || database_->publish()); }

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
        writer_.cancel();
    }

    // A signal: stop, and give what was fetched a bounded time to be written.
    void interrupt() {
        cancel();
        sink_.stop_by(std::chrono::steady_clock::now() + grace_after_signal);
    }

    const Verdict& verdict() const { return verdict_; }
    const RunStats& stats() const { return stats_; }
    const Sink& sink() const { return sink_; }
    std::uint64_t records_read() const { return intake_.records_read(); }
    std::uint64_t records_omitted() const { return intake_.records_omitted(); }
    std::uint64_t duplicates() const { return intake_.duplicates(); }
    std::size_t in_flight() const { return pool_.in_flight(); }

private:
    // The sink wrote these records: commit them (a database's batch is its journal) or journal
    // them, and give their admission slots back.
    Result<void> written(ResumeState* resume, RecordDatabase* database, const std::vector<WrittenRecord>& records,
                         std::int64_t size, std::string_view bytes) {
        if (database) {
            if (Result<void> committed = database->commit(); !committed) return committed;
        } else if (resume && !resume->append(records, size, bytes)) {
            return fail("the state file: " + std::string(std::strerror(errno ? errno : EIO)));
        }
        std::size_t slots = 0;
        for (const WrittenRecord& record : records)
            slots += record.held_slot ? 1 : 0;
        admission_.release_slots(slots);
        return {};
    }

    RecordDatabase* database_;  // --format sqlite
    Admission admission_;
    RunStats stats_;
    Verdict verdict_;
    Sink sink_;
    RecordWriter writer_;
    WorkerPool pool_;
    Intake intake_;
};

// The progress line, drawn only while stderr is a terminal, with the list's length counted
// on a thread of its own so that fetching need not wait for it.
class ProgressDisplay {
public:
    // The total is the job's as sharded and resumed, less --unique's repeats found so far.
    ProgressDisplay(bool shown, const InputOptions& input, const ResumeState* resume, TerminalLine& terminal,
                    const Pipeline& pipeline) {
        if (!shown) return;
        counter_ = std::thread([this, &input, resume] { total_ = count_job(input, resume, stop_counting_); });
        progress_.emplace(terminal,
                          Progress::Source{[&pipeline] { return pipeline.stats().done(); },
                                           [&pipeline] { return std::uint64_t{pipeline.in_flight()}; },
                                           [this, &pipeline] {
                                               const std::int64_t total = total_.load();
                                               return total < 0 ? total
                                                                : total - static_cast<std::int64_t>(pipeline.duplicates());
                                           }});
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

std::string sources_of(const InputOptions& input) {
    std::string names;
    for (const std::string& path : input.lists)
        names.append(names.empty() ? "" : ", ").append(path == "-" ? "standard input" : path);
    return input.read_stdin ? "standard input" : names;
}

struct Outcome {
    bool input_complete = false;
    int signalled = 0;   // the exit status a signal asks for, or 0
    std::string unread;  // after a signal: input whose rest could not be counted
};

int exit_status_of(const Options& options, const JobFiles& files, const Pipeline& pipeline, Outcome outcome) {
    if (outcome.signalled) {
        const std::uint64_t left = pipeline.not_fetched();
        if (left > 0 || !outcome.unread.empty()) {
            spdlog::warn("interrupted: {} not fetched or not written{}{}", counted(left, "URL was", "URLs were"),
                         outcome.unread.empty() ? "" : ", and " + outcome.unread + " was never read (not counted)",
                         files.resume ? "; the next run with --resume fetches them" : "");
        }
        return outcome.signalled;
    }
    if (const int error = pipeline.sink().error()) {
        if (error == EPIPE) return exit_status::broken_pipe;
        const std::string& source = pipeline.sink().error_source();
        if (!pipeline.sink().error_path().empty()) {
            spdlog::error("cannot write to {}: {}", pipeline.sink().error_path(), source);
        } else if (source == files.output_name) {
            spdlog::error("cannot write to {}: {}", source, std::strerror(error));
        } else {
            spdlog::error("cannot write {}: {}", files.output_name, source);
        }
        return exit_status::output_failed;
    }
    if (!outcome.input_complete || files.unusable_lists > 0) return exit_status::usage;
    if (pipeline.records_read() == 0 && !options.input.allow_empty) {
        spdlog::error("no URLs read from {} (--allow-empty makes that a success)", sources_of(options.input));
        return exit_status::usage;
    }
    const bool failed_before = files.resume && files.resume->unmet_count() > 0;
    if (failed_before)
        spdlog::info("{} of this job failed in an earlier run", counted(files.resume->unmet_count(), "URL", "URLs"));
    return pipeline.verdict().all_met() && !failed_before ? exit_status::success : exit_status::some_failed;
}

// A run that ends before its first record leaves -o as it was, unless it is complete (exit 0
// or 1): then what it holds, if anything (a CSV header), is its output.
int publish_if_complete(Pipeline& pipeline, int status, const JobFiles& files) {
    if (status != exit_status::success && status != exit_status::some_failed) return status;
    if (pipeline.publish()) return status;
    const bool database_failed = files.database && !files.database->failure().empty();
    spdlog::error("cannot write to {}: {}", files.output_name,
                  database_failed ? files.database->failure() : std::strerror(pipeline.sink().error()));
    return exit_status::output_failed;
}

int execute(const Options& options, const ConsoleFacts& facts, JobFiles& files, SignalWatcher& signals) {
    const auto started = std::chrono::steady_clock::now();
    const ConsoleOptions& console = options.console;
    const bool show_progress = console.progress && !console.quiet && facts.stderr_is_terminal;
    const bool show_summary = !console.quiet && (console.stats || facts.stderr_is_terminal);
    const bool output_is_terminal = is_terminal(files.output_fd());
    TerminalLine terminal(use_colour(options.output.color, facts.stderr_is_terminal, facts));
    FileDescriptor interrupt(eventfd(0, EFD_CLOEXEC));
    Pipeline pipeline(options, files, show_progress && output_is_terminal ? &terminal : nullptr,
                      use_colour(options.output.color, output_is_terminal, facts), output_is_terminal);
    const SignalWatcher::Handling handling = signals.handling([&](int) {
        pipeline.interrupt();
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(interrupt.get(), &one, sizeof one);
    });
    for (ListReader& list : files.lists)
        list.set_interrupt(interrupt.get());
    Outcome outcome;
    {
        ProgressDisplay progress(show_progress, options.input, files.resume.get(), terminal, pipeline);
        outcome.input_complete = pipeline.read_all(files.lists);
        // A report written at the end lists the URLs not fetched; other formats count them.
        const bool list_them = rule_of(options.output.format).written == Written::at_the_end;
        if (signals.exit_status()) outcome.unread = pipeline.read_rest(list_them);
        pipeline.finish();
    }
    outcome.signalled = signals.exit_status();
    if (outcome.signalled) pipeline.settle_not_fetched(outcome.unread);
    const int status = publish_if_complete(pipeline, exit_status_of(options, files, pipeline, outcome), files);
    if (!pipeline.verdict().stopped_at().empty())
        spdlog::error("--fail-fast: stopped at {}", pipeline.verdict().stopped_at());
    // The failing URLs are named wherever a person looks: after the summary, or alone in a CI
    // log, whether the records went to this terminal or to -o.
    if (show_summary)
        std::fputs(pipeline.stats()
                       .summary(std::chrono::steady_clock::now() - started,
                                facts.stderr_is_terminal ? terminal_columns() : 0)
                       .c_str(),
                   stderr);
    if (!console.quiet) std::fputs(pipeline.stats().failures().c_str(), stderr);
    return status;
}

}  // namespace

int run(const Options& options, const ConsoleFacts& facts, SignalWatcher& signals) {
    Result<JobFiles> files = open_job_files(options);
    if (!files) {
        spdlog::error("{}", files.error());
        return exit_status::usage;
    }
    // Bodies that cannot be kept are an output that cannot be written: exit 3, before any fetch.
    if (const Result<void> store = check_store_directory(options.net.capture.store); !store) {
        spdlog::error("cannot write to --store {}", store.error());
        return exit_status::output_failed;
    }
    const int status = execute(options, facts, files.value(), signals);
    if (files->output.valid() && ::close(files->output.release()) != 0 &&
        status != exit_status::output_failed) {
        spdlog::error("cannot write to {}: {}", files->output_name, std::strerror(errno));
        return exit_status::output_failed;
    }
    return status;
}

}  // namespace fetch
