#include "fetch/net/transfer.hpp"

#include <string>

#include "fetch/base/redact.hpp"
#include "fetch/net/classify.hpp"

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

}  // namespace

Transfer::Transfer(Job job, EasyHandle easy, const TransferLimits& limits, const ExtractOptions& extract,
                   TransferClock& clock, std::uint64_t serial)
    : job_(std::move(job)),
      easy_(std::move(easy)),
      limits_(limits),
      extract_(extract),
      clock_(clock),
      serial_(serial) {
    if (job_.attempt == 1) job_.first_started = std::chrono::steady_clock::now();
    CURL* e = easy_.get();
    curl_easy_setopt(e, CURLOPT_URL, job_.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, this);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Transfer::on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &Transfer::on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error_buffer_);
    // Waiting to multiplex pays only where HTTP/2 can be negotiated (ALPN, over TLS); on
    // plain http a URL would wait for the previous response on the same host to end.
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, job_.url.rfind("https:", 0) == 0 ? 1L : 0L);
}

EasyHandle Transfer::release_handle() {
    // The handle outlives this transfer: nothing may point into it any more.
    curl_easy_setopt(easy_.get(), CURLOPT_ERRORBUFFER, nullptr);
    return std::move(easy_);
}

std::size_t Transfer::on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept {
    auto* transfer = static_cast<Transfer*>(self);
    const std::size_t bytes = size * count;
    const std::string_view line(data, bytes);
    // Each response (redirects, 1xx) gets its own budget, from its status line: the first line
    // of a response. A header line that merely starts with "HTTP/" is a header like any other.
    if (transfer->at_status_line_ && line.substr(0, 5) == "HTTP/") transfer->header_bytes_ = 0;
    transfer->at_status_line_ = line == "\r\n" || line == "\n";  // a blank line ends a response
    transfer->header_bytes_ += bytes;
    if (transfer->header_bytes_ <= transfer->limits_.max_header_bytes) return bytes;
    transfer->headers_too_large_ = true;
    return 0;
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
    const char* type = nullptr;
    curl_easy_getinfo(easy_.get(), CURLINFO_CONTENT_TYPE, &type);
    const std::string_view content_type = type ? type : "";
    if (content_type.empty() || is_html_content_type(content_type)) {
        extractor_ = std::make_unique<TitleExtractor>(content_type, extract_.xpath, extract_.max_title);
        parsing_ = true;
    }
}

bool Transfer::accept_body(const char* data, std::size_t size) {
    if (!body_started_) start_body();
    body_bytes_ += size;
    if (!parsing_) return keep_reading_after_title(size);

    const std::uint64_t parsed_before = body_bytes_ - size;
    const std::uint64_t room = limits_.max_body_bytes - std::min(limits_.max_body_bytes, parsed_before);
    if (size <= room) {
        parsing_ = extractor_->feed({data, size});
        if (parsing_ && parsed_before == 0 && extractor_->waiting())
            clock_.started(Phase::head, easy_.get(), serial_);
        return parsing_ || keep_reading_after_title(0);
    }
    // The cap is reached: decide with what was parsed and read no further.
    extractor_->feed({data, static_cast<std::size_t>(room)});
    extractor_->finish();
    parsing_ = false;
    stopped_early_ = true;
    return false;
}

bool Transfer::head_waited() {
    if (!parsing_ || !extractor_->waiting()) return true;
    parsing_ = extractor_->stop_waiting();
    if (parsing_ || keep_reading_after_title(0)) return true;
    write_refused_ = true;
    return false;
}

bool Transfer::keep_reading_after_title(std::size_t size) {
    if (!draining_) {
        draining_ = true;
        clock_.started(Phase::drain, easy_.get(), serial_);
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

Record Transfer::finish(CURLcode result) {
    CURL* e = easy_.get();
    Record record;
    record.index = job_.index;
    record.origin = job_.origin;
    record.url = job_.display_url;
    record.attempts = job_.attempt;
    record.elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - job_.first_started)
                            .count();
    record.body_bytes = body_bytes_;
    if (const char* effective = info<const char*>(e, CURLINFO_EFFECTIVE_URL, nullptr)) {
        record.final_url = redact_credentials(effective);
    }
    const long status = info<long>(e, CURLINFO_RESPONSE_CODE, 0);
    if (status > 0) record.status = status;
    if (const char* type = info<const char*>(e, CURLINFO_CONTENT_TYPE, nullptr)) record.content_type = type;
    record.content_length = info<curl_off_t>(e, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, -1);
    if (const char* ip = info<const char*>(e, CURLINFO_PRIMARY_IP, nullptr)) record.ip = ip;
    record.http_version = http_version_name(info<long>(e, CURLINFO_HTTP_VERSION, 0));
    record.redirects = info<long>(e, CURLINFO_REDIRECT_COUNT, 0);

    const bool ok = result == CURLE_OK || (result == CURLE_WRITE_ERROR && stopped_early_);
    if (!ok) {
        fill_error(record, result);
        return record;
    }
    if (extractor_) {
        extractor_->finish();
        record.title = extractor_->title();
        record.title_cut = extractor_->title_cut();
        record.charset = std::string(extractor_->encoding());
        record.charset_source = std::string(extractor_->encoding_source());
        record.xpath_value = extractor_->xpath_value();
    }
    return record;
}

std::optional<std::chrono::seconds> Transfer::retry_after() const {
    const curl_off_t seconds = info<curl_off_t>(easy_.get(), CURLINFO_RETRY_AFTER, 0);
    if (seconds <= 0) return std::nullopt;
    return std::chrono::seconds(seconds);
}

void Transfer::fill_error(Record& record, CURLcode result) const {
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
    const long redirects = info<long>(easy_.get(), CURLINFO_REDIRECT_COUNT, 0);
    record.error_kind = classify(result, redirects);
    record.error = error_buffer_[0] ? error_buffer_ : curl_easy_strerror(result);
}

}  // namespace fetch
