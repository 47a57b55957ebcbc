// The loop follows libcurl's ephiperfifo example: libcurl tells us, through on_socket, which
// descriptors to watch and, through on_timer, when to call it back; epoll_wait sleeps until
// one of those happens, a timer of ours is due, or another thread wakes us through the
// eventfd. curl_multi_socket_action only touches the transfers whose sockets are ready, so an
// idle transfer costs nothing: with thousands in flight this is what keeps the loop fast
// (curl_multi_perform walks them all).
#include "worker.hpp"

#include <spdlog/spdlog.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <iterator>
#include <cerrno>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "fetch/base/redact.hpp"
#include "retry.hpp"

namespace fetch {

namespace {

constexpr int max_events = 256;

// The failures after which a line without a scheme is tried over http.
bool no_https_answer(ErrorKind kind) {
    return rule_of(kind).fallback == Fallback::yes;
}

// "https://..." -> "http://...": every record of the URL shows what was fetched.
void fall_back_to_http(Job& job, const std::string& https_error) {
    job.fallback = false;
    job.https_error = https_error;
    job.url.replace(0, 5, "http");
    if (job.display_url.rfind("https://", 0) == 0) job.display_url.replace(0, 5, "http");
}

// --robots: what a worker keeps of the origins' answers (robots_gate.hpp). Most robots.txt
// files hold a few rules (a few hundred bytes kept); the byte bound is for those that do not.
constexpr std::size_t robots_origins = 100'000;
constexpr std::size_t robots_bytes = 64 << 20;

// Finished records go to the writer in batches (RecordBatch) of a quarter of -j, so that the
// admission gate refills before the workers' queues run dry, and at most 5 ms old, which no
// one watching the output notices.
std::size_t handover_batch(const ScheduleOptions& schedule) {
    return std::max<std::size_t>(1, schedule.jobs / 4);
}
constexpr std::chrono::milliseconds max_handover_delay{5};

// The first bytes of a body are held until 1024 have come, to decide the encoding on them; the
// HTML standard suggests waiting no longer than this for them.
constexpr std::chrono::milliseconds head_budget{500};
// Once a page's title is known, its remainder is read only to keep the connection; a server
// that drips or stalls it gets this long, then the transfer is cut and keeps its title.
constexpr std::chrono::seconds drain_budget{1};

// The record of a job the run stopped before fetching (JUnit lists it as skipped). A
// document's asker gets it at once, so that it never waits for ever; a page's goes to
// `records` when there is somewhere to deliver it.
void not_fetched(const Job& job, std::vector<Record>* records) {
    Record record = record_of(job);
    record.interrupted = true;
    if (job.document) return job.document->done(record);
    if (records) records->push_back(std::move(record));
}

std::runtime_error system_error(const char* what) {
    return std::runtime_error(std::string(what) + ": " + std::strerror(errno));
}

}  // namespace

Worker::Worker(const WorkerContext& context, Deliver deliver)
    : context_(context),
      deliver_(std::move(deliver)),
      finished_(handover_batch(context.schedule), max_handover_delay),
      wakeup_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)),
      multi_(curl_multi_init()),
      share_(curl_share_init()),
      scheduler_(context.schedule.per_host, context.slots, context.rate, [this] { wake(); }),
      routes_(context.schedule.jobs) {
    if (!wakeup_.valid()) throw system_error("eventfd");
    if (context.resolve_names) {
        resolver_.emplace(
            context.resolve, context.static_hosts, context.transfer.limits.connect_timeout, context.hosts,
            [this](int fd, bool readable, bool writable) { epoll_.watch_resolver(fd, readable, writable); },
            [this](const std::string& name, const Answer& answer) { on_resolved(name, answer); });
    }
    if (context.schedule.robots) {
        robots_.emplace(robots_origins, robots_bytes);
        robots_token_ = robots_product_token(context.transfer.request.user_agent());
    }
    if (!multi_ || !share_) throw std::runtime_error("libcurl: cannot create a multi handle");
    epoll_.watch_always(wakeup_.get());
    // One thread uses this share handle, so it needs no lock callbacks.
    curl_share_setopt(share_.get(), CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETFUNCTION, &Worker::on_socket);
    curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(multi_.get(), CURLMOPT_TIMERFUNCTION, &Worker::on_timer);
    curl_multi_setopt(multi_.get(), CURLMOPT_TIMERDATA, this);
    thread_ = std::thread([this] { run(); });
}

Worker::~Worker() {
    cancel();
    join();
}

void Worker::submit(Job job) {
    bool was_empty = false;
    {
        std::lock_guard lock(inbox_mutex_);
        if (stopped_) return not_fetched(job, nullptr);  // the loop is gone: answer a document now
        was_empty = inbox_.empty();
        inbox_.push_back(std::move(job));
    }
    // The loop takes the whole inbox at once: it needs waking only for the first job of a batch.
    if (was_empty) wake();
}

void Worker::close() {
    {
        std::lock_guard lock(inbox_mutex_);
        closed_ = true;
    }
    wake();
}

void Worker::cancel() {
    cancelled_ = true;
    wake();
}

void Worker::join() {
    if (thread_.joinable()) thread_.join();
}

void Worker::wake() {
    const std::uint64_t one = 1;
    // A full counter (EAGAIN) already means "wake up"; nothing else can fail here.
    [[maybe_unused]] const auto written = ::write(wakeup_.get(), &one, sizeof one);
}

void Worker::run() {
    while (!cancelled_) {
        take_inbox();
        take_icon_answers();
        scheduler_.start_due(Clock::now(), [this](Job job) { begin(std::move(job)); });
        if (finished()) break;
        wait_and_dispatch();
        reap_finished();
        expire_phases(Clock::now());
        if (finished_.due(Clock::now())) deliver_finished();
    }
    deliver_finished();
    if (cancelled_) abandon_all();
    std::lock_guard lock(inbox_mutex_);
    stopped_ = true;
    for (const Job& job : inbox_)  // submitted after abandon_all took the inbox
        not_fetched(job, nullptr);
    inbox_.clear();
}

void Worker::deliver_finished() {
    if (!finished_.empty()) deliver_(finished_.records());
}

bool Worker::finished() {
    std::lock_guard lock(inbox_mutex_);
    return closed_ && inbox_.empty() && scheduler_.idle() && active_.empty() && waiting_.empty() &&
           (!robots_ || robots_->idle()) && icon_waiting_.empty();
}

void Worker::take_inbox() {
    std::deque<Job> jobs;
    {
        std::lock_guard lock(inbox_mutex_);
        jobs.swap(inbox_);
    }
    for (Job& job : jobs)
        admit(std::move(job));
}

// ---- --robots ----

void Worker::admit(Job job) {
    if (!robots_ || job.document) return scheduler_.add(std::move(job));
    const std::string origin = robots_target(job.url).origin;
    if (const RobotsGate::Answer* answer = robots_->find(origin)) return pass_robots(std::move(job), *answer);
    const std::uint64_t index = job.index;
    const std::string host = job.host;
    if (robots_->park(origin, std::move(job))) ask_robots(origin, index, host);
}

// The origin's robots.txt, fetched like any document: its body kept up to the cap.
void Worker::ask_robots(const std::string& origin, std::uint64_t index, const std::string& host) {
    struct Fetched {
        std::string body;
        bool cut = false;  // there was more than RobotsGate::max_body
    };
    auto fetched = std::make_shared<Fetched>();
    Job robots;
    robots.index = index;  // -v names the URL that asked for it
    robots.url = robots.display_url = origin + "/robots.txt";
    robots.host = host;  // the same host's line: --per-host counts it
    robots.document = std::make_shared<DocumentRequest>(DocumentRequest{
        std::numeric_limits<std::uint64_t>::max(),
        [fetched](std::string_view bytes) {
            const std::size_t room = RobotsGate::max_body - fetched->body.size();
            fetched->body.append(bytes.substr(0, room));
            fetched->cut = fetched->cut || bytes.size() > room;
            return !fetched->cut;  // the rest is not read
        },
        [this, origin, fetched](const Record& record) {
            robots_answered(origin, record, std::move(fetched->body), fetched->cut);
        },
        RobotsGate::max_redirects});
    scheduler_.add(std::move(robots));
}

void Worker::robots_answered(const std::string& origin, const Record& record, std::string body, bool cut) {
    if (record.interrupted) return;  // the run stopped: abandon_all takes the URLs parked
    const RobotsGate::Answer answer = robots_answer(record, std::move(body), cut, robots_token_);
    if (context_.transfer.request.verbosity() > 0 && answer.rules.crawl_delay())
        spdlog::info("#{} * {}/robots.txt: Crawl-delay: {} (reported in crawl_delay, not obeyed)", record.index,
                     origin, *answer.rules.crawl_delay());
    for (Job& job : robots_->settle(origin, answer))
        pass_robots(std::move(job), answer);
}

void Worker::pass_robots(Job job, const RobotsGate::Answer& answer) {
    // A line without a scheme whose https site gave no answer falls back to http, as its
    // request would have: there, the http origin's robots.txt decides.
    if (job.fallback && job.hops.empty() && no_https_answer(answer.refusal)) {
        fall_back_to_http(job, answer.reason);
        return admit(std::move(job));
    }
    if (answer.refusal != ErrorKind::none)
        return refuse(std::move(job), answer.refusal, answer.reason + ", so every URL of the site is disallowed for this run");
    const RobotsRules::Decision decision = answer.rules.check(robots_target(job.url).path);
    if (!decision.allowed) return refuse(std::move(job), ErrorKind::robots, "robots.txt disallows it (" + decision.rule + ")");
    job.crawl_delay = answer.rules.crawl_delay().value_or(-1);
    scheduler_.add(std::move(job));
}

// A URL robots.txt kept from being requested: its record, at once. It never held a -j slot.
void Worker::refuse(Job job, ErrorKind kind, std::string error) {
    Record record = record_of(job);
    record.error_kind = kind;
    record.error = std::move(error);
    record.refused_by_robots = true;
    record.expectation = std::move(job.expectation);
    if (context_.transfer.request.verbosity() > 0)
        spdlog::info("#{} * {}: {}: {}", job.index, job.url, error_kind_name(kind), record.error);
    finished_.add(std::move(record), Clock::now());
}

// ---- Transfers ----

// Handles are kept and reused: the options every URL shares are set once, when one is made,
// and its buffers stay allocated (curl_easy_reset and ~25 options per URL cost more than the
// transfer's own work on a keep-alive connection).
EasyHandle Worker::take_handle() {
    if (!idle_handles_.empty()) {
        EasyHandle easy = std::move(idle_handles_.back());
        idle_handles_.pop_back();
        return easy;
    }
    EasyHandle easy(curl_easy_init());
    if (easy) {
        CURL* e = easy.get();
        context_.transfer.request.apply(e);
        curl_easy_setopt(e, CURLOPT_SHARE, share_.get());
        curl_easy_setopt(e, CURLOPT_CLOSESOCKETFUNCTION, &Worker::on_close_socket);
        curl_easy_setopt(e, CURLOPT_CLOSESOCKETDATA, this);
    }
    return easy;
}

// ---- A URL's requests ----

void Worker::begin(Job job) {
    // A URL's clock starts with its first request, the name lookup included; the time it
    // waited for a slot, --per-host or --rate before that is not its own.
    if (job.first_started == Clock::time_point{}) job.first_started = Clock::now();
    job.target = url_parts(job.url);  // this request's: the line's URL, a redirect's, the fallback's
    if (!resolver_) return launch(std::move(job), {});  // libcurl resolves: no route
    const auto asked = Clock::now();
    if (std::optional<Answer> answer = resolver_->resolve(job.target.host, job.target.port)) {
        return resolved(std::move(job), *answer, asked);
    }
    auto& waiting = waiting_[job.target.host];
    waiting.push_back({std::move(job), asked});
}

void Worker::on_resolved(const std::string& name, const Answer& answer) {
    auto node = waiting_.extract(name);
    if (node.empty()) return;
    for (Waiting& waiting : node.mapped())
        resolved(std::move(waiting.job), answer, waiting.asked);
}

namespace {

std::string address_list(const std::vector<IpAddress>& addresses, bool brackets) {
    std::string list;
    for (const IpAddress& address : addresses) {
        const bool bracket = brackets && !address.v4;
        list.append(list.empty() ? "" : ",").append(bracket ? "[" : "").append(address.to_string());
        if (bracket) list.push_back(']');
    }
    return list;
}

}  // namespace

// The addresses the rules allow are the only ones libcurl gets.
void Worker::resolved(Job job, const Answer& answer, Clock::time_point asked) {
    const UrlParts& target = job.target;
    job.lookup_ms = std::chrono::duration<double, std::milli>(Clock::now() - asked).count();
    if (!answer.error.empty()) return fail_before_request(std::move(job), ErrorKind::dns, answer.error);
    std::vector<IpAddress> allowed;
    const AddressRules& rules = context_.transfer.rules;
    std::copy_if(answer.addresses.begin(), answer.addresses.end(), std::back_inserter(allowed),
                 [&](const IpAddress& address) { return rules.allows(address); });
    if (allowed.empty()) {
        const bool literal = IpAddress::parse(target.host).has_value();
        const std::string what =
            literal ? target.host : target.host + " is " + address_list(answer.addresses, false);
        return fail_before_request(std::move(job), ErrorKind::blocked,
                                   what + ": refused by " + rules.refusal(answer.addresses.front()));
    }
    launch(std::move(job), allowed);
}

// `addresses` are where the request may connect: libcurl reaches them through the host's route
// (routes.hpp). None when libcurl resolves names itself (a proxy does).
void Worker::launch(Job job, const std::vector<IpAddress>& addresses) {
    Destination destination;
    if (!addresses.empty()) {
        const UrlParts& target = job.target;
        destination.host = target.host;
        destination.port = target.port;
        const std::string port = std::to_string(target.port);
        const std::string& route = routes_.use(target.host, target.port);
        destination.connect_to = "::" + route + ":" + port;
        destination.resolve = routes_.take_removals();
        destination.resolve.push_back("+" + route + ":" + port + ":" + address_list(addresses, true));
    }
    auto transfer = std::make_unique<Transfer>(std::move(job), take_handle(), context_.transfer,
                                               static_cast<TransferHost&>(*this), destination, next_serial_++);
    CURL* handle = transfer->easy();
    // on_timer(0) follows a successful add: the loop then starts the transfer.
    if (!handle || curl_multi_add_handle(multi_.get(), handle) != CURLM_OK) {
        return conclude(std::move(transfer), CURLE_FAILED_INIT);
    }
    active_.emplace(handle, std::move(transfer));
}

void Worker::reap_finished() {
    int left = 0;
    while (CURLMsg* message = curl_multi_info_read(multi_.get(), &left)) {
        if (message->msg != CURLMSG_DONE) continue;
        CURL* handle = message->easy_handle;
        const CURLcode result = message->data.result;
        curl_multi_remove_handle(multi_.get(), handle);
        const auto it = active_.find(handle);
        if (it == active_.end()) continue;
        std::unique_ptr<Transfer> transfer = std::move(it->second);
        active_.erase(it);
        conclude(std::move(transfer), result);
    }
}

void Worker::started(Phase phase, CURL* easy, std::uint64_t serial) {
    if (phase == Phase::head) {
        heads_.push_back({Clock::now() + head_budget, easy, serial});
    } else {
        drains_.push_back({Clock::now() + drain_budget, easy, serial});
    }
}

// The transfer `serial` if it is still running on `easy`, or null.
Transfer* Worker::active(CURL* easy, std::uint64_t serial) {
    const auto it = active_.find(easy);
    return it == active_.end() || it->second->serial() != serial ? nullptr : it->second.get();
}

void Worker::cut(CURL* easy) {
    curl_multi_remove_handle(multi_.get(), easy);
    const auto it = active_.find(easy);
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    active_.erase(it);
    transfer->cut();
    conclude(std::move(transfer), CURLE_WRITE_ERROR);
}

void Worker::expire_phases(Clock::time_point now) {
    for (; !heads_.empty() && heads_.front().due <= now; heads_.pop_front()) {
        Transfer* transfer = active(heads_.front().easy, heads_.front().serial);
        if (transfer && !transfer->head_waited()) cut(heads_.front().easy);
    }
    for (; !drains_.empty() && drains_.front().due <= now; drains_.pop_front()) {
        if (active(drains_.front().easy, drains_.front().serial)) cut(drains_.front().easy);
    }
}

void Worker::conclude(std::unique_ptr<Transfer> transfer, CURLcode result) {
    Record record = transfer->finish(result);
    if (context_.transfer.request.verbosity() > 0) transfer->describe(record);
    if (resolver_) {
        const UrlParts& target = transfer->job().target;
        routes_.release(target.host, target.port, transfer->connection_kept());
    }
    const auto retry_after = transfer->retry_after();
    const std::optional<std::string> target = record.ok() ? transfer->redirect_target() : std::nullopt;
    const bool unanswered = !record.ok() && transfer->unanswered(result);
    if (transfer->easy()) idle_handles_.push_back(transfer->release_handle());
    Job job = transfer->release_job();
    if (target) return follow(std::move(job), std::move(record), *target);
    // A request the server never processed (a restart's GOAWAY, a connection closed under it)
    // is sent again once, whatever --retries says, and counted in attempts.
    if (unanswered && job.replays == 0) {
        spdlog::info("{}: {}; sending the request again", record.url, record.error);
        ++job.replays;
        return begin(std::move(job));
    }
    settle(std::move(job), std::move(record), retry_after);
}

// The next hop goes through the same resolution and checks as the first request.
void Worker::follow(Job job, Record record, const std::string& target) {
    const long max = job.document && job.document->max_redirects >= 0 ? job.document->max_redirects
                                                                      : context_.transfer.request.max_redirects();
    const UrlParts& here = job.target;
    Result<std::string> next = redirect_url(target, here);
    if (!next || static_cast<long>(job.hops.size()) >= max) {
        record.error_kind = ErrorKind::redirects;
        record.error = next ? "Maximum (" + std::to_string(max) + ") redirects followed" : next.error();
        return settle(std::move(job), std::move(record), std::nullopt);
    }
    const UrlParts first = job.hops.empty() ? here : url_parts(job.hops.front().url);
    job.hops.push_back({record.final_url, record.status.value_or(0)});
    job.foreign = job.foreign || !url_parts(*next).same_origin(first);
    job.url = std::move(*next);
    begin(std::move(job));
}

namespace {

// No HTTPS response came back: no server, no TLS, or no answer in time.
bool https_got_no_answer(const Job& job, const Record& record) {
    return job.fallback && job.hops.empty() && !record.ok() && no_https_answer(record.error_kind);
}

}  // namespace

// The URL's last request ended: fall back to http, deliver the record, or retry after a backoff.
void Worker::settle(Job job, Record record, std::optional<std::chrono::seconds> retry_after) {
    if (https_got_no_answer(job, record)) {
        fall_back_to_http(job, record.error);
        return begin(std::move(job));
    }
    if (!job.https_error.empty() && !record.ok()) record.error = "https: " + job.https_error + "; http: " + record.error;
    scheduler_.finished(job.host);
    const ScheduleOptions& schedule = context_.schedule;
    if (job.attempt > schedule.retries || !is_retryable(record)) {
        if (job.document) return job.document->done(record);  // a document's record is its asker's
        record.expectation = std::move(job.expectation);       // for the verdict
        return deliver(std::move(record));
    }

    const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(jitter_);
    const auto delay =
        retry_delay(job.attempt, schedule.retry_delay, schedule.retry_max_wait, retry_after, jitter);
    spdlog::info("{}: attempt {} failed ({}), retrying in {} ms", record.url, job.attempt,
                 record.ok() ? "status " + std::to_string(record.status.value_or(0)) : record.error,
                 delay.count());
    ++job.attempt;
    scheduler_.retry_at(std::move(job), Clock::now() + delay);
}

// A request that never reached libcurl: its name did not resolve, or resolved to refused
// addresses. The record says as much as is known.
void Worker::fail_before_request(Job job, ErrorKind kind, std::string error) {
    Record record = assemble_record(job, job.url);
    record.error_kind = kind;
    record.error = std::move(error);
    if (context_.transfer.request.verbosity() > 0)  // -v: no request was made, and why
        spdlog::info("#{} * {}: {}: {}", job.index, job.url, error_kind_name(kind), record.error);
    settle(std::move(job), std::move(record), std::nullopt);
}

// The run stopped: every job this worker still holds gets a record saying it was not
// fetched, so that none disappears without a trace (JUnit lists them as skipped).
void Worker::abandon_all() {
    std::vector<Record> left;
    const auto abandon = [&left](const Job& job) { not_fetched(job, &left); };
    for (auto& [handle, transfer] : active_) {
        curl_multi_remove_handle(multi_.get(), handle);
        abandon(transfer->job());
    }
    active_.clear();
    for (const auto& [host, lookups] : waiting_)
        for (const Waiting& waiting : lookups)
            abandon(waiting.job);
    waiting_.clear();
    abandon_icon_waits(left);
    take_inbox();
    scheduler_.drain(abandon);
    if (robots_) robots_->drain(abandon);
    if (!left.empty()) deliver_(left);
}

// ---- The event loop ----

int Worker::epoll_timeout_ms() const {
    std::optional<Clock::time_point> next = curl_deadline_;
    for (const std::optional<Clock::time_point> timer :
         {scheduler_.next_timer(), heads_.empty() ? std::nullopt : std::optional(heads_.front().due),
          drains_.empty() ? std::nullopt : std::optional(drains_.front().due),
          resolver_ ? resolver_->next_timeout() : std::nullopt}) {
        if (timer && (!next || *timer < *next)) next = timer;
    }
    if (!next) return -1;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*next - Clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

void Worker::wait_and_dispatch() {
    epoll_event events[max_events];
    int ready = epoll_.wait(events, max_events, 0);
    if (ready == 0) {
        const int timeout_ms = epoll_timeout_ms();
        if (timeout_ms != 0) {
            deliver_finished();  // nothing is ready: the loop is about to sleep
            ready = epoll_.wait(events, max_events, timeout_ms);
        }
    }
    for (int i = 0; i < ready; ++i)
        dispatch(events[i]);
    if (resolver_) resolver_->process_timeouts();  // answers nothing unless a try has expired
    int running = 0;
    if (curl_deadline_ && Clock::now() >= *curl_deadline_) {
        curl_deadline_.reset();  // on_timer may set a new one during the call
        curl_multi_socket_action(multi_.get(), CURL_SOCKET_TIMEOUT, 0, &running);
    }
}

void Worker::dispatch(const epoll_event& event) {
    const int fd = event.data.fd;
    const std::uint32_t flags = event.events;
    if (fd == wakeup_.get()) {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto got = ::read(fd, &count, sizeof count);
        return;
    }
    if (epoll_.is_resolver(fd)) {
        resolver_->process(fd, flags & (EPOLLIN | EPOLLHUP | EPOLLERR), flags & EPOLLOUT);
        return;
    }
    if (!epoll_.wanted(fd)) return;  // an idle keep-alive socket the server closed
    int action = 0;
    // A hang-up is reported as readable so libcurl reads the EOF and sees the close.
    if (flags & (EPOLLIN | EPOLLHUP)) action |= CURL_CSELECT_IN;
    if (flags & EPOLLOUT) action |= CURL_CSELECT_OUT;
    if (flags & EPOLLERR) action |= CURL_CSELECT_ERR;
    int running = 0;
    curl_multi_socket_action(multi_.get(), fd, action, &running);
}

// URLs handed over since the loop last looked count too: a list sorted by host hands the next
// URL of a host over just as its previous one ends.
bool Worker::wants_connection(const Job& job, const Destination& destination) {
    if (!destination.host.empty() && routes_.transfers(destination.host, destination.port) > 1) return true;
    if (scheduler_.has_waiting(job.host)) return true;
    take_inbox();
    return scheduler_.has_waiting(job.host);
}

int Worker::on_socket(CURL*, curl_socket_t socket, int what, void* self, void*) noexcept {
    static_cast<Worker*>(self)->epoll_.watch(socket, what);
    return 0;
}

curl_socket_t Worker::open_socket(const curl_sockaddr& address) {
    const int fd = ::socket(address.family, address.socktype | SOCK_CLOEXEC, address.protocol);
    if (fd < 0) return CURL_SOCKET_BAD;
    epoll_.opened(fd);
    return fd;
}

int Worker::on_close_socket(void* self, curl_socket_t socket) noexcept {
    static_cast<Worker*>(self)->epoll_.closing(socket);
    return ::close(socket);
}

int Worker::on_timer(CURLM*, long timeout_ms, void* self) noexcept {
    auto* worker = static_cast<Worker*>(self);
    if (timeout_ms < 0) {
        worker->curl_deadline_.reset();
    } else {
        worker->curl_deadline_ = Clock::now() + std::chrono::milliseconds(timeout_ms);
    }
    return 0;
}

}  // namespace fetch
