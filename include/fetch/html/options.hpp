// What the command line decides for reading pages: what to extract besides the title.
#pragma once

#include <cstddef>
#include <string>

namespace fetch {

struct ExtractOptions {
    std::string xpath;          // --xpath: evaluated on each page's tree (which it makes fetch build)
    std::size_t max_title = 0;  // --max-title: bytes of UTF-8, at most
};

}  // namespace fetch
