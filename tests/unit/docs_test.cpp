// The README's reference lists come from the program's tables: every option, field, error
// kind and exit status is documented, with the table's own words for fields and statuses, and
// the README documents nothing the program does not have.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "fetch/app/exit_status.hpp"
#include "fetch/app/option_table.hpp"
#include "fetch/app/reference.hpp"
#include "fetch/base/record.hpp"
#include "fetch/output/fields.hpp"
#include "output/field_habits.hpp"
#include "run_fetch.hpp"

namespace fetch {
namespace {

const std::string readme = test::read_file(std::string(FETCH_SOURCE_DIR) + "/README.md");

// The README section that starts at `heading` and ends at the next heading.
std::string section(const std::string& heading) {
    const auto start = readme.find(heading);
    if (start == std::string::npos) return {};
    const auto end = readme.find("\n#", start + heading.size());
    return readme.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The first cells of a Markdown table's rows, backquotes removed: "| `index` | ..." -> index.
std::map<std::string, std::string> table_rows(const std::string& text) {
    static const std::regex row(R"(\n\| `([^`]+)` \| ([^|\n]+) \|)");
    std::map<std::string, std::string> rows;
    for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it)
        rows[(*it)[1]] = (*it)[2];
    return rows;
}

TEST(Readme, ListsEveryFieldWithItsDescription) {
    const auto rows = table_rows(section("#### Fields"));
    std::set<std::string> names;
    for (const Field& field : all_fields()) {
        const std::string label = field_label(field);
        names.insert(label);
        ASSERT_TRUE(rows.count(label)) << label << " is not in the README";
        EXPECT_EQ(rows.at(label), field.description) << label;
    }
    for (const auto& [name, description] : rows)
        EXPECT_TRUE(names.count(name)) << "the README documents a field fetch does not have: " << name;
}

TEST(Readme, ListsEveryErrorKind) {
    const auto rows = table_rows(section("#### Error kinds"));
    EXPECT_EQ(rows.size(), named_count<ErrorKind>() - 1);  // all but none
    for (const auto& kind : named_values<ErrorKind>()) {
        if (kind.id == ErrorKind::none) continue;
        ASSERT_TRUE(rows.count(std::string(kind.name))) << kind.name;
        EXPECT_EQ(rows.at(std::string(kind.name)), kind.description) << kind.name;
    }
}

TEST(Readme, ListsEveryExitStatusWithItsMeaning) {
    const std::string text = section("### Exit status");
    for (const ExitStatus& status : exit_statuses()) {
        const std::string row = "\n| " + std::to_string(status.code) + " | " + status.meaning + " |";
        EXPECT_NE(text.find(row), std::string::npos) << row;
    }
}

TEST(Readme, DocumentsEveryOptionAndNoOther) {
    const std::string usage = section("## Usage");
    std::set<std::string> known;
    for (const OptionSpec& option : option_table()) {
        if (is_positional(option)) continue;
        std::vector<std::string> names{std::string(long_name(option))};
        for (std::string_view rest = option.aliases; !rest.empty();) {
            const auto comma = rest.find(',');
            if (rest.substr(0, 2) == "--") names.emplace_back(rest.substr(0, comma));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
        }
        for (const std::string& name : names) {
            known.insert(name);
            EXPECT_NE(usage.find(name), std::string::npos) << name << " is not in the README's Usage";
        }
    }
    static const std::regex option(R"(`(?:-\w, )?(--[a-z0-9.-]+))");
    for (std::sregex_iterator it(usage.begin(), usage.end(), option), end; it != end; ++it)
        EXPECT_TRUE(known.count((*it)[1]))
            << "the README documents an option fetch does not have: " << (*it)[1];
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

// Every other tool's field name --fields knows of is in the README's mapping.
TEST(Readme, NamesEveryFieldAliasOfHttpxAndCurl) {
    const std::string text = section("#### The same fields in httpx and curl");
    for (const ForeignField& foreign : foreign_fields()) {
        const std::string name(foreign.name);
        const bool named = text.find("`" + name + "`") != std::string::npos;
        EXPECT_TRUE(named || text.find("%{" + name + "}") != std::string::npos) << name;
    }
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

TEST(ManPage, SaysAUrlWhereAListWasExpectedIsFetched) {
    const std::string page = man_page();
    EXPECT_NE(page.find("is fetched as that URL"), std::string::npos);
    EXPECT_NE(page.find("looks like a bare host"), std::string::npos);
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

// The README's table of curl's -w variables is the program's: each row, and no other.
TEST(Readme, MapsEveryCurlWriteOutVariableToItsField) {
    const std::string text = section("#### curl's `-w`");
    static const std::regex row(R"(\n\| `%\{([a-z_]+)\}` \| `([a-z_]+)` \| ([^|\n]*) \|)");
    std::map<std::string, std::pair<std::string, std::string>> rows;
    for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it)
        rows[(*it)[1]] = {(*it)[2], (*it)[3]};
    EXPECT_EQ(rows.size(), curl_variables().size());
    for (const CurlVariable& variable : curl_variables()) {
        const std::string name(variable.name);
        ASSERT_TRUE(rows.count(name)) << name << " is not in the README";
        EXPECT_EQ(rows[name].first, variable.field) << name;
        EXPECT_EQ(rows[name].second, variable.note) << name;
    }
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

// A resumed run does not fetch failed URLs again (tests/cli/habits_test.cpp shows it): the
// man page must not promise it does.
TEST(ManPage, SaysAResumedRunSkipsFailedUrls) {
    const std::string page = man_page();
    EXPECT_EQ(page.find("the failed ones again"), std::string::npos);
    EXPECT_NE(page.find("whose record was written, failed or not"), std::string::npos);
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

// Docker reads .dockerignore, Podman and buildah .containerignore: both keep local builds out
// of the image's context (.ci/image checks it with a real copy), and say the same.
TEST(Docs, ContainerContextsLeaveLocalBuildsOut) {
    const auto patterns = [](const std::string& name) {
        const std::string text = test::read_file(std::string(FETCH_SOURCE_DIR) + "/" + name);
        std::set<std::string> lines;
        for (std::size_t at = 0, end; at < text.size(); at = end + 1) {
            end = std::min(text.find('\n', at), text.size());
            if (end > at && text[at] != '#') lines.insert(text.substr(at, end - at));
        }
        return lines;
    };
    EXPECT_TRUE(patterns(".containerignore").count("build*"));
    EXPECT_EQ(patterns(".containerignore"), patterns(".dockerignore"));
}

}  // namespace
}  // namespace fetch

namespace fetch {
namespace {

namespace fs = std::filesystem;

const fs::path source_root = FETCH_SOURCE_DIR;

std::string architecture() {
    return test::read_file((source_root / "docs" / "ARCHITECTURE.md").string());
}

// Where a name the document gives in backquotes is: as written from the checkout's root, or
// under src/ or include/fetch/ ("net/worker.hpp"), or, for a bare file name, in any folder of
// src/ or include/.
bool names_a_file(const std::string& name) {
    for (const fs::path& base : {source_root, source_root / "src", source_root / "include" / "fetch"}) {
        if (fs::exists(base / name)) return true;
    }
    if (name.find('/') != std::string::npos) return false;
    for (const char* tree : {"src", "include"}) {
        for (const auto& entry : fs::recursive_directory_iterator(source_root / tree))
            if (entry.path().filename() == name) return true;
    }
    return false;
}

// The map cannot name what is not there: every file it names exists.
TEST(Architecture, EveryFileTheMapNamesExists) {
    const std::string text = architecture();
    static const std::regex path(R"(`([A-Za-z0-9_./<>-]+\.(?:cpp|hpp|md|inc|txt|py))`)");
    std::size_t named = 0;
    for (std::sregex_iterator it(text.begin(), text.end(), path), end; it != end; ++it) {
        const std::string name = (*it)[1];
        if (name.find('<') != std::string::npos) continue;  // a pattern: src/<stage>/
        ++named;
        EXPECT_TRUE(names_a_file(name)) << "docs/ARCHITECTURE.md names " << name << ", which does not exist";
    }
    EXPECT_GT(named, 40u);  // the walk found the names
}

// Each stage's face, as the map lists it, is exactly the headers in include/fetch/<stage>/.
TEST(Architecture, EachFaceListIsTheStagesPublicHeaders) {
    const std::string text = architecture();
    const auto start = text.find("\n## Faces");
    ASSERT_NE(start, std::string::npos);
    const std::string section = text.substr(start, text.find("\n## ", start + 1) - start);
    static const std::regex row(R"(\n\| `([a-z]+)` \| ([^\n]*) \|)");
    static const std::regex header(R"(`([a-z_]+\.hpp)`)");
    std::set<std::string> stages;
    for (std::sregex_iterator it(section.begin(), section.end(), row), end; it != end; ++it) {
        const std::string stage = (*it)[1];
        const std::string cells = (*it)[2];
        stages.insert(stage);
        std::set<std::string> listed;
        for (std::sregex_iterator h(cells.begin(), cells.end(), header); h != end; ++h)
            listed.insert((*h)[1]);
        std::set<std::string> present;
        for (const auto& entry : fs::directory_iterator(source_root / "include" / "fetch" / stage))
            present.insert(entry.path().filename().string());
        EXPECT_EQ(listed, present) << "the face of " << stage;
    }
    std::set<std::string> expected;
    for (const auto& entry : fs::directory_iterator(source_root / "include" / "fetch")) {
        const std::string stage = entry.path().filename().string();
        if (stage != "base" && stage != "app") expected.insert(stage);
    }
    EXPECT_EQ(stages, expected);
}

}  // namespace
}  // namespace fetch
