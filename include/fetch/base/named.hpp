// Enumerations written once, as tables. Each enum's values, their stable names (what users
// type and scripts match) and their descriptions (what --help and the README show) are one
// row each in an X-macro list; the enum, its table and its size all come from that list, so a
// new value is one row and no array is sized by hand.
//
//   #define FETCH_COLOURS(X) X(automatic, "auto", "...") X(always, "always", "...")
//   FETCH_NAMED_ENUM(Color, FETCH_COLOURS)   // enum class Color; named_values<Color>()
//
// Where the code decides something by the value (is this error kind worth a retry? does this
// format have a header row?), the decision is a column of the same row, not a switch with a
// `default:` that a new value silently falls into: FETCH_NAMED_ENUM_WITH_RULES takes rows with
// further columns, which initialise the value's rule (rule_of(id)).
//
//   #define FETCH_SIZES(X) X(small, "small", "...", Wraps::no, 10) X(big, "big", "...", Wraps::yes, 80)
//   FETCH_NAMED_ENUM_WITH_RULES(Size, FETCH_SIZES, SizeRule)   // struct SizeRule { Wraps wraps; int width; };
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fetch {

template <typename E>
struct Named {
    E id;
    std::string_view name;
    std::string_view description;
};

// Specialised for each enum by FETCH_NAMED_ENUM: its table, in declaration order.
template <typename E>
struct NamedTable;

template <typename E>
constexpr const auto& named_values() {
    return NamedTable<E>::values;
}

template <typename E>
constexpr std::size_t named_count() {
    return NamedTable<E>::values.size();
}

template <typename E>
constexpr std::string_view name_of(E id) {
    return NamedTable<E>::values[static_cast<std::size_t>(id)].name;
}

template <typename E>
constexpr std::string_view description_of(E id) {
    return NamedTable<E>::values[static_cast<std::size_t>(id)].description;
}

// Specialised by FETCH_NAMED_ENUM_WITH_RULES: each value's rule, in declaration order.
template <typename E>
struct RuleTable;

template <typename E>
constexpr const auto& rule_of(E id) {
    return RuleTable<E>::values[static_cast<std::size_t>(id)];
}

// Exact match on the stable name; callers fold case first where users may type either.
template <typename E>
std::optional<E> named_value(std::string_view name) {
    for (const Named<E>& entry : NamedTable<E>::values) {
        if (entry.name == name) return entry.id;
    }
    return std::nullopt;
}

// The names joined by `separator` ("text, tsv, jsonl"), for messages and help.
template <typename E>
std::string named_list(std::string_view separator) {
    std::string out;
    for (const Named<E>& entry : NamedTable<E>::values) {
        if (!out.empty()) out.append(separator);
        out.append(entry.name);
    }
    return out;
}

}  // namespace fetch

#define FETCH_NAMED_ENUM_ID(id, name, description) id,
#define FETCH_NAMED_ENUM_ROW(id, name, description) Named<Enum>{Enum::id, name, description},
#define FETCH_NAMED_ENUM_COUNT(id, name, description) +1

// Declares `enum class Type` and its table from LIST, inside namespace fetch.
#define FETCH_NAMED_ENUM(Type, LIST)                                                        \
    enum class Type { LIST(FETCH_NAMED_ENUM_ID) };                                          \
    template <>                                                                             \
    struct NamedTable<Type> {                                                               \
        using Enum = Type;                                                                  \
        static constexpr std::array<Named<Enum>, 0 LIST(FETCH_NAMED_ENUM_COUNT)> values = { \
            {LIST(FETCH_NAMED_ENUM_ROW)}};                                                  \
    }

#define FETCH_RULED_ENUM_ID(id, name, description, ...) id,
#define FETCH_RULED_ENUM_ROW(id, name, description, ...) Named<Enum>{Enum::id, name, description},
#define FETCH_RULED_ENUM_COUNT(id, name, description, ...) +1
#define FETCH_RULED_ENUM_RULE(id, name, description, ...) Rule{__VA_ARGS__},

// FETCH_NAMED_ENUM, with each row's further columns initialising a `RuleType` (rule_of()).
#define FETCH_NAMED_ENUM_WITH_RULES(Type, LIST, RuleType)                                      \
    enum class Type { LIST(FETCH_RULED_ENUM_ID) };                                             \
    template <>                                                                                \
    struct NamedTable<Type> {                                                                  \
        using Enum = Type;                                                                     \
        static constexpr std::array<Named<Enum>, 0 LIST(FETCH_RULED_ENUM_COUNT)> values = {    \
            {LIST(FETCH_RULED_ENUM_ROW)}};                                                     \
    };                                                                                         \
    template <>                                                                                \
    struct RuleTable<Type> {                                                                   \
        using Rule = RuleType;                                                                 \
        static constexpr std::array<Rule, 0 LIST(FETCH_RULED_ENUM_COUNT)> values = {           \
            {LIST(FETCH_RULED_ENUM_RULE)}};                                                    \
    }
