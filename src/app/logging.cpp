#include "fetch/app/logging.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "fetch/base/escape.hpp"

namespace fetch {

namespace {

std::string_view colour_of(spdlog::level::level_enum level) {
    switch (level) {
        case spdlog::level::err:
        case spdlog::level::critical:
            return "\x1b[1;31m";
        case spdlog::level::warn:
            return "\x1b[1;33m";
        case spdlog::level::info:
            return "\x1b[32m";
        default:
            return "\x1b[36m";
    }
}

class StderrSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit StderrSink(bool colour) : colour_(colour) {}

protected:
    void sink_it_(const spdlog::details::log_msg& message) override {
        line_.assign("fetch: ");
        const spdlog::string_view_t level = spdlog::level::to_string_view(message.level);
        if (colour_) line_.append(colour_of(message.level));
        line_.append(level.data(), level.size());
        if (colour_) line_.append("\x1b[0m");
        line_.append(": ");
        append_text_field(line_, std::string_view(message.payload.data(), message.payload.size()));
        line_.push_back('\n');
        std::fwrite(line_.data(), 1, line_.size(), stderr);
    }
    void flush_() override { std::fflush(stderr); }

private:
    bool colour_;
    std::string line_;
};

}  // namespace

void setup_logging(const ConsoleOptions& console, bool colour) {
    auto logger = std::make_shared<spdlog::logger>("fetch", std::make_shared<StderrSink>(colour));
    if (console.quiet) {
        logger->set_level(spdlog::level::err);
    } else {
        logger->set_level(console.verbosity >= 2   ? spdlog::level::debug
                          : console.verbosity == 1 ? spdlog::level::info
                                                   : spdlog::level::warn);
    }
    spdlog::set_default_logger(logger);
}

}  // namespace fetch
