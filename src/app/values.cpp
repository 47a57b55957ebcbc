#include "fetch/app/values.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <string>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

// A decimal number in plain notation ("10", "2.5", ".5"): no sign, exponent, hex, inf or nan,
// which strtod would also take.
std::optional<double> plain_number(std::string_view text) {
    if (text.empty() || text.find_first_not_of("0123456789.") != std::string_view::npos) return std::nullopt;
    if (text.find('.') != text.rfind('.') || text == ".") return std::nullopt;
    const std::string copy(text);
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(copy.c_str(), &end);
    if (errno != 0 || end != copy.c_str() + copy.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

// Splits "500ms" into 500 and "ms".
std::pair<std::string_view, std::string_view> number_and_unit(std::string_view text) {
    const auto unit = text.find_first_not_of("0123456789.");
    if (unit == std::string_view::npos) return {text, {}};
    return {text.substr(0, unit), ascii::trim(text.substr(unit))};
}

std::optional<double> seconds_per(std::string_view unit) {
    const std::string u = ascii::lower(unit);
    if (u.empty() || u == "s") return 1.0;
    if (u == "ms") return 0.001;
    if (u == "m" || u == "min") return 60.0;
    if (u == "h") return 3600.0;
    return std::nullopt;
}

std::optional<std::uint64_t> bytes_per(std::string_view unit) {
    const std::string u = ascii::lower(unit);
    if (u.empty() || u == "b") return 1;
    static constexpr std::string_view prefixes = "kmgt";
    const auto power = prefixes.find(u[0]);
    if (power == std::string_view::npos) return std::nullopt;
    const std::string_view rest = std::string_view(u).substr(1);
    if (!rest.empty() && rest != "b" && rest != "ib") return std::nullopt;
    return std::uint64_t{1} << (10 * (power + 1));
}

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text, bool allow_zero) {
    const auto [number, unit] = number_and_unit(ascii::trim(text));
    const std::optional<double> value = plain_number(number);
    const std::optional<double> scale = seconds_per(unit);
    const std::string expected =
        allow_zero ? "a duration (10, 2.5, 500ms, 2m)" : "a duration above 0 (10, 2.5, 500ms, 2m)";
    if (!value || !scale) return fail(quoted(text) + " is not " + expected);
    const double ms = *value * *scale * 1000.0;
    if (ms > 1e12 || (!allow_zero && ms < 0.5)) return fail(quoted(text) + " is not " + expected);
    return std::chrono::milliseconds(static_cast<long long>(ms + 0.5));
}

Result<std::uint64_t> parse_whole(std::string_view text, std::uint64_t min, std::uint64_t max) {
    const std::string expected =
        " is not a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    const std::string_view digits = ascii::trim(text);
    if (digits.empty() || digits.size() > 19 ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
        return fail(quoted(text) + expected);
    }
    const std::uint64_t value = std::stoull(std::string(digits));
    if (value < min || value > max) return fail(quoted(text) + expected);
    return value;
}

Result<std::uint64_t> parse_size(std::string_view text, std::uint64_t min, std::uint64_t max) {
    const auto [number, unit] = number_and_unit(ascii::trim(text));
    const std::optional<double> value = plain_number(number);
    const std::optional<std::uint64_t> scale = bytes_per(unit);
    const auto bytes = value && scale ? *value * static_cast<double>(*scale) : -1.0;
    if (bytes < static_cast<double>(min) || bytes > static_cast<double>(max)) {
        return fail(quoted(text) + " is not a size from " + std::to_string(min) + " to " +
                    std::to_string(max) + " bytes (suffixes k, M, G)");
    }
    return static_cast<std::uint64_t>(bytes);
}

Result<double> parse_rate(std::string_view text) {
    const std::string_view trimmed = ascii::trim(text);
    const auto slash = trimmed.find('/');
    const std::optional<double> count = plain_number(trimmed.substr(0, slash));
    const std::optional<double> seconds =
        slash == std::string_view::npos ? 1.0 : seconds_per(trimmed.substr(slash + 1));
    if (!count || !seconds || *seconds < 1) {
        return fail(quoted(text) + " is not a rate of 0 or more: N (per second), N/s, N/m or N/h");
    }
    return *count / *seconds;
}

Result<Shard> parse_shard(std::string_view text) {
    const auto slash = text.find('/');
    const auto k = slash == std::string_view::npos ? Result<std::uint64_t>(fail(""))
                                                   : parse_whole(text.substr(0, slash), 0, UINT64_MAX >> 1);
    const auto n = slash == std::string_view::npos ? Result<std::uint64_t>(fail(""))
                                                   : parse_whole(text.substr(slash + 1), 1, UINT64_MAX >> 1);
    if (!k || !n || *k >= *n) return fail(quoted(text) + " is not K/N with 0 <= K < N");
    return Shard{*k, *n};
}

}  // namespace fetch
