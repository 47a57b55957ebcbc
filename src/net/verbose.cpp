// -v, as curl -v shows a transfer, but one request at a time and after it ends: requests of
// many URLs run at once, so each line names its URL's input position (#3), and a request's
// lines are written together. Every line goes through fetch's logger, which escapes it like
// any other stderr line: header values and status lines are the server's text.
#include <spdlog/spdlog.h>

#include <cstdio>

#include "transfer.hpp"

namespace fetch {

namespace {

// "12.345 ms", or "-" for a phase not reached.
std::string ms(double value) {
    if (value < 0) return "-";
    char text[32];
    std::snprintf(text, sizeof text, "%.3f ms", value);
    return text;
}

std::vector<std::string> header_lines(std::string_view block) {
    std::vector<std::string> lines;
    while (!block.empty()) {
        const auto end = block.find('\n');
        std::string_view line = block.substr(0, end);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!line.empty()) lines.emplace_back(line);
        block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 1);
    }
    return lines;
}

// The addresses a request was pinned to: its route's CURLOPT_RESOLVE line,
// "+ROUTE:PORT:ADDRESS,...", is the last of the destination's (routes.hpp).
std::string pinned_addresses(const Destination& destination) {
    if (destination.resolve.empty()) return {};
    const std::string& pin = destination.resolve.back();
    const auto port = pin.find(':');
    const auto addresses = port == std::string::npos ? port : pin.find(':', port + 1);
    return addresses == std::string::npos ? std::string() : pin.substr(addresses + 1);
}

}  // namespace

int Transfer::on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* self) noexcept {
    if (type != CURLINFO_HEADER_OUT || !self) return 0;
    try {
        for (std::string& line : header_lines({data, size}))
            static_cast<Transfer*>(self)->sent_.push_back(std::move(line));
    } catch (...) {  // out of memory: -v shows less, the transfer goes on
    }
    return 0;
}

void Transfer::keep_received(std::string_view line, bool status_line) {
    try {
        if (status_line) received_.clear();  // an interim response (100 Continue): the final one follows
        for (std::string& kept : header_lines(line))
            received_.push_back(std::move(kept));
    } catch (...) {
    }
}

void Transfer::describe(const Record& record) const {
    const std::string who = "#" + std::to_string(job_.index) + " ";
    const bool headers = settings_.request.verbosity() > 1;
    const std::string pinned = pinned_addresses(destination_);
    spdlog::info("{}* {}: {}", who, job_.url,
                 !record.ip.empty() ? record.ip + " port " + std::to_string(record.port)
                 : pinned.empty()   ? std::string("not connected")
                                    : "not connected (resolved to " + pinned + ")");
    for (std::size_t i = 0; i < sent_.size() && (i == 0 || headers); ++i)
        (i == 0 ? spdlog::info("{}> {}", who, sent_[i]) : spdlog::debug("{}> {}", who, sent_[i]));
    for (std::size_t i = 0; i < received_.size() && (i == 0 || headers); ++i)
        (i == 0 ? spdlog::info("{}< {}", who, received_[i]) : spdlog::debug("{}< {}", who, received_[i]));
    curl_off_t total_us = 0;
    curl_easy_getinfo(easy_.get(), CURLINFO_TOTAL_TIME_T, &total_us);
    const double total = std::max(job_.lookup_ms, 0.0) + static_cast<double>(total_us) / 1000.0;
    spdlog::info("{}* dns {}, connect {}, tls {}, first byte {}, total {}", who, ms(record.time_dns),
                 ms(record.time_connect), ms(record.time_tls), ms(record.time_ttfb), ms(total));
    if (!record.ok()) spdlog::info("{}* {}: {}", who, error_kind_name(record.error_kind), record.error);
}

}  // namespace fetch
