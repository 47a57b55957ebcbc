// What the command line decides for reading pages: what to extract besides the title.
#pragma once

#include <string>

namespace fetch {

struct ExtractOptions {
    std::string xpath;  // --xpath: evaluated on each page's tree (which it makes fetch build)
};

}  // namespace fetch
