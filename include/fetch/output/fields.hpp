// The fields a record can show, defined once: every format (text, tsv, csv, jsonl) prints the
// fields --fields selects, in that order, from this table, and --help and the README list
// them from it. Adding a field is one row in src/output/fields.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"
#include "fetch/base/span.hpp"

namespace fetch {

struct FieldValue {
    enum class Type { null, number, text, boolean };
    Type type = Type::null;
    long long number = 0;
    std::string text;

    static FieldValue none() { return {}; }
    static FieldValue of(long long n) { return {Type::number, n, {}}; }
    static FieldValue of(std::string s) { return {Type::text, 0, std::move(s)}; }
    static FieldValue flag(bool b) { return {Type::boolean, b ? 1 : 0, {}}; }
    // For text output: the number or text, true or false, "" for null.
    std::string to_string() const;
};

// How the text format shows a field beyond its value: the status is coloured (ERR for a
// failure), and the title's column carries the error message of a failed record.
enum class TextRole { plain, status, message };

struct Field {
    std::string_view name;
    std::string_view description;
    FieldValue (*get)(const Record&);
    TextRole text_role = TextRole::plain;
};

Span<Field> all_fields();

// The fields a run prints, in order.
using FieldSelection = std::vector<const Field*>;

// "status,url,title" -> the fields, in order. Unknown names are a failure naming them.
Result<FieldSelection> parse_fields(std::string_view list);

// What each format shows without --fields: `xpath` when --xpath is given, in the title's place.
enum class Format;
FieldSelection default_fields(Format format, bool xpath);

}  // namespace fetch
