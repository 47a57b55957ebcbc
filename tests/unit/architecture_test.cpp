// The shape docs/ARCHITECTURE.md promises, checked on the sources themselves.
//
// The dependency rule, on the #include lines of src/ and include/: each stage includes only itself and the
// stages below it, and a third-party library is reachable (through any chain of project headers) only from
// the stages allowed to use it.
//
//   app -> input, net, output -> html -> base        libcurl: net, input
//                                                    libxml2: html, output (JUnit), input (sitemaps)
//                                                    CLI11:   app
//                                                    uchardet: html
//                                                    libidn2, PCRE2: base
//                                                    c-ares, OpenSSL: net
//                                                    libcsv, nlohmann::json: input (rows)
//                                                    SQLite: output (--format sqlite)
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace fetch::test {
namespace {

namespace fs = std::filesystem;
const fs::path root = FETCH_SOURCE_DIR;

const std::map<std::string, std::set<std::string>> may_include = {
    {"app", {"app", "input", "net", "output", "html", "base"}},
    {"input", {"input", "base"}},
    {"net", {"net", "html", "base"}},
    {"output", {"output", "html", "base"}},
    {"html", {"html", "base"}},
    {"base", {"base"}},
};

// Third-party headers by the directory they live in, and the stages that may reach them.
const std::map<std::string, std::set<std::string>> library_users = {
    {"curl", {"net", "input"}},
    {"libxml", {"html", "output", "input"}},
    {"CLI", {"app"}},
    {"uchardet", {"html"}},
    {"idn2.h", {"base"}},
    {"pcre2.h", {"base"}},
    {"ares.h", {"net"}},
    {"openssl", {"net"}},
    {"csv.h", {"input"}},
    {"nlohmann", {"input"}},
    {"sqlite3.h", {"output"}},
};

struct Include {
    std::string target;  // as written between the quotes or brackets
    bool project;        // "fetch/...": a stage's face, in include/
    int line;
    bool internal = false;  // "name.hpp": a header next to the including file, in src/<stage>/
};

std::vector<Include> includes_of(const fs::path& file) {
    static const std::regex directive(R"(^\s*#\s*include\s*([<"])([^">]+)[">])");
    std::vector<Include> found;
    std::ifstream in(file);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        std::smatch match;
        if (!std::regex_search(line, match, directive)) continue;
        const std::string target = match[2];
        const bool internal = match[1] == "\"" && target.find('/') == std::string::npos &&
                              fs::exists(file.parent_path() / target);
        found.push_back({target, target.rfind("fetch/", 0) == 0, number, internal});
    }
    return found;
}

// "src/net/worker.cpp" and "include/fetch/net/worker.hpp" are both in stage "net".
std::string stage_of(const fs::path& file) {
    const fs::path relative = fs::relative(file, root);
    auto part = relative.begin();
    if (*part == "include") ++part;  // include/fetch/<stage>/...
    ++part;                          // src/<stage>/... or fetch/<stage>/...
    return part == relative.end() ? std::string() : part->string();
}

std::vector<fs::path> sources() {
    std::vector<fs::path> files;
    for (const char* dir : {"src", "include"}) {
        for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
            const std::string ext = entry.path().extension().string();
            if (ext == ".cpp" || ext == ".hpp") files.push_back(entry.path());
        }
    }
    return files;
}

// The third-party library directories reachable from `file` through project headers.
void reachable_libraries(const fs::path& file, std::set<fs::path>& seen, std::set<std::string>& libraries) {
    if (!seen.insert(file).second) return;
    for (const Include& include : includes_of(file)) {
        if (include.project) {
            reachable_libraries(root / "include" / include.target, seen, libraries);
        } else if (include.internal) {
            reachable_libraries(file.parent_path() / include.target, seen, libraries);
        } else if (const auto slash = include.target.find('/'); slash != std::string::npos) {
            libraries.insert(include.target.substr(0, slash));
        } else if (library_users.count(include.target)) {  // a library with one top-level header
            libraries.insert(include.target);
        }
    }
}

TEST(Layering, EveryStageIncludesOnlyItselfAndTheStagesBelow) {
    std::size_t checked = 0;
    for (const fs::path& file : sources()) {
        const std::string stage = stage_of(file);
        ASSERT_TRUE(may_include.count(stage)) << file << " is in no stage folder";
        for (const Include& include : includes_of(file)) {
            if (!include.project) continue;
            ++checked;
            const std::string target_stage = fs::path(include.target).begin()->string() == "fetch"
                                                 ? std::next(fs::path(include.target).begin())->string()
                                                 : "";
            EXPECT_TRUE(may_include.at(stage).count(target_stage))
                << fs::relative(file, root) << ":" << include.line << " (" << stage << ") includes "
                << include.target;
            EXPECT_TRUE(fs::exists(root / "include" / include.target)) << include.target;
        }
    }
    EXPECT_GT(checked, 100u);  // the walk found the code
}

TEST(Layering, ThirdPartyLibrariesStayInTheirStages) {
    for (const fs::path& file : sources()) {
        std::set<fs::path> seen;
        std::set<std::string> libraries;
        reachable_libraries(file, seen, libraries);
        const std::string stage = stage_of(file);
        for (const auto& [library, users] : library_users) {
            EXPECT_TRUE(!libraries.count(library) || users.count(stage))
                << fs::relative(file, root) << " (" << stage << ") reaches <" << library << "/...>";
        }
    }
}

// The check itself: a mutation of the rule must be caught.
TEST(Layering, TheCheckSeesAForbiddenInclude) {
    const fs::path probe = root / "src" / "net" / "curl_handles.hpp";
    std::set<fs::path> seen;
    std::set<std::string> libraries;
    reachable_libraries(probe, seen, libraries);
    EXPECT_TRUE(libraries.count("curl"));  // so an app file including it would be flagged
    EXPECT_EQ(stage_of(probe), "net");
    EXPECT_FALSE(may_include.at("net").count("output"));
}

// A stage's internal headers are its own: a quoted #include names either a face
// ("fetch/<stage>/...", include/) or a file in the including file's own folder, never a path
// into another folder of src/ (the build refuses most of those too: tests/faces).
TEST(Layering, InternalHeadersAreReachedOnlyFromTheirOwnFolder) {
    static const std::regex quoted(R"re(^\s*#\s*include\s*"([^"]+)")re");
    for (const fs::path& file : sources()) {
        std::ifstream in(file);
        int number = 0;
        for (std::string line; std::getline(in, line);) {
            ++number;
            std::smatch match;
            if (!std::regex_search(line, match, quoted)) continue;
            const std::string target = match[1];
            EXPECT_TRUE(target.rfind("fetch/", 0) == 0 ||
                        (target.find('/') == std::string::npos && fs::exists(file.parent_path() / target)))
                << fs::relative(file, root) << ":" << number << " includes \"" << target << "\"";
        }
    }
}

// Every header under include/fetch/<stage>/ is some other stage's to use: the face holds no
// internal header (base, the vocabulary, and app, which nobody includes, aside).
TEST(Layering, EveryFaceHeaderIsUsedByAnotherStage) {
    std::set<std::string> used;
    for (const fs::path& file : sources()) {
        for (const Include& include : includes_of(file)) {
            if (!include.project) continue;
            const std::string target_stage = std::next(fs::path(include.target).begin())->string();
            if (target_stage != stage_of(file)) used.insert(include.target);
        }
    }
    // A face header a used face header includes is part of the face too.
    for (bool grew = true; grew;) {
        grew = false;
        for (const std::string& header : std::set<std::string>(used)) {
            for (const Include& include : includes_of(root / "include" / header))
                grew |= include.project && used.insert(include.target).second;
        }
    }
    std::size_t faces = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root / "include" / "fetch")) {
        if (!entry.is_regular_file()) continue;
        const std::string header = fs::relative(entry.path(), root / "include").string();
        const std::string stage = stage_of(entry.path());
        if (stage == "base" || stage == "app") continue;
        ++faces;
        EXPECT_TRUE(used.count(header)) << header << " is used by no other stage: it belongs in src/" << stage;
    }
    EXPECT_LE(faces, 15u);
}

// A function is read without scrolling. Heuristic: a line that ends with "{" after a ")" and
// is not control flow opens a function body; it ends at the matching brace.
bool opens_function(const std::string& line) {
    static const std::regex control(
        R"(^\s*(if|for|while|switch|else|do|try|catch|namespace|struct|class)\b)");
    const auto paren = line.find(')');
    return !line.empty() && line.back() == '{' && paren != std::string::npos &&
           line.substr(0, line.find('(')).find('=') == std::string::npos && !std::regex_search(line, control);
}

TEST(CodeShape, NoFunctionIsLongerThanSixtyLines) {
    constexpr std::size_t longest = 60;
    for (const fs::path& file : sources()) {
        std::vector<std::string> lines;
        std::ifstream in(file);
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        for (std::size_t start = 0; start < lines.size(); ++start) {
            if (!opens_function(lines[start])) continue;
            long depth = 0;
            std::size_t end = start;
            for (; end < lines.size(); ++end) {
                for (const char c : lines[end])
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (depth <= 0) break;
            }
            EXPECT_LE(end - start + 1, longest)
                << fs::relative(file, root) << ":" << start + 1 << " " << lines[start];
        }
    }
}

}  // namespace
}  // namespace fetch::test
