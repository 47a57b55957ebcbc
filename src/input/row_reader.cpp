#include "fetch/input/row_reader.hpp"

#include <cstdint>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

// A cursor over one line of JSON: just enough of RFC 8259 to find one member of an object
// and skip every other value, nested ones included.
class JsonCursor {
public:
    explicit JsonCursor(std::string_view text) : text_(text) {}

    void skip_space() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\r'))
            ++at_;
    }
    bool take(char c) {
        skip_space();
        if (at_ >= text_.size() || text_[at_] != c) return false;
        ++at_;
        return true;
    }
    bool peek(char c) {
        skip_space();
        return at_ < text_.size() && text_[at_] == c;
    }
    bool at_end() {
        skip_space();
        return at_ == text_.size();
    }

    // A string literal, unescaped into UTF-8.
    Result<std::string> string() {
        if (!take('"')) return fail("a string was expected");
        std::string out;
        while (at_ < text_.size() && text_[at_] != '"') {
            const char c = text_[at_++];
            if (static_cast<unsigned char>(c) < 0x20) return fail("a control character in a string");
            if (c != '\\') {
                out += c;
            } else if (const Result<void> escaped = escape(out); !escaped) {
                return fail(escaped.error());
            }
        }
        if (!take('"')) return fail("a string does not end");
        return out;
    }

    // Any value, without keeping it.
    Result<void> skip_value() {
        skip_space();
        if (peek('"')) return string() ? Result<void>() : fail("a bad string");
        if (peek('{') || peek('[')) return skip_nested();
        const std::size_t start = at_;
        while (at_ < text_.size() && std::string_view(",}] \t\r").find(text_[at_]) == std::string_view::npos)
            ++at_;
        if (at_ == start) return fail("a value was expected");
        return {};
    }

private:
    Result<void> escape(std::string& out) {
        if (at_ >= text_.size()) return fail("a string does not end");
        const char c = text_[at_++];
        switch (c) {
            case '"':
            case '\\':
            case '/':
                out += c;
                return {};
            case 'b':
                out += '\b';
                return {};
            case 'f':
                out += '\f';
                return {};
            case 'n':
                out += '\n';
                return {};
            case 'r':
                out += '\r';
                return {};
            case 't':
                out += '\t';
                return {};
            case 'u':
                return unicode(out);
            default:
                return fail("a bad escape in a string");
        }
    }

    std::optional<std::uint32_t> hex4() {
        if (at_ + 4 > text_.size()) return std::nullopt;
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[at_++];
            const int digit = c >= '0' && c <= '9'   ? c - '0'
                              : c >= 'a' && c <= 'f' ? c - 'a' + 10
                              : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                     : -1;
            if (digit < 0) return std::nullopt;
            value = value * 16 + static_cast<std::uint32_t>(digit);
        }
        return value;
    }

    // \uXXXX, a surrogate pair as one code point; a lone surrogate becomes U+FFFD.
    Result<void> unicode(std::string& out) {
        std::optional<std::uint32_t> code = hex4();
        if (!code) return fail("a bad \\u escape");
        if (*code >= 0xD800 && *code < 0xDC00 && text_.substr(at_, 2) == "\\u") {
            at_ += 2;
            const std::optional<std::uint32_t> low = hex4();
            if (!low) return fail("a bad \\u escape");
            code = *low >= 0xDC00 && *low < 0xE000 ? 0x10000 + ((*code - 0xD800) << 10) + (*low - 0xDC00)
                                                   : 0xFFFD;
        } else if (*code >= 0xD800 && *code < 0xE000) {
            code = 0xFFFD;
        }
        append_utf8(out, *code);
        return {};
    }

    static void append_utf8(std::string& out, std::uint32_t code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    // An object or array: brackets counted, strings skipped whole.
    Result<void> skip_nested() {
        int depth = 0;
        do {
            skip_space();
            if (at_ >= text_.size()) return fail("an object or array does not end");
            const char c = text_[at_];
            if (c == '"') {
                if (!string()) return fail("a bad string");
                continue;
            }
            ++at_;
            if (c == '{' || c == '[') ++depth;
            if (c == '}' || c == ']') --depth;
        } while (depth > 0);
        return {};
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

}  // namespace

Result<std::string> json_member(std::string_view line, std::string_view key) {
    JsonCursor json(line);
    if (!json.take('{')) return fail("not a JSON object");
    bool first = true;
    while (!json.take('}')) {
        if (!first && !json.take(',')) return fail("not a JSON object: a ',' or '}' was expected");
        first = false;
        Result<std::string> name = json.string();
        if (!name) return fail("not a JSON object: " + name.error());
        if (!json.take(':')) return fail("not a JSON object: a ':' was expected");
        if (*name == key) {
            if (!json.peek('"')) return fail("its \"" + std::string(key) + "\" is not a string");
            return json.string();
        }
        if (const Result<void> skipped = json.skip_value(); !skipped)
            return fail("not a JSON object: " + skipped.error());
    }
    return fail("it has no \"" + std::string(key) + "\" key");
}

Result<std::vector<std::string>> csv_cells(std::string_view line) {
    std::vector<std::string> cells(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') {
                cells.back() += c;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                cells.back() += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"' && cells.back().empty()) {
            quoted = true;
        } else if (c == ',') {
            cells.emplace_back();
        } else {
            cells.back() += c;
        }
    }
    if (quoted) return fail("a quoted CSV cell does not end on its line");
    return cells;
}

Result<std::optional<std::string>> RowReader::url_of(std::string_view line) {
    switch (format_) {
        case InputFormat::lines:
            return std::optional<std::string>(line);
        case InputFormat::jsonl: {
            Result<std::string> url = json_member(line, field_);
            if (!url) return fail(url.error());
            return std::optional<std::string>(std::move(url).value());
        }
        case InputFormat::csv: {
            Result<std::vector<std::string>> cells = csv_cells(line);
            if (!cells) return fail(cells.error());
            return from_columns(*cells);
        }
        case InputFormat::tsv: {
            std::vector<std::string> cells;
            for (std::string_view rest = line;;) {
                const auto tab = rest.find('\t');
                cells.emplace_back(rest.substr(0, tab));
                if (tab == std::string_view::npos) break;
                rest.remove_prefix(tab + 1);
            }
            return from_columns(cells);
        }
    }
    return fail("unknown input format");
}

Result<std::optional<std::string>> RowReader::from_columns(const std::vector<std::string>& cells) {
    if (!header_seen_) {
        header_seen_ = true;
        for (std::size_t i = 0; i < cells.size() && !column_; ++i)
            if (ascii::trim(cells[i]) == field_) column_ = i;
        return std::optional<std::string>();
    }
    if (!column_) return fail("the header row has no \"" + field_ + "\" column");
    if (*column_ >= cells.size())
        return fail("the row has no column " + std::to_string(*column_ + 1) + " (\"" + field_ + "\")");
    return std::optional<std::string>(cells[*column_]);
}

}  // namespace fetch
