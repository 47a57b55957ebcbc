// The title corpus (tests/corpus): every page served over HTTP with its recorded headers,
// fetched in one run, and each title compared with the one an HTML5 parser (html5lib)
// computed. Every disagreement is printed; at least 99% must agree.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

struct Page {
    std::string file, content_type, content_encoding, note;
    std::optional<std::string> expected;
};

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

// A JSON value that is null or a string, from `text` at `pos` (an independent oracle: it
// shares no code with fetch's escaper).
std::optional<std::string> parse_json_string_or_null(const std::string& text, std::size_t pos) {
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

std::vector<Page> read_manifest() {
    std::ifstream in(std::string(FETCH_CORPUS_DIR) + "/manifest.tsv");
    std::vector<Page> pages;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> columns;
        std::istringstream fields(line);
        for (std::string column; std::getline(fields, column, '\t');)
            columns.push_back(column);
        columns.resize(5);
        pages.push_back(
            {columns[0], columns[1], columns[2], columns[4], parse_json_string_or_null(columns[3], 0)});
    }
    return pages;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

std::string describe(const std::optional<std::string>& title) {
    return title ? "\"" + *title + "\"" : "(none)";
}

TEST(TitleCorpus, AgreesWithAnHtml5ParserOnAtLeast99Percent) {
    const std::vector<Page> pages = read_manifest();
    ASSERT_GE(pages.size(), 200u);
    std::map<std::string, const Page*> by_path;
    for (const Page& page : pages)
        by_path["/" + page.file] = &page;

    TestServer server([&](const Request& request) {
        Response response;
        const auto it = by_path.find(request.path);
        if (it == by_path.end()) return Response::html("missing", 404);
        response.body = slurp(std::string(FETCH_CORPUS_DIR) + "/pages/" + it->second->file);
        response.default_content_type = false;
        if (!it->second->content_type.empty())
            response.headers.emplace_back("Content-Type", it->second->content_type);
        if (!it->second->content_encoding.empty()) {
            response.headers.emplace_back("Content-Encoding", it->second->content_encoding);
        }
        return response;
    });
    std::string list;
    for (const Page& page : pages)
        list += server.url("/" + page.file) + "\n";
    TempFile list_file(list);

    const RunResult run = run_fetch({"--format", "jsonl", "--order", "input", "-j", "16", list_file.path()});
    const std::vector<std::string> lines = run.lines();
    ASSERT_EQ(lines.size(), pages.size()) << run.err;

    std::size_t agreed = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const auto at = lines[i].find("\"title\":");
        ASSERT_NE(at, std::string::npos) << lines[i];
        const std::optional<std::string> actual = parse_json_string_or_null(lines[i], at + 8);
        if (actual == pages[i].expected) {
            ++agreed;
        } else {
            std::cout << "disagreement: " << pages[i].file << " (" << pages[i].note << ")\n  expected "
                      << describe(pages[i].expected) << "\n  fetch    " << describe(actual) << "\n";
        }
    }
    std::cout << agreed << " of " << pages.size() << " titles agree\n";
    EXPECT_GE(agreed * 100, pages.size() * 99);
}

}  // namespace
}  // namespace fetch::test
