// Fuzz target for the robots.txt parser and matcher (--robots reads what any server sends).
// The input's first line is a URL path, the rest a robots.txt. Oracles: parsing and matching
// end (bounded: the rule and pattern caps), the same text gives the same decision twice,
// /robots.txt is always allowed, a deciding rule is named as an Allow or Disallow line, and
// what is kept stays within its bounds.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "net/robots.hpp"

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto newline = input.find('\n');
    const std::string_view path = input.substr(0, newline);
    const std::string_view robots = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

    const fetch::RobotsRules rules = fetch::parse_robots(robots, "fetch");
    const fetch::RobotsRules::Decision decision = rules.check(path);
    check(decision.allowed == fetch::parse_robots(robots, "FETCH").check(path).allowed);
    check(rules.check("/robots.txt").allowed);
    check(rules.rule_count() <= 1000);
    if (!decision.rule.empty())
        check(decision.rule.rfind(decision.allowed ? "Allow: " : "Disallow: ", 0) == 0);
    else
        check(decision.allowed);
    if (const auto delay = rules.crawl_delay()) check(*delay >= 0);
    const std::string normal = fetch::normalise_robots_path(path);
    for (const char c : normal)
        check(static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F);
    return 0;
}
