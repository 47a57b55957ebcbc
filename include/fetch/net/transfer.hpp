// One attempt at one URL: its easy handle, its title extractor and the policy for its body.
//
// Body policy. While the title is unknown, every byte is parsed (up to --max-body). Once it
// is known, or the body is not HTML, the rest is not parsed: a remainder of at most
// drain_bytes is read and discarded, so the connection stays reusable for the next URL to the
// same host; a larger one ends the transfer at once. Either way that is a success, not an
// error: `stopped_early_` tells the aborted write apart from a real write failure. Response
// headers are capped (--max-header-bytes) the same way, as an error.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>

#include "fetch/base/record.hpp"
#include "fetch/html/options.hpp"
#include "fetch/html/title.hpp"
#include "fetch/net/curl_handles.hpp"
#include "fetch/net/options.hpp"

namespace fetch {

class Transfer {
public:
    static constexpr std::uint64_t drain_bytes = 64 * 1024;

    // Points `easy`, which carries the options every URL shares (RequestTemplate), at `job`.
    Transfer(Job job, EasyHandle easy, const TransferLimits& limits, const ExtractOptions& extract);
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    CURL* easy() const { return easy_.get(); }
    const Job& job() const { return job_; }

    // Builds the record once libcurl reports the attempt done.
    Record finish(CURLcode result);
    // The server's Retry-After, if it sent one.
    std::optional<std::chrono::seconds> retry_after() const;
    // Hands the easy handle back for the next transfer; its shared options stay set.
    EasyHandle release_handle();
    Job release_job() { return std::move(job_); }

private:
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* self) noexcept;
    bool accept_body(const char* data, std::size_t size);
    bool keep_reading_after_title(std::size_t size);
    void start_body();
    void fill_error(Record& record, CURLcode result) const;

    Job job_;
    EasyHandle easy_;
    const TransferLimits& limits_;
    const ExtractOptions& extract_;
    std::unique_ptr<TitleExtractor> extractor_;  // null until the body starts, or not HTML
    bool body_started_ = false;
    bool parsing_ = false;
    bool stopped_early_ = false;
    bool headers_too_large_ = false;
    bool write_refused_ = false;      // on_body returned an error (to stop, or out of memory)
    bool at_status_line_ = true;      // the next header line starts a response
    std::uint64_t header_bytes_ = 0;  // of the current response
    std::uint64_t body_bytes_ = 0;
    std::uint64_t drained_bytes_ = 0;
    char error_buffer_[CURL_ERROR_SIZE] = {};
};

}  // namespace fetch
