// The detection corpus (tests/detect/generate.py): undeclared pages in legacy encodings, and
// how a detected encoding is judged. Shared by the test that holds the thresholds
// (tests/unit/detect_corpus_test.cpp) and the tool that measures other detectors against the
// same pages (tests/detect/evaluate.cpp).
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "html/encoding.hpp"

namespace fetch::detect_corpus {

struct Page {
    std::string file, encoding, language, family, host, title;
    std::string bytes;
};

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline std::vector<Page> load(const std::string& dir) {
    std::vector<Page> pages;
    std::istringstream manifest(read_file(dir + "/manifest.tsv"));
    for (std::string line; std::getline(manifest, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> fields;
        std::istringstream row(line);
        for (std::string field; std::getline(row, field, '\t');)
            fields.push_back(field);
        if (fields.size() != 6) continue;
        pages.push_back({fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], {}});
        pages.back().bytes = read_file(dir + "/pages/" + fields[0]);
    }
    return pages;
}

inline std::string decode(const std::string& bytes, std::string_view encoding) {
    encoding::Decoder decoder(encoding);
    std::string text;
    decoder.decode(bytes, text, true);
    return text;
}

// A page is read right when the encoding found shows it as its own does, every byte of it;
// windows-1252 pages must be named windows-1252 (the standard's fallback, which a detector
// must not leave without cause), and pure ASCII stays UTF-8.
inline bool read_right(const Page& page, std::string_view found) {
    if (page.family == "western" || page.family == "ascii") return found == page.encoding;
    return !found.empty() && decode(page.bytes, found) == decode(page.bytes, page.encoding);
}

// Right answers out of all, per family.
struct Tally {
    std::map<std::string, std::pair<int, int>> families;

    void add(const std::string& family, bool right) {
        auto& [good, all] = families[family];
        good += right ? 1 : 0;
        ++all;
    }
    std::pair<int, int> total() const {
        std::pair<int, int> sum{0, 0};
        for (const auto& [_, counts] : families) {
            sum.first += counts.first;
            sum.second += counts.second;
        }
        return sum;
    }
};

}  // namespace fetch::detect_corpus
