// A small JSON reader for test data (tests/cli/cases.json): objects, arrays, strings, numbers,
// true, false and null. Independent of fetch's own JSON writer.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace fetch::test {

struct Json {
    using Array = std::vector<Json>;
    using Object = std::map<std::string, Json>;
    std::variant<std::nullptr_t, bool, double, std::string, Array, Object> value;

    bool has(const std::string& key) const;
    const Json& operator[](const std::string& key) const;  // throws when missing
    const std::string& text() const { return std::get<std::string>(value); }
    const Array& array() const { return std::get<Array>(value); }
    double number() const { return std::get<double>(value); }
    bool is_null() const { return std::holds_alternative<std::nullptr_t>(value); }
};

// Throws std::runtime_error naming the offset of the first syntax error.
Json parse_json(const std::string& text);

}  // namespace fetch::test
