// Command-line behaviour as data, in the manner of trurl's tests.json: each case of
// tests/cli/cases.json gives arguments (and optionally stdin or a list file) and says what
// stdout and stderr must match (ECMAScript regular expressions) and the exit status. In both,
// {server} is the test server's base URL and {list} the path of the case's list file.
#include <gtest/gtest.h>

#include <regex>

#include "json.hpp"
#include "run_fetch.hpp"
#include "test_server.hpp"

namespace fetch::test {
namespace {

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
    return text;
}

std::string regex_escape(const std::string& text) {
    static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
    return std::regex_replace(text, special, R"(\$&)");
}

void expect_match(const std::string& name, const char* stream, const std::string& pattern,
                  const std::string& actual) {
    EXPECT_TRUE(std::regex_search(actual, std::regex(pattern)))
        << name << ": " << stream << " does not match /" << pattern << "/:\n"
        << actual;
}

TEST(Cases, CommandLineBehaviour) {
    const Json cases = parse_json(read_file(FETCH_CLI_CASES));
    TestServer server;
    const std::string base = server.url("");
    const std::string base_pattern = regex_escape(base);
    ASSERT_GT(cases.array().size(), 20u);
    for (const Json& c : cases.array()) {
        const std::string name = c["name"].text();
        const std::string list_content = c.has("list") ? replace_all(c["list"].text(), "{server}", base) : "";
        TempFile list(list_content);
        const auto substitute = [&](const std::string& text) {
            return replace_all(replace_all(text, "{server}", base), "{list}", list.path());
        };
        std::vector<std::string> args;
        for (const Json& arg : c["args"].array())
            args.push_back(substitute(arg.text()));
        std::optional<std::string> input;
        if (c.has("stdin")) input = substitute(c["stdin"].text());
        const RunResult run = run_fetch(args, input);
        EXPECT_EQ(run.exit_code, static_cast<int>(c["exit"].number())) << name << "\n" << run.err;
        const auto pattern = [&](const char* key) {
            return replace_all(replace_all(c[key].text(), "{server}", base_pattern), "{list}",
                               regex_escape(list.path()));
        };
        if (c.has("stdout")) expect_match(name, "stdout", pattern("stdout"), run.out);
        if (c.has("stderr")) expect_match(name, "stderr", pattern("stderr"), run.err);
    }
}

}  // namespace
}  // namespace fetch::test
