// The fields a record can show, defined once: each output format (text, tsv, csv, jsonl)
// prints the fields --fields names, in that order, from this table. Adding a field is one row
// in fields.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fetch/app/options.hpp"
#include "fetch/base/record.hpp"

namespace fetch {

struct FieldValue {
    enum class Type { null, number, text };
    Type type = Type::null;
    long long number = 0;
    std::string text;

    static FieldValue none() { return {}; }
    static FieldValue of(long long n) { return {Type::number, n, {}}; }
    static FieldValue of(std::string s) { return {Type::text, 0, std::move(s)}; }
    // For text output: the number or text, "" for null.
    std::string to_string() const;
};

struct Field {
    std::string_view name;
    std::string_view description;
    FieldValue (*get)(const Record&);
};

const std::vector<Field>& all_fields();

// "status,url,title" -> the fields, in order. Unknown names are an error naming them.
std::vector<const Field*> parse_fields(std::string_view list, std::string& error);

// What each format shows without --fields.
std::vector<const Field*> default_fields(const Options& options);

}  // namespace fetch
