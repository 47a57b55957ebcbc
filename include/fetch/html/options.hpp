// What the command line decides for reading pages: what to extract besides the title.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fetch {

// --extract NAME=XPATH: a named expression, whose string value is the field NAME.
struct Extraction {
    std::string name;
    std::string expression;
};

struct ExtractOptions {
    std::string xpath;                    // --xpath: evaluated on each page's tree (which it makes fetch build)
    std::vector<Extraction> extractions;  // --extract, in the order given; on the same tree
    std::size_t max_title = 0;            // --max-title: bytes of UTF-8, at most

    // Every expression evaluated on a page: --xpath's first, when given.
    std::vector<std::string> expressions() const {
        std::vector<std::string> all;
        if (!xpath.empty()) all.push_back(xpath);
        for (const Extraction& extraction : extractions)
            all.push_back(extraction.expression);
        return all;
    }
};

}  // namespace fetch
