// libxml2's process-wide state: made in main before any thread starts, gone after they end.
#pragma once

#include <string>

namespace fetch {

class HtmlLibrary {
public:
    HtmlLibrary();
    ~HtmlLibrary();
    HtmlLibrary(const HtmlLibrary&) = delete;
    HtmlLibrary& operator=(const HtmlLibrary&) = delete;

    static std::string version();  // "libxml2 2.9.14"
};

}  // namespace fetch
