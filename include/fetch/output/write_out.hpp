// curl's -w/--write-out: a template printed once per URL in place of a record. curl's
// %{name} variables are mapped onto fetch's fields where they mean the same, in curl's units
// (seconds, 000 for no response), so a curl user's template reads as it did; fetch's own
// fields are %{title}, %{header:NAME} (curl's %header{NAME} too) and an --extract NAME.
// \n, \t, \r and \\ are escapes, %% a percent sign. Values from servers are escaped as in
// text records: a template cannot carry a server's control sequence to a terminal.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"
#include "fetch/base/span.hpp"
#include "fetch/output/fields.hpp"

namespace fetch {

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
