// The title corpus (tests/corpus): every page served over HTTP with its recorded headers,
// fetched in one run, and each title compared with the one an HTML5 parser (html5lib)
// computed. Every disagreement is printed; at least 99% must agree.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "parsers.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

struct Page {
    std::string file, content_type, content_encoding, note;
    std::optional<std::string> expected;
};

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
        pages.push_back({columns[0], columns[1], columns[2], columns[4], json_string_or_null(columns[3], 0)});
    }
    return pages;
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
        response.body = read_file(std::string(FETCH_CORPUS_DIR) + "/pages/" + it->second->file);
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

    // The corpus compares titles whole: one of its pages has a title past the default cap.
    const RunResult run = run_fetch(
        {"--format", "jsonl", "--order", "input", "-j", "16", "--max-title", "1M", list_file.path()});
    const std::vector<std::string> lines = run.lines();
    ASSERT_EQ(lines.size(), pages.size()) << run.err;

    std::size_t agreed = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const auto at = lines[i].find("\"title\":");
        ASSERT_NE(at, std::string::npos) << lines[i];
        const std::optional<std::string> actual = json_string_or_null(lines[i], at + 8);
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
