#include "fetch/base/expectation.hpp"

#include <algorithm>
#include <cctype>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

std::optional<long> status_code(std::string_view text) {
    if (text.size() != 3 ||
        !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
        return std::nullopt;
    }
    const long value = std::stol(std::string(text));
    return value >= 100 && value <= 599 ? std::optional<long>(value) : std::nullopt;
}

// One item: "200", "2xx", "200-299".
std::optional<std::pair<long, long>> parse_item(std::string_view item) {
    if (item.size() == 3 && std::isdigit(static_cast<unsigned char>(item[0])) &&
        ascii::lower(item.substr(1)) == "xx") {
        const long hundred = (item[0] - '0') * 100;
        if (hundred >= 100 && hundred <= 500) return std::make_pair(hundred, hundred + 99);
        return std::nullopt;
    }
    if (const auto dash = item.find('-'); dash != std::string_view::npos) {
        const auto low = status_code(item.substr(0, dash)), high = status_code(item.substr(dash + 1));
        if (low && high && *low <= *high) return std::make_pair(*low, *high);
        return std::nullopt;
    }
    if (const auto code = status_code(item)) return std::make_pair(*code, *code);
    return std::nullopt;
}

}  // namespace

Result<Expectation> Expectation::parse(std::string_view spec) {
    Expectation result;
    result.spec_ = std::string(spec);
    result.ranges_.clear();
    while (!spec.empty()) {
        const auto comma = spec.find(',');
        const std::string_view item = ascii::trim(spec.substr(0, comma));
        spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
        if (ascii::lower(item) == "any") {
            result.any_ = true;
        } else if (const auto range = parse_item(item)) {
            result.ranges_.push_back(*range);
        } else {
            return fail("\"" + std::string(item) +
                        "\" is not a status from 100 to 599 (200), a class (2xx), a range (200-299) or any");
        }
    }
    if (!result.any_ && result.ranges_.empty()) {
        return fail("needs at least one status");
    }
    return result;
}

bool Expectation::accepts(long status) const {
    if (any_) return true;
    return std::any_of(ranges_.begin(), ranges_.end(),
                       [&](const auto& range) { return status >= range.first && status <= range.second; });
}

Result<std::shared_ptr<const UrlExpectation>> parse_url_expectation(std::string_view text) {
    auto expectation = std::make_shared<UrlExpectation>();
    const auto tab = text.find('\t');
    const std::string_view status = ascii::trim(text.substr(0, tab));
    if (!status.empty()) {
        Result<Expectation> parsed = Expectation::parse(status);
        if (!parsed) return fail("its expected status: " + parsed.error());
        expectation->status = std::move(parsed).value();
    }
    if (tab != std::string_view::npos) {
        Result<std::shared_ptr<const Regex>> title = Regex::compile(text.substr(tab + 1));
        if (!title) return fail("its expected title: " + title.error());
        expectation->title = std::move(title).value();
    }
    return std::shared_ptr<const UrlExpectation>(std::move(expectation));
}

}  // namespace fetch
