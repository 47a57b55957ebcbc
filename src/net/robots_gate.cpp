#include "robots_gate.hpp"

#include "url_parts.hpp"

namespace fetch {

RobotsTarget robots_target(const std::string& url) {
    const UrlParts parts = url_parts(url);
    const bool v6 = parts.host.find(':') != std::string::npos;
    RobotsTarget target;
    target.origin = parts.scheme + "://" + (v6 ? "[" + parts.host + "]" : parts.host) + ":" + std::to_string(parts.port);
    // The path and query: from the first '/' or '?' after the authority, up to the fragment.
    const auto authority = url.find("://");
    const auto start = url.find_first_of("/?#", authority == std::string::npos ? 0 : authority + 3);
    std::string rest = start == std::string::npos ? "" : url.substr(start);
    rest = rest.substr(0, rest.find('#'));
    target.path = rest.empty() || rest.front() != '/' ? "/" + rest : rest;
    return target;
}

const RobotsGate::Answer* RobotsGate::find(const std::string& origin) const {
    const auto found = answers_.find(origin);
    return found == answers_.end() ? nullptr : &found->second;
}

bool RobotsGate::park(const std::string& origin, Job job) {
    auto& waiting = parked_[origin];
    waiting.push_back(std::move(job));
    return waiting.size() == 1;
}

std::vector<Job> RobotsGate::settle(const std::string& origin, Answer answer) {
    std::vector<Job> released;
    if (auto node = parked_.extract(origin); !node.empty()) released = std::move(node.mapped());
    if (answers_.count(origin) == 0) {
        bytes_ += answer.rules.memory() + answer.reason.size() + origin.size();
        answers_.emplace(origin, std::move(answer));
        order_.push_back(origin);
    }
    while (!order_.empty() && (answers_.size() > max_origins_ || bytes_ > max_bytes_))
        forget_oldest();
    return released;
}

void RobotsGate::forget_oldest() {
    const auto found = answers_.find(order_.front());
    if (found != answers_.end()) {
        bytes_ -= std::min(bytes_, found->second.rules.memory() + found->second.reason.size() + found->first.size());
        answers_.erase(found);
    }
    order_.pop_front();
}

RobotsGate::Answer robots_answer(const Record& record, std::string body, bool cut, const std::string& product_token) {
    RobotsGate::Answer answer;
    const long status = record.status.value_or(0);
    if (record.error_kind == ErrorKind::redirects) return answer;  // "unavailable": as a 4xx
    if (!record.ok() && !cut) {
        answer.refusal = record.error_kind;
        answer.reason = "robots.txt got no answer (" + std::string(error_kind_name(record.error_kind)) + ": " +
                        record.error + ")";
        return answer;
    }
    if (status >= 500) {
        answer.refusal = ErrorKind::robots;
        answer.reason = "robots.txt answered HTTP " + std::to_string(status);
        return answer;
    }
    if (status < 200 || status >= 300) return answer;  // 4xx (and anything else): allow everything
    if (cut) body.erase(body.find_last_of("\r\n") == std::string::npos ? 0 : body.find_last_of("\r\n"));
    answer.rules = parse_robots(body, product_token);
    return answer;
}

}  // namespace fetch
