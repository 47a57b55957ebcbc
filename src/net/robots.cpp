#include "robots.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

// Bounds on what one origin's rules may cost, whatever its robots.txt holds: matching a path
// is at worst (pattern bytes x path bytes) per rule. Rules past these are ignored.
constexpr std::size_t max_rules = 1000;
constexpr std::size_t max_pattern = 512;

bool is_hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    return (c | 0x20) - 'a' + 10;
}

// RFC 3986's unreserved characters: their percent-encoding means the character itself.
bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

void append_escape(std::string& out, unsigned char byte) {
    constexpr char digits[] = "0123456789ABCDEF";
    out.push_back('%');
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0xF]);
}

bool is_token_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

std::string_view leading_token(std::string_view text) {
    std::size_t n = 0;
    while (n < text.size() && is_token_char(text[n]))
        ++n;
    return text.substr(0, n);
}

// One line without its comment, trimmed; its key (lower case) and value.
struct Line {
    std::string key;
    std::string_view value;
};

std::optional<Line> split_line(std::string_view line) {
    line = line.substr(0, line.find('#'));
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    return Line{ascii::lower(ascii::trim(line.substr(0, colon))), ascii::trim(line.substr(colon + 1))};
}

std::optional<double> delay_of(std::string_view value) {
    const std::string text(value);
    char* end = nullptr;
    const double seconds = std::strtod(text.c_str(), &end);
    if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(seconds) || seconds < 0)
        return std::nullopt;
    return seconds;
}

// Rules gathered while reading: those of the groups for us, and those for '*'.
struct Groups {
    RobotsRules ours;
    RobotsRules star;
    bool found_ours = false;
    bool found_star = false;
    // The group being read.
    bool reading_agents = false;  // the last line was a user-agent line
    bool for_us = false;
    bool for_star = false;
};

}  // namespace

std::string normalise_robots_path(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '%' && i + 2 < text.size() && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
            const auto byte = static_cast<unsigned char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
            if (unreserved(byte)) {
                out.push_back(static_cast<char>(byte));
            } else {
                append_escape(out, byte);
            }
            i += 2;
        } else if (c <= 0x20 || c >= 0x7F) {
            append_escape(out, c);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
    const bool wild = pattern.find('*') != std::string_view::npos || (!pattern.empty() && pattern.back() == '$');
    if (!wild) return path.substr(0, pattern.size()) == pattern;
    // The positions in `path` where the pattern read so far can end, ascending (Google's
    // robotstxt algorithm): a '*' opens every position from the first on.
    std::vector<std::size_t> ends{0};
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '$' && i + 1 == pattern.size()) return ends.back() == path.size();
        if (c == '*') {
            const std::size_t first = ends.front();
            ends.resize(path.size() - first + 1);
            for (std::size_t j = 0; j < ends.size(); ++j)
                ends[j] = first + j;
            continue;
        }
        std::size_t kept = 0;
        for (const std::size_t at : ends)
            if (at < path.size() && path[at] == c) ends[kept++] = at + 1;
        ends.resize(kept);
        if (ends.empty()) return false;
    }
    return true;
}

RobotsRules RobotsRules::disallow_all() {
    RobotsRules rules;
    rules.add(false, "/");
    return rules;
}

void RobotsRules::add(bool allow, std::string_view value) {
    if (value.empty() || rules_.size() >= max_rules) return;  // "Disallow:" alone disallows nothing
    std::string pattern = normalise_robots_path(value);
    if (pattern.front() != '/' && pattern.front() != '*') pattern.insert(0, "/");
    if (pattern.size() > max_pattern) return;
    rules_.push_back({static_cast<std::uint32_t>(patterns_.size()), static_cast<std::uint32_t>(pattern.size()), allow});
    patterns_.append(pattern);
}

RobotsRules::Decision RobotsRules::check(std::string_view raw_path) const {
    const std::string path = normalise_robots_path(raw_path.empty() ? "/" : raw_path);
    if (path == "/robots.txt") return {};
    const Rule* best = nullptr;
    for (const Rule& rule : rules_) {
        const bool better = !best || rule.length > best->length || (rule.length == best->length && rule.allow && !best->allow);
        if (better && robots_pattern_matches(pattern(rule), path)) best = &rule;
    }
    if (!best) return {};
    return {best->allow, std::string(best->allow ? "Allow: " : "Disallow: ").append(pattern(*best))};
}

namespace {

void read_line(Groups& groups, std::string_view text, std::string_view product_token) {
    const std::optional<Line> line = split_line(text);
    if (!line) return;
    if (line->key == "user-agent") {
        if (!groups.reading_agents) groups.for_us = groups.for_star = false;  // a new group
        groups.reading_agents = true;
        const std::string_view token = leading_token(line->value);
        if (!token.empty() && ascii::lower(token) == ascii::lower(product_token)) groups.for_us = groups.found_ours = true;
        if (!line->value.empty() && line->value.front() == '*') groups.for_star = groups.found_star = true;
        return;
    }
    const bool allow = line->key == "allow";
    if (!allow && line->key != "disallow" && line->key != "crawl-delay") return;  // sitemap, unknown keys
    groups.reading_agents = false;
    for (auto [wanted, rules] : {std::pair{groups.for_us, &groups.ours}, std::pair{groups.for_star, &groups.star}}) {
        if (!wanted) continue;
        if (line->key == "crawl-delay") {
            if (const auto delay = delay_of(line->value)) rules->set_crawl_delay(*delay);
        } else {
            rules->add(allow, line->value);
        }
    }
}

}  // namespace

RobotsRules parse_robots(std::string_view text, std::string_view product_token) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte order mark
    Groups groups;
    while (!text.empty()) {
        const auto end = text.find_first_of("\r\n");
        read_line(groups, text.substr(0, end), product_token);
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
    if (groups.found_ours) return std::move(groups.ours);
    return groups.found_star ? std::move(groups.star) : RobotsRules::allow_all();
}

std::string robots_product_token(std::string_view user_agent) {
    const std::string_view token = leading_token(ascii::trim(user_agent));
    return token.empty() ? "fetch" : std::string(token);
}

}  // namespace fetch
