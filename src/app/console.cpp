#include "fetch/app/console.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace fetch {

bool is_terminal(int fd) {
    return isatty(fd) == 1;
}

ConsoleFacts ConsoleFacts::of_this_process() {
    ConsoleFacts facts;
    facts.stdin_is_terminal = is_terminal(STDIN_FILENO);
    facts.stderr_is_terminal = is_terminal(STDERR_FILENO);
    const char* no_colour = std::getenv("NO_COLOR");
    facts.no_color = no_colour && *no_colour;
    const char* term = std::getenv("TERM");
    facts.dumb_term = term && std::string_view(term) == "dumb";
    return facts;
}

bool use_colour(Color color, bool output_is_terminal, const ConsoleFacts& facts) {
    if (color != Color::automatic) return color == Color::always;
    return output_is_terminal && !facts.no_color && !facts.dumb_term;
}

}  // namespace fetch
