// The fields a record can show, defined once: every format (text, tsv, csv, jsonl) prints the
// fields --fields selects, in that order, from this table, and --help and the README list
// them from it. Adding a field is one row in src/output/fields.cpp. curl's -w templates
// (WriteOut, below; src/output/write_out.cpp) print the same fields under curl's names.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"
#include "fetch/base/span.hpp"

namespace fetch {

struct FieldValue {
    // `structured` is a JSON array or object, kept in `json`, and shown as `text` elsewhere.
    enum class Type { null, number, real, text, boolean, structured };
    Type type = Type::null;
    long long number = 0;
    double real = 0;
    std::string text;
    std::string json;

    static FieldValue none() { return {}; }
    static FieldValue of(long long n) { return {Type::number, n, 0, {}, {}}; }
    static FieldValue of_real(double d) { return {Type::real, 0, d, {}, {}}; }
    static FieldValue of(std::string s) { return {Type::text, 0, 0, std::move(s), {}}; }
    static FieldValue flag(bool b) { return {Type::boolean, b ? 1 : 0, 0, {}, {}}; }
    static FieldValue structured(std::string text, std::string json) {
        return {Type::structured, 0, 0, std::move(text), std::move(json)};
    }
    // For text output: the number (reals with three decimals) or text, true or false, "" for null.
    std::string to_string() const;
};

// How the text format shows a field beyond its value: the status is coloured (ERR for a
// failure), and the title's column carries the error message of a failed record.
enum class TextRole { plain, status, message };

// What the network stage must collect for a field, beyond what every record has.
enum class FieldNeed { nothing, header, tls_version, certificate, body_sha256, head, counts, favicon };

struct Field {
    std::string_view name;  // for a field with an argument, what comes before ':' ("header")
    // What `get` gives when the value is not null: the SQLite column's type, and the type
    // scripts can count on (tests/unit check every getter against it).
    FieldValue::Type type;
    std::string_view description;
    FieldValue (*get)(const Record&, std::string_view argument);
    TextRole text_role = TextRole::plain;
    FieldNeed need = FieldNeed::nothing;
    std::string_view header = {};  // the response header it shows; "" for header:NAME's argument
    bool takes_argument = false;   // "header:NAME"
};

Span<Field> all_fields();

// The row named `name` ("status", "header" for header:NAME); null when there is none.
const Field* find_field(std::string_view name);

// How --help and the README name a field: "status", "header:NAME".
inline std::string field_label(const Field& field) {
    return std::string(field.name) + (field.takes_argument ? ":NAME" : "");
}

// One field as --fields names it.
struct SelectedField {
    const Field* field = nullptr;
    std::string argument;  // NAME of header:NAME, lower-case
    std::string key;       // the column or JSON key: "status", "header:x-cache"

    FieldValue value(const Record& record) const { return field->get(record, argument); }
    // The response header it needs, or "".
    std::string header() const { return field->takes_argument ? argument : std::string(field->header); }
};

// The fields a run prints, in order.
using FieldSelection = std::vector<SelectedField>;

// What --fields says: "status,url,title" names the fields, in order; "+ip,+server" adds them
// to the format's defaults; "all" is every field that takes no argument. Unknown and repeated
// names are a failure naming them.
struct ParsedFields {
    FieldSelection fields;
    bool adding = false;  // "+a,+b"
};
Result<ParsedFields> parse_fields(std::string_view list);

// Appends the fields of `added` that `fields` does not have yet.
void add_fields(FieldSelection& fields, const FieldSelection& added);

// What each format shows without --fields: `xpath` when --xpath is given, in the title's place.
enum class Format;
FieldSelection default_fields(Format format, bool xpath);

// curl's -w/--write-out: a template printed once per URL in place of a record. curl's
// %{name} variables are mapped onto fetch's fields where they mean the same, in curl's units
// (seconds, 000 for no response), so a curl user's template reads as it did; fetch's own
// fields are %{title}, %{header:NAME} (curl's %header{NAME} too) and an --extract NAME.
// \n, \t, \r and \\ are escapes, %% a percent sign. Values from servers are escaped as in
// text records: a template cannot carry a server's control sequence to a terminal.

// One of curl's variables that fetch has: its name, the field it reads, and how curl writes it.
struct CurlVariable {
    std::string_view name;   // "time_namelookup"
    std::string_view field;  // "time_dns"
    std::string_view note;   // how the value differs from the field, for the README: "seconds"
    std::string (*write)(const Record& record);
};

Span<CurlVariable> curl_variables();

class WriteOut {
public:
    // `extractions` are the --extract names, which a template may use as %{NAME}.
    static Result<WriteOut> parse(std::string_view text, const std::vector<std::string>& extractions);

    // Appends the template, its variables replaced by `record`'s values.
    void write(const Record& record, std::string& out) const;
    // The fields its variables read: what the network stage must collect.
    const FieldSelection& fields() const { return fields_; }

private:
    struct Piece {
        std::string literal;                 // text to copy, when no variable
        const CurlVariable* curl = nullptr;  // a curl variable
        std::optional<SelectedField> field;  // or one of fetch's fields
    };
    Result<void> add_variable(std::string_view name, const std::vector<std::string>& extractions);

    std::vector<Piece> pieces_;
    FieldSelection fields_;
};

}  // namespace fetch
