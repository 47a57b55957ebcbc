// The man page and the completions the build writes (build/share/) against the option table:
// each is rendered or run by the program that reads it (man, bash, fish, zsh), and what comes
// out must name every option and offer every value the table gives.
#include <gtest/gtest.h>
#include <unistd.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fetch/app/option_table.hpp"
#include "fetch/base/record.hpp"
#include "fetch/output/fields.hpp"
#include "run_fetch.hpp"

namespace fetch {
namespace {

using test::run_fetch_command;

const std::string share = FETCH_SHARE_DIR;
const std::string man_file = share + "/man/man1/fetch.1";
const std::string bash_file = share + "/bash-completion/completions/fetch";
const std::string zsh_file = share + "/zsh/vendor-completions/_fetch";
const std::string fish_file = share + "/fish/vendor_completions.d/fetch.fish";

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::istringstream in{std::string(text)};
    for (std::string part; std::getline(in, part, separator);)
        if (!part.empty()) parts.push_back(part);
    return parts;
}

// Every spelling of every option, aliases included.
std::set<std::string> spellings(bool long_only) {
    std::set<std::string> names;
    for (const OptionSpec& option : option_table()) {
        if (is_positional(option)) continue;
        for (const auto& source : {option.names, option.aliases})
            for (const std::string& name : split(source, ','))
                if (!long_only || name.rfind("--", 0) == 0) names.insert(name);
    }
    return names;
}

std::set<std::string> lines_of(const std::string& text) {
    std::set<std::string> lines;
    for (std::string& line : split(text, '\n'))
        lines.insert(line.substr(0, line.find('\t')));  // fish: "--jobs<TAB>description"
    return lines;
}

bool have(const std::string& program) {
    return access(program.c_str(), X_OK) == 0;
}

TEST(Reference, TheManPageRendersWithoutWarningsAndDocumentsEverything) {
    if (!have("/usr/bin/groff")) GTEST_SKIP() << "groff is not installed (apt-get install groff-base)";
    const auto warnings = run_fetch_command({"/usr/bin/groff", "-man", "-ww", "-z", man_file});
    EXPECT_EQ(warnings.exit_code, 0);
    EXPECT_EQ(warnings.err, "") << "groff warns about the generated page";
    const auto text = run_fetch_command({"/usr/bin/groff", "-man", "-Tascii", "-P-cbou", man_file});
    ASSERT_EQ(text.exit_code, 0) << text.err;
    for (const std::string& name : spellings(false))
        EXPECT_NE(text.out.find(name), std::string::npos) << name << " is not in fetch.1";
    for (const Field& field : all_fields())
        EXPECT_NE(text.out.find(field_label(field)), std::string::npos) << field.name;
    for (const auto& kind : named_values<ErrorKind>())
        EXPECT_NE(text.out.find(std::string(kind.name)), std::string::npos) << kind.name;
    for (const char* heading : {"SYNOPSIS", "OPTIONS", "FORMATS", "FIELDS", "ERROR KINDS", "EXIT STATUS"})
        EXPECT_NE(text.out.find(heading), std::string::npos) << heading;
}

// What bash's completion offers for the words typed so far (the last one being completed).
std::set<std::string> bash_offers(const std::vector<std::string>& words) {
    std::string array;
    for (const std::string& word : words)
        array += " '" + word + "'";
    const std::string script = "source '" + bash_file + "'; COMP_WORDS=(" + array +
                               "); COMP_CWORD=" + std::to_string(words.size() - 1) +
                               "; _fetch; printf '%s\\n' \"${COMPREPLY[@]}\"";
    const auto run = run_fetch_command({"/bin/bash", "--norc", "-c", script});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return lines_of(run.out);
}

TEST(Reference, BashCompletesEveryOptionAndTheirValues) {
    EXPECT_EQ(bash_offers({"fetch", "-"}), spellings(false));
    for (const OptionSpec& option : option_table()) {
        if (!option.values) continue;
        const std::vector<std::string> values = option.values();
        const std::string name(long_name(option));
        EXPECT_EQ(bash_offers({"fetch", name, ""}), std::set<std::string>(values.begin(), values.end()))
            << name;
    }
    EXPECT_EQ(bash_offers({"fetch", "--fields", "status,fin"}), std::set<std::string>{"status,final_url"});
    EXPECT_EQ(bash_offers({"fetch", "--parallel-max", "1"}), std::set<std::string>{})
        << "a number: nothing to offer";
}

std::set<std::string> fish_offers(const std::string& line) {
    const auto run = run_fetch_command(
        {"/usr/bin/fish", "--no-config", "-c", "source '" + fish_file + "'; complete -C'" + line + "'"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return lines_of(run.out);
}

TEST(Reference, FishCompletesEveryLongOptionAndTheirValues) {
    if (!have("/usr/bin/fish")) GTEST_SKIP() << "fish is not installed (apt-get install fish)";
    EXPECT_EQ(fish_offers("fetch --"), spellings(true));
    for (const OptionSpec& option : option_table()) {
        if (!option.values) continue;
        const std::vector<std::string> values = option.values();
        const std::string name(long_name(option));
        EXPECT_EQ(fish_offers("fetch " + name + " "), std::set<std::string>(values.begin(), values.end()))
            << name;
    }
}

TEST(Reference, ZshCompletionParsesAndNamesEveryOption) {
    if (!have("/usr/bin/zsh")) GTEST_SKIP() << "zsh is not installed (apt-get install zsh)";
    const auto syntax = run_fetch_command({"/usr/bin/zsh", "-n", zsh_file});
    EXPECT_EQ(syntax.exit_code, 0) << syntax.err;
    const std::string script = test::read_file(zsh_file);
    for (const std::string& name : spellings(false))
        EXPECT_NE(script.find("'*" + name + "["), std::string::npos) << name;
}

}  // namespace
}  // namespace fetch
