#include "parsers.hpp"

#include <cstdint>

namespace fetch::test {

namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out += {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    } else if (cp < 0x10000) {
        out += {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                static_cast<char>(0x80 | (cp & 0x3F))};
    } else {
        out += {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
                static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
    }
}

}  // namespace

std::optional<std::string> json_string_or_null(const std::string& text, std::size_t pos) {
    if (text.compare(pos, 4, "null") == 0) return std::nullopt;
    std::string out;
    const auto hex4 = [&](std::size_t at) {
        return static_cast<std::uint32_t>(std::stoul(text.substr(at, 4), nullptr, 16));
    };
    for (std::size_t i = pos + 1; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] != '\\') {
            out.push_back(text[i]);
            continue;
        }
        const char escape = text[++i];
        switch (escape) {
            case 'n':
                out.push_back('\n');
                break;
            case 't':
                out.push_back('\t');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 'b':
                out.push_back('\b');
                break;
            case 'f':
                out.push_back('\f');
                break;
            case 'u': {
                std::uint32_t cp = hex4(i + 1);
                i += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF && text.compare(i + 1, 2, "\\u") == 0) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(i + 3) - 0xDC00);
                    i += 6;
                }
                append_utf8(out, cp);
                break;
            }
            default:
                out.push_back(escape);
        }
    }
    return out;
}

std::optional<std::string> json_field(const std::string& line, const std::string& key) {
    const auto at = line.find("\"" + key + "\":");
    if (at == std::string::npos) return std::nullopt;
    return json_string_or_null(line, at + key.size() + 3);
}

long long json_number(const std::string& line, const std::string& key) {
    const auto at = line.find("\"" + key + "\":");
    if (at == std::string::npos) return -1;
    const std::string rest = line.substr(at + key.size() + 3);
    return rest.rfind("null", 0) == 0 ? -1 : std::stoll(rest);
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                rows.back().back().push_back('"');
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                rows.back().back().push_back(c);
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            rows.emplace_back(1);
            ++i;
        } else {
            rows.back().back().push_back(c);
        }
    }
    rows.pop_back();  // after the last CRLF
    return rows;
}

}  // namespace fetch::test
