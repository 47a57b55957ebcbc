#include "transfer.hpp"

#include <algorithm>
#include <string>

#include "fetch/base/redact.hpp"
#include "classify.hpp"
#include "url_parts.hpp"
#include "store.hpp"

namespace fetch {

namespace {

std::string http_version_name(long version) {
    switch (version) {
        case CURL_HTTP_VERSION_1_0:
            return "1.0";
        case CURL_HTTP_VERSION_1_1:
            return "1.1";
        case CURL_HTTP_VERSION_2_0:
            return "2";
        case CURL_HTTP_VERSION_3:
            return "3";
        default:
            return {};
    }
}

template <typename T>
T info(CURL* easy, CURLINFO what, T fallback) {
    T value = fallback;
    return curl_easy_getinfo(easy, what, &value) == CURLE_OK ? value : fallback;
}

// A response header's value, every occurrence joined by ", " (RFC 9110 §5.3).
std::optional<std::string> response_header(CURL* easy, const std::string& name) {
    std::optional<std::string> value;
    curl_header* header = nullptr;
    for (std::size_t i = 0;
         curl_easy_header(easy, name.c_str(), i, CURLH_HEADER, -1, &header) == CURLHE_OK; ++i) {
        value = value ? *value + ", " + header->value : std::string(header->value);
        if (i + 1 >= header->amount) break;
    }
    return value;
}

// curl's -w times (time_connect, time_appconnect, time_starttransfer) in ms, after our own
// name lookup, which happens before libcurl starts; -1 for a phase not reached.
void fill_times(Record& record, CURL* easy, double lookup_ms) {
    const auto ms = [&](CURLINFO what) {
        const curl_off_t us = info<curl_off_t>(easy, what, 0);
        return us > 0 ? std::max(lookup_ms, 0.0) + static_cast<double>(us) / 1000.0 : -1.0;
    };
    record.time_dns = lookup_ms >= 0 ? lookup_ms : ms(CURLINFO_NAMELOOKUP_TIME_T);
    record.time_connect = ms(CURLINFO_CONNECT_TIME_T);
    record.time_tls = ms(CURLINFO_APPCONNECT_TIME_T);
    record.time_ttfb = ms(CURLINFO_STARTTRANSFER_TIME_T);
}

}  // namespace

Transfer::Transfer(Job job, EasyHandle easy, const TransferSettings& settings, TransferHost& host,
                   const Destination& destination, std::uint64_t serial)
    : job_(std::move(job)),
      easy_(std::move(easy)),
      settings_(settings),
      limits_(settings.limits),
      host_(host),
      serial_(serial),
      destination_(destination) {
    CURL* e = easy_.get();
    if (!e) return;
    curl_easy_setopt(e, CURLOPT_URL, job_.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, this);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &Transfer::on_open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, this);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer_);
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, settings.request.headers(job_.foreign));
    if (!destination.connect_to.empty()) {
        connect_to_ = CurlList(curl_slist_append(nullptr, destination.connect_to.c_str()));
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, connect_to_.get());
    }
    for (const std::string& line : destination.resolve)
        resolve_ = CurlList(curl_slist_append(resolve_.release(), line.c_str()));
    if (resolve_) curl_easy_setopt(e, CURLOPT_RESOLVE, resolve_.get());
    // A document is always read, even under -I.
    if (settings.request.head()) curl_easy_setopt(e, CURLOPT_NOBODY, job_.document ? 0L : 1L);
    // Whether this transfer's connection is kept is decided when its response comes.
    if (settings.request.reuses_connections()) curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 0L);
    // Waiting to multiplex pays only where HTTP/2 can be negotiated (ALPN, over TLS); on
    // plain http a URL would wait for the previous response on the same host to end.
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, job_.url.rfind("https:", 0) == 0 ? 1L : 0L);
    if (settings.request.verbosity() > 0) {  // what was sent comes only through libcurl's debug output
        curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, &Transfer::on_debug);
        curl_easy_setopt(e, CURLOPT_DEBUGDATA, this);
        curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
    }
}

// Here, where StoredFile is whole: the temporary file of a body not kept goes with the transfer.
Transfer::~Transfer() = default;

EasyHandle Transfer::release_handle() {
    // The handle outlives this transfer: nothing may point into it any more.
    curl_easy_setopt(easy_.get(), CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(easy_.get(), CURLOPT_OPENSOCKETDATA, nullptr);
    curl_easy_setopt(easy_.get(), CURLOPT_DEBUGDATA, nullptr);
    if (connect_to_) curl_easy_setopt(easy_.get(), CURLOPT_CONNECT_TO, nullptr);
    if (resolve_) curl_easy_setopt(easy_.get(), CURLOPT_RESOLVE, nullptr);
    return std::move(easy_);
}

// The rules are checked on the resolved addresses before the request, and again here, on the
// address libcurl is about to connect to: nothing reaches a refused address, however it was
// found.
curl_socket_t Transfer::on_open_socket(void* self, curlsocktype, curl_sockaddr* address) noexcept {
    auto* transfer = static_cast<Transfer*>(self);
    const AddressRules& rules = transfer->settings_.rules;
    if (!rules.empty()) {
        const std::optional<IpAddress> ip = IpAddress::of(&address->addr);
        if (!ip || !rules.allows(*ip)) {
            if (ip) transfer->refused_ = ip;
            return CURL_SOCKET_BAD;
        }
    }
    return transfer->host_.open_socket(*address);
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept {
    auto* transfer = static_cast<Transfer*>(self);
    const std::size_t bytes = size * count;
    const std::string_view line(data, bytes);
    transfer->response_seen_ = true;
    if (transfer->settings_.request.verbosity() > 0)
        transfer->keep_received(line, transfer->at_status_line_ && line.substr(0, 5) == "HTTP/");
    // Each response (redirects, 1xx) gets its own budget, from its status line: the first line
    // of a response. A header line that merely starts with "HTTP/" is a header like any other.
    if (transfer->at_status_line_ && line.substr(0, 5) == "HTTP/") {
        transfer->header_bytes_ = 0;
        transfer->response_headers_.clear();
        // The connection is alive now, which it may not be once the transfer is done.
        const CaptureOptions& capture = transfer->settings_.capture;
        if (capture.tls_version || capture.certificate)
            transfer->tls_ = read_tls(transfer->easy_.get(), capture.certificate);
    }
    transfer->at_status_line_ = line == "\r\n" || line == "\n";  // a blank line ends a response
    if (transfer->at_status_line_) transfer->response_headers_ended();
    transfer->header_bytes_ += bytes;
    if (transfer->header_bytes_ <= transfer->limits_.max_header_bytes) {
        if (transfer->settings_.store) transfer->response_headers_.append(line);
        return bytes;
    }
    transfer->headers_too_large_ = true;
    return 0;
}

// libcurl keeps a connection only where it will be used again soon: for a redirect to the same
// host and port, for another transfer on it (HTTP/2 streams, or requests waiting for it), or
// for another URL of this host waiting to start. Kept for a host that was
// seen once, connections would fill libcurl's cache, which it then walks after every transfer
// (routes.hpp). A URL of the host may arrive while the body is read: the question is asked
// again with each piece of it, until the answer is yes.
void Transfer::response_headers_ended() {
    const long status = info<long>(easy_.get(), CURLINFO_RESPONSE_CODE, 0);
    if (status >= 100 && status < 200) return;  // an interim response: the final one follows
    if (!settings_.request.reuses_connections()) return;
    connection_kept_ = false;
    // CURLINFO_REDIRECT_URL is only set once the transfer is done: read Location itself.
    curl_header* location = nullptr;
    if (status >= 300 && status < 400 && settings_.request.follows() &&
        curl_easy_header(easy_.get(), "Location", 0, CURLH_HEADER, -1, &location) == CURLHE_OK) {
        const UrlParts& here = job_.target;
        const std::optional<std::string> next = resolve_reference(location->value, job_.url);
        const UrlParts there = next ? url_parts(*next) : UrlParts{};
        connection_kept_ = there.host == here.host && there.port == here.port && there.scheme == here.scheme;
    }
    keep_connection_if_wanted();
}

void Transfer::keep_connection_if_wanted() {
    if (connection_kept_ || !host_.wants_connection(job_, destination_)) {
        curl_easy_setopt(easy_.get(), CURLOPT_FORBID_REUSE, connection_kept_ ? 0L : 1L);
        return;
    }
    connection_kept_ = true;
    curl_easy_setopt(easy_.get(), CURLOPT_FORBID_REUSE, 0L);
}

std::size_t Transfer::on_body(char* data, std::size_t size, std::size_t count, void* self) noexcept {
    auto* transfer = static_cast<Transfer*>(self);
    const std::size_t bytes = size * count;
    try {
        if (transfer->accept_body(data, bytes)) return bytes;
    } catch (...) {  // out of memory in the parser: end this transfer, not the program
    }
    transfer->write_refused_ = true;
    return CURL_WRITEFUNC_ERROR;
}

void Transfer::start_body() {
    body_started_ = true;
    // --store names the body by its digest.
    if (settings_.capture.body_sha256 || settings_.store) digest_ = std::make_unique<Sha256>();
    if (settings_.capture.counts) counts_ = std::make_unique<WordCount>();
    const char* type = nullptr;
    curl_easy_getinfo(easy_.get(), CURLINFO_CONTENT_TYPE, &type);
    const std::string_view content_type = type ? type : "";
    // A redirect's body is read only to keep the connection, as libcurl does when it follows.
    if (is_redirect()) return;
    if (job_.document) {
        keeping_document_ = true;
        return;
    }
    start_storing();
    if (content_type.empty() || is_html_content_type(content_type)) {
        const ExtractOptions& extract = settings_.extract;
        extractor_ = std::make_unique<TitleExtractor>(content_type, extract.expressions(), extract.max_title,
                                                      settings_.capture.head);
        extractor_->set_host(job_.target.host);  // this hop's: redirects are followed by us
        parsing_ = true;
    }
}

bool Transfer::accept_body(const char* data, std::size_t size) {
    if (!body_started_) start_body();
    if (!connection_kept_ && settings_.request.reuses_connections()) keep_connection_if_wanted();
    if (keeping_document_) return accept_document(data, size);
    if (settings_.capture.whole_body()) return accept_whole_body(data, size);
    const std::uint64_t parsed_before = body_bytes_;
    const std::uint64_t room = room_before_cap();
    body_bytes_ += size;
    if (!parsing_) return keep_reading_after_title(size);

    if (size <= room) {
        parsing_ = extractor_->feed({data, size});
        if (parsing_ && parsed_before == 0 && extractor_->waiting())
            host_.started(Phase::head, easy_.get(), serial_);
        return parsing_ || keep_reading_after_title(0);
    }
    // The cap is reached: decide with what was parsed and read no further.
    extractor_->feed({data, static_cast<std::size_t>(room)});
    extractor_->finish();
    parsing_ = false;
    stopped_early_ = true;
    return false;
}

// Every byte up to --max-body is hashed or kept, and the title is read on the way: no early
// stop, no drain budget; --timeout still bounds the transfer.
bool Transfer::accept_whole_body(const char* data, std::size_t size) {
    const auto room = static_cast<std::size_t>(std::min<std::uint64_t>(size, room_before_cap()));
    const std::string_view taken(data, room);
    body_bytes_ += size;
    if (digest_) digest_->update(taken);
    if (counts_) counts_->add(taken);
    if (stored_) stored_->write(taken);  // a failed write is kept, and told once the transfer ends
    if (settings_.capture.body_pattern) kept_body_.append(taken);
    if (parsing_) parsing_ = extractor_->feed(taken);
    if (taken.size() == size) return true;
    stopped_early_ = true;  // the cap: judge with what was read
    return false;
}

// A document's body goes to whoever asked for it, whole, up to its own cap.
bool Transfer::accept_document(const char* data, std::size_t size) {
    body_bytes_ += size;
    if (body_bytes_ > job_.document->max_bytes) {
        document_failure_ = "larger than " + std::to_string(job_.document->max_bytes >> 20) + " MiB decoded";
    } else if (!job_.document->write({data, size})) {
        document_failure_ = "its body could not be kept (a temporary file)";
    }
    write_refused_ = !document_failure_.empty();
    return document_failure_.empty();
}

void Transfer::check_whole_body(Record& record) {
    if (digest_) record.body_sha256 = digest_->hex();
    if (const Regex* pattern = settings_.capture.body_pattern.get()) {
        const std::optional<bool> found = pattern->search(kept_body_);
        record.body_check = !found ? BodyCheck::gave_up : *found ? BodyCheck::matched : BodyCheck::missed;
    }
}

// Counted for a whole response; a body that never started (204, Content-Length: 0) has none
// of either. -I asks for no body, so nothing is counted.
void Transfer::take_counts(Record& record) const {
    if (!settings_.capture.counts || settings_.request.head() || !record.status) return;
    record.words = counts_ ? static_cast<std::int64_t>(counts_->words()) : 0;
    record.lines = counts_ ? static_cast<std::int64_t>(counts_->lines()) : 0;
}

// The page's icon, which the worker fetches once the page is done: the first <link rel~=icon>
// of the head whose href makes an http(s) URL against the final URL (a data: icon is no URL to
// fetch), else /favicon.ico at the final URL's origin. This request's URL is the final one (the
// worker follows redirects itself), with its credentials: the record shows it redacted.
void Transfer::take_favicon_url(Record& record) const {
    if (!settings_.capture.favicon || job_.document || !record.status || !record.ok()) return;
    const UrlParts here = url_parts(job_.url);
    const auto usable = [&](const std::string& href) -> std::optional<std::string> {
        const std::optional<std::string> resolved = resolve_reference(href, job_.url);
        if (!resolved) return std::nullopt;
        Result<std::string> url = redirect_url(*resolved, here);  // http(s) only, IDN in punycode
        return url ? std::optional<std::string>(std::move(url).value()) : std::nullopt;
    };
    for (const std::string& href : extractor_ ? extractor_->icons() : std::vector<std::string>{}) {
        if (std::optional<std::string> url = usable(href)) return void(record.favicon_url = std::move(*url));
    }
    if (std::optional<std::string> url = usable("/favicon.ico")) record.favicon_url = std::move(*url);
}

void Transfer::start_storing() {
    if (settings_.store && !stored_) stored_ = settings_.store->create();
}

// The final response of a page (not a redirect followed, not a document): its body under its
// digest, its headers beside it. A response without a body (a 204, -I) is kept too, empty.
void Transfer::keep_stored(Record& record) {
    if (!settings_.store || job_.document || !record.status || is_redirect()) return;
    if (!body_started_) start_storing();
    const std::string hex = body_started_ ? record.body_sha256 : Sha256().hex();
    StoreFailure failure;
    record.stored = settings_.store->keep(*stored_, hex, response_headers_, failure);
    if (!record.stored.empty()) return;
    record.store_failed_path = std::move(failure.path);
    record.store_failure = std::move(failure.reason);
}

bool Transfer::head_waited() {
    if (!parsing_ || !extractor_->waiting()) return true;
    parsing_ = extractor_->stop_waiting();
    if (parsing_ || keep_reading_after_title(0)) return true;
    write_refused_ = true;
    return false;
}

bool Transfer::keep_reading_after_title(std::size_t size) {
    // The remainder is read only to keep the connection: one that will not be kept (a host
    // with nothing else waiting, the usual case on a list of distinct hosts) is closed now.
    if (!connection_kept_) {
        stopped_early_ = true;
        return false;
    }
    if (!draining_) {
        draining_ = true;
        host_.started(Phase::drain, easy_.get(), serial_);
    }
    drained_bytes_ += size;
    const curl_off_t length = info<curl_off_t>(easy_.get(), CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, -1);
    const bool long_remainder = length >= 0 && static_cast<std::uint64_t>(length) > body_bytes_ + drain_bytes;
    if (drained_bytes_ > drain_bytes || long_remainder) {
        stopped_early_ = true;
        return false;
    }
    return true;
}

Record assemble_record(const Job& job, const std::string& final_url) {
    Record record = record_of(job);
    record.attempts = requests_made(job);
    record.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - job.first_started)
                            .count();
    record.final_url = redact_credentials(final_url);
    const UrlParts parts = final_url == job.url ? job.target : url_parts(final_url);
    record.scheme = parts.scheme;
    record.port = parts.port;
    record.redirects = static_cast<long>(job.hops.size());
    record.redirect_chain = job.hops;
    record.time_dns = job.lookup_ms;
    return record;
}

Record Transfer::finish(CURLcode result) {
    const char* effective = info<const char*>(easy_.get(), CURLINFO_EFFECTIVE_URL, nullptr);
    Record record = assemble_record(job_, effective ? effective : job_.url);
    record.body_bytes = body_bytes_;
    fill_response(record);
    const bool ok = result == CURLE_OK || (result == CURLE_WRITE_ERROR && stopped_early_);
    if (!ok) {
        fill_error(record, result);
        return record;
    }
    check_whole_body(record);
    take_counts(record);
    keep_stored(record);
    if (extractor_) {
        extractor_->finish();
        if (!extractor_->failure().empty()) {
            record.error_kind = ErrorKind::budget;
            record.error = extractor_->failure();
        }
        record.title = extractor_->title();
        record.title_cut = extractor_->title_cut();
        record.charset = std::string(extractor_->encoding());
        record.charset_source = std::string(extractor_->encoding_source());
        take_extractions(record);
        take_head(record);
    }
    take_favicon_url(record);  // once the head's last bytes are parsed
    return record;
}

// The expressions' values, as ExtractOptions::expressions() ordered them: --xpath's first.
void Transfer::take_extractions(Record& record) const {
    const ExtractOptions& extract = settings_.extract;
    const std::vector<std::optional<std::string>>& values = extractor_->xpath_values();
    const std::size_t first_named = extract.xpath.empty() ? 0 : 1;
    if (first_named == 1) record.xpath_value = values.front();
    for (std::size_t i = 0; i < extract.extractions.size(); ++i)
        record.extracted.emplace_back(extract.extractions[i].name, values[first_named + i]);
}

// The head's facts; its URLs resolved against the final URL, as a browser follows them.
void Transfer::take_head(Record& record) const {
    record.head = extractor_->head();
    for (const auto& fact : named_values<HeadFact>()) {
        const HeadUrl url = rule_of(fact.id).url;
        std::optional<std::string>& value = record.head[fact.id];
        if (!value || url == HeadUrl::none) continue;
        const std::string target = url == HeadUrl::refresh ? refresh_target(*value) : *value;
        value = target.empty() ? std::optional(record.final_url) : resolve_reference(target, record.final_url);
    }
}

// What the response (or as much of one as came) says, success or not.
void Transfer::fill_response(Record& record) const {
    CURL* e = easy_.get();
    const long status = info<long>(e, CURLINFO_RESPONSE_CODE, 0);
    if (status > 0) record.status = status;
    if (const char* type = info<const char*>(e, CURLINFO_CONTENT_TYPE, nullptr)) record.content_type = type;
    record.content_length = info<curl_off_t>(e, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, -1);
    if (const char* ip = info<const char*>(e, CURLINFO_PRIMARY_IP, nullptr)) record.ip = ip;
    record.http_version = http_version_name(info<long>(e, CURLINFO_HTTP_VERSION, 0));
    if (status > 0) record.redirect_chain.push_back({record.final_url, status});
    for (const std::string& name : settings_.capture.headers) {
        if (std::optional<std::string> value = response_header(e, name)) record.headers.emplace_back(name, *value);
    }
    fill_times(record, e, job_.lookup_ms);
    record.tls_version = tls_.version;
    record.cert_expiry = tls_.expiry;
    record.cert_subject = tls_.subject;
    record.cert_issuer = tls_.issuer;
}

bool Transfer::is_redirect() const {
    // A document with its own redirect limit (robots.txt) follows them even under --no-follow.
    const bool follows = settings_.request.follows() || (job_.document && job_.document->max_redirects >= 0);
    if (!follows) return false;
    const long status = info<long>(easy_.get(), CURLINFO_RESPONSE_CODE, 0);
    return status >= 300 && status < 400 && status != 304 &&
           info<const char*>(easy_.get(), CURLINFO_REDIRECT_URL, nullptr) != nullptr;
}

std::optional<std::string> Transfer::redirect_target() const {
    if (!is_redirect()) return std::nullopt;
    return std::string(info<const char*>(easy_.get(), CURLINFO_REDIRECT_URL, ""));
}

bool Transfer::unanswered(CURLcode result) const {
    if (response_seen_ || body_started_) return false;
    switch (result) {
        case CURLE_GOT_NOTHING:  // closed after the request, before any byte of a response
        case CURLE_SEND_ERROR:   // reset under the request (libcurl's "connection died")
        case CURLE_RECV_ERROR:
        case CURLE_HTTP2:  // a GOAWAY or a refused stream on a connection being shut down
        case CURLE_HTTP2_STREAM:
            return true;
        default:
            return false;
    }
}

std::optional<std::chrono::seconds> Transfer::retry_after() const {
    const curl_off_t seconds = info<curl_off_t>(easy_.get(), CURLINFO_RETRY_AFTER, 0);
    if (seconds <= 0) return std::nullopt;
    return std::chrono::seconds(seconds);
}

void Transfer::fill_error(Record& record, CURLcode result) const {
    if (!document_failure_.empty()) {
        record.error_kind = ErrorKind::other;
        record.error = document_failure_;
        return;
    }
    if (headers_too_large_) {
        record.error_kind = ErrorKind::protocol;
        record.error = "response headers exceed " + std::to_string(limits_.max_header_bytes) + " bytes";
        return;
    }
    // libcurl 7.88 rejects a single header line over 100 KB as "out of memory".
    if (result == CURLE_OUT_OF_MEMORY && !body_started_) {
        record.error_kind = ErrorKind::protocol;
        record.error = "a response header line is too long";
        return;
    }
    // A write error our callback did not cause is libcurl failing to decode the body.
    if (result == CURLE_WRITE_ERROR && !write_refused_) {
        record.error_kind = ErrorKind::protocol;
        record.error = std::string("the body's content encoding is corrupt: ") +
                       (error_buffer_[0] ? error_buffer_ : curl_easy_strerror(result));
        return;
    }
    if (refused_ && result == CURLE_COULDNT_CONNECT) {
        record.error_kind = ErrorKind::blocked;
        record.error = refused_->to_string() + ": refused by " + settings_.rules.refusal(*refused_);
        return;
    }
    record.error_kind = classify(result, static_cast<long>(job_.hops.size()));
    record.error = in_host_terms(error_buffer_[0] ? error_buffer_ : curl_easy_strerror(result));
}

// libcurl's messages name the route it was told to connect to ("Failed to connect to
// r7.fetch.invalid port 443"); a record names the host the user gave.
std::string Transfer::in_host_terms(std::string message) const {
    const std::string& connect_to = destination_.connect_to;  // "::ROUTE:PORT"
    const auto port = connect_to.rfind(':');
    if (connect_to.size() < 3 || port == std::string::npos || port < 2) return message;
    const std::string route = connect_to.substr(2, port - 2);
    const std::string& host = destination_.host;
    for (auto at = message.find(route); at != std::string::npos; at = message.find(route, at + host.size()))
        message.replace(at, route.size(), host);
    return message;
}

}  // namespace fetch
