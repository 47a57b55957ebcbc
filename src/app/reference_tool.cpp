// fetch-reference man|bash|zsh|fish: prints the man page or a completion script. The build
// runs it to write build/share/ (installed with fetch); it is not installed itself.
#include <cstdio>
#include <string>
#include <string_view>

#include "fetch/app/reference.hpp"

int main(int argc, char** argv) {
    const std::string_view what = argc == 2 ? argv[1] : "";
    std::string text;
    if (what == "man") {
        text = fetch::man_page();
    } else if (const auto shell = fetch::named_value<fetch::Shell>(what)) {
        text = fetch::completion(*shell);
    } else {
        std::fprintf(stderr, "usage: fetch-reference man|%s\n", fetch::named_list<fetch::Shell>("|").c_str());
        return 2;
    }
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0 ? 0
                                                                                                       : 3;
}
