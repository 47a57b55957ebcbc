// One request: its easy handle, its title extractor and the policy for its body. A URL takes
// one request per redirect hop, per retry and for the http:// fallback; the worker chains them.
//
// Body policy. While the title is unknown, every byte is parsed (up to --max-body). Once it
// is known, or the body is not HTML, the rest is not parsed. When the connection is to be
// kept (another URL of the host waits), a remainder of at most drain_bytes, arriving within a
// second, is read and discarded, so the connection stays reusable; a larger or slower one, or
// any remainder on a connection that will not be kept, ends the transfer there. Either way that is a success, not an
// error: `stopped_early_` tells the aborted write apart from a real write failure. Response
// headers are capped (--max-header-bytes) the same way, as an error.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/html/options.hpp"
#include "fetch/html/title.hpp"
#include "fetch/net/options.hpp"
#include "curl_handles.hpp"
#include "request.hpp"
#include "sha256.hpp"
#include "tls_info.hpp"
#include "word_count.hpp"

namespace fetch {

// The two moments of a body that have a time budget, kept by whoever runs the transfer:
//   head:  the first body bytes came, but fewer than the 1024 the encoding is decided on; if
//          no more come in time, the page is read with what is there (Transfer::head_waited);
//   drain: the title is known (or the body is not HTML) and the rest is read only to keep the
//          connection; if it does not end in time, the transfer is cut (Transfer::cut).
enum class Phase { head, drain };

// Where libcurl connects (routes.hpp): the CURLOPT_CONNECT_TO line naming the route, and the
// CURLOPT_RESOLVE lines (removals of dead routes, then the route's pin). Both empty when
// libcurl resolves names itself (through a proxy).
struct Destination {
    std::string host;  // the request's host (an IPv6 literal without brackets) and port
    long port = 0;
    std::string connect_to;
    std::vector<std::string> resolve;
};

// The record of `job`'s URL as its last request left it: the fields that come from the job and
// its requests (position, URL as shown, attempts, time, `final_url` and its scheme and port,
// the redirects, the lookup's time), the same for every path that ends a URL, a response
// (Transfer::finish, which adds what the response said) or a failure before any request
// (Worker::fail_before_request).
Record assemble_record(const Job& job, const std::string& final_url);

// The worker, as its transfers see it.
class TransferHost {
public:
    virtual void started(Phase phase, CURL* easy, std::uint64_t serial) = 0;
    // Opens a socket for libcurl, once the address is allowed (CURLOPT_OPENSOCKETFUNCTION).
    virtual curl_socket_t open_socket(const curl_sockaddr& address) = 0;
    // Whether a connection to `destination` is worth keeping for `job`'s host: another
    // transfer is using it, or a URL of the host waits to start.
    virtual bool wants_connection(const Job& job, const Destination& destination) = 0;

protected:
    ~TransferHost() = default;
};

class BodyStore;
class StoredFile;

// What every transfer of a run reads: the options, owned by the pool.
struct TransferSettings {
    const RequestTemplate& request;
    const TransferLimits& limits;
    const ExtractOptions& extract;
    const CaptureOptions& capture;
    const AddressRules& rules;
    const BodyStore* store;  // --store; null when bodies are not kept
};

class Transfer {
public:
    static constexpr std::uint64_t drain_bytes = 64 * 1024;

    // Points `easy`, which carries the options every URL shares (RequestTemplate), at
    // `job.url`, connecting to `destination`. `serial` tells this transfer from any other that
    // later uses the same handle.
    Transfer(Job job, EasyHandle easy, const TransferSettings& settings, TransferHost& host,
             const Destination& destination, std::uint64_t serial);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    CURL* easy() const { return easy_.get(); }
    const Job& job() const { return job_; }
    std::uint64_t serial() const { return serial_; }
    // The remainder took longer than its budget: the transfer ends here, and what was read
    // stands (status, title). finish() is then called with CURLE_WRITE_ERROR.
    void cut() { write_refused_ = stopped_early_ = true; }
    // The head took longer than its budget: parse what came. False when the transfer should
    // end now (the title is known and the rest is too long to drain): cut it.
    bool head_waited();

    // Builds the record once libcurl reports the attempt done.
    Record finish(CURLcode result);
    // -v: this request as curl -v shows one, on stderr (verbose.cpp): the address, the request
    // line, the status line and the timings; -vv adds the headers both ways.
    void describe(const Record& record) const;
    // Where a redirect response points, when it is one the worker should follow.
    std::optional<std::string> redirect_target() const;
    // The request failed before a byte of its response came, in a way that shows the server
    // never processed it: a connection closed or reset under it, an HTTP/2 stream refused or
    // beyond a GOAWAY's last stream. Such a request is safe to send again, as browsers do.
    bool unanswered(CURLcode result) const;
    // The server's Retry-After, if it sent one.
    std::optional<std::chrono::seconds> retry_after() const;
    // Whether libcurl keeps the connection for another request (decided as the response's
    // headers end: kept for a host with work waiting, or for a redirect to the same place).
    bool connection_kept() const { return connection_kept_; }
    // Hands the easy handle back for the next transfer; its shared options stay set.
    EasyHandle release_handle();
    Job release_job() { return std::move(job_); }

private:
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    static curl_socket_t on_open_socket(void* self, curlsocktype purpose, curl_sockaddr* address) noexcept;
    static int on_debug(CURL* easy, curl_infotype type, char* data, std::size_t size, void* self) noexcept;
    void keep_received(std::string_view line, bool status_line);
    bool accept_body(const char* data, std::size_t size);
    bool accept_whole_body(const char* data, std::size_t size);
    bool accept_document(const char* data, std::size_t size);
    // Decoded body bytes still to take before --max-body.
    std::uint64_t room_before_cap() const {
        return limits_.max_body_bytes - std::min(limits_.max_body_bytes, body_bytes_);
    }
    void check_whole_body(Record& record);
    void take_counts(Record& record) const;
    void take_favicon_url(Record& record) const;
    void start_storing();
    void keep_stored(Record& record);
    void take_extractions(Record& record) const;
    void take_head(Record& record) const;
    bool keep_reading_after_title(std::size_t size);
    void start_body();
    bool is_redirect() const;
    void response_headers_ended();
    void keep_connection_if_wanted();
    void fill_response(Record& record) const;
    void fill_error(Record& record, CURLcode result) const;
    std::string in_host_terms(std::string message) const;

    Job job_;
    EasyHandle easy_;
    const TransferSettings& settings_;
    const TransferLimits& limits_;
    TransferHost& host_;
    const std::uint64_t serial_;
    Destination destination_;
    CurlList connect_to_;
    CurlList resolve_;
    bool connection_kept_ = false;
    std::optional<IpAddress> refused_;  // an address the rules kept libcurl from connecting to
    TlsFacts tls_;                      // of the connection the last response came on
    bool draining_ = false;                      // host_ was told
    std::unique_ptr<TitleExtractor> extractor_;  // null until the body starts, or not HTML
    bool body_started_ = false;
    bool keeping_document_ = false;  // the body goes to job_.document
    std::string document_failure_;  // why the document's body was refused
    bool parsing_ = false;
    bool stopped_early_ = false;
    bool headers_too_large_ = false;
    bool write_refused_ = false;      // on_body returned an error (to stop, or out of memory)
    bool at_status_line_ = true;      // the next header line starts a response
    bool response_seen_ = false;      // a byte of a response came
    std::uint64_t header_bytes_ = 0;  // of the current response
    std::uint64_t body_bytes_ = 0;
    std::uint64_t drained_bytes_ = 0;
    // --expect-body, body_sha256, words and lines read the whole body, up to --max-body.
    std::unique_ptr<Sha256> digest_;
    std::string kept_body_;  // for --expect-body
    std::unique_ptr<WordCount> counts_;
    // --store: the body on its way into the store, and the final response's header lines.
    std::unique_ptr<StoredFile> stored_;
    std::string response_headers_;
    // -v: the request's header lines as sent (the request line first), and the final
    // response's as received (the status line first).
    std::vector<std::string> sent_;
    std::vector<std::string> received_;
    char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace fetch
