// robots.txt (RFC 9309), as --robots reads it: a pure parser and the rules it keeps per origin.
//
// Parsing: lines end at LF, CR LF or CR; '#' starts a comment; "key: value" with the key in any
// case (user-agent, allow, disallow, crawl-delay; others, sitemap included, are ignored). A
// group is one or more user-agent lines and the rules after them; rules before any user-agent
// line belong to no group. The groups whose product token (the value's leading letters, '_'
// and '-') equals ours, ignoring case, are merged; when none does, the '*' groups are; when
// there is no '*' group either, everything is allowed.
//
// Matching (RFC 9309 2.2.2): the path and query of a URL against each rule's pattern, where
// '*' matches any run of bytes and a final '$' anchors the end; otherwise a pattern matches a
// prefix. The longest matching pattern (in bytes, as normalised) decides, and Allow wins over
// Disallow at equal length; no match allows. Both sides are normalised first, so that a byte
// and its percent-encoding compare equal where RFC 3986 says they are the same: percent-escapes
// of unreserved characters are decoded, other escapes get upper-case hex digits, and bytes
// outside printable ASCII are percent-encoded. /robots.txt itself is always allowed.
//
// What is kept is compact (one string of patterns and a small index), so that a run over a
// million hosts can keep many of them (worker.cpp bounds the cache).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fetch {

class RobotsRules {
public:
    static RobotsRules allow_all() { return {}; }
    static RobotsRules disallow_all();

    struct Decision {
        bool allowed = true;
        std::string rule;  // "Disallow: /private" that decided; "" when no rule matched
    };
    // `path` is the URL's path and query ("/a/b?c=d"); an empty one is "/".
    Decision check(std::string_view path) const;

    std::optional<double> crawl_delay() const { return crawl_delay_; }
    std::size_t rule_count() const { return rules_.size(); }
    std::size_t memory() const { return patterns_.capacity() + rules_.capacity() * sizeof(Rule) + sizeof *this; }

    // For the parser: a rule as written (normalised here; empty and oversized ones ignored),
    // and the first Crawl-delay of the groups read.
    void add(bool allow, std::string_view pattern);
    void set_crawl_delay(double seconds) {
        if (!crawl_delay_) crawl_delay_ = seconds;
    }

private:
    struct Rule {
        std::uint32_t begin = 0;
        std::uint32_t length = 0;
        bool allow = false;
    };
    std::string_view pattern(const Rule& rule) const { return std::string_view(patterns_).substr(rule.begin, rule.length); }

    std::string patterns_;  // every rule's normalised pattern, back to back
    std::vector<Rule> rules_;
    std::optional<double> crawl_delay_;
};

// The rules of `text` for the crawler named `product_token` ("fetch"). Never fails: what is
// not understood is ignored, as RFC 9309 asks.
RobotsRules parse_robots(std::string_view text, std::string_view product_token);

// The product token of a User-Agent header: its leading letters, '_' and '-' ("fetch" of
// "fetch/0.1.0"); "fetch" when it has none.
std::string robots_product_token(std::string_view user_agent);

// A pattern or path normalised for comparison (above); '*' and '$' are left as they are.
std::string normalise_robots_path(std::string_view text);

// Whether `pattern` (normalised) matches the start of `path` (normalised), or all of it
// after a final '$'.
bool robots_pattern_matches(std::string_view pattern, std::string_view path);

}  // namespace fetch
