// The man page and the shell completions, written from the option table and the other
// tables that --help prints. Nothing here names an option: a new row of the table is in all
// of them at the next build.
#include "fetch/app/reference.hpp"

#include <cctype>
#include <string_view>
#include <vector>

#include "fetch/app/exit_status.hpp"
#include "fetch/app/option_table.hpp"
#include "fetch/base/record.hpp"
#include "fetch/output/fields.hpp"
#include "fetch/output/options.hpp"

namespace fetch {

namespace {

using Words = std::vector<std::string>;

Words split(std::string_view text, char separator) {
    Words parts;
    while (!text.empty()) {
        const auto at = text.find(separator);
        if (at != 0) parts.emplace_back(text.substr(0, at));
        text = at == std::string_view::npos ? std::string_view{} : text.substr(at + 1);
    }
    return parts;
}

bool is_flag(const OptionSpec& option) {
    return option.value_name.empty();
}

// Every spelling of a row, its own names first: "-j", "--jobs", "--parallel-max".
Words spellings(const OptionSpec& option) {
    Words names = split(option.names, ',');
    for (std::string& alias : split(option.aliases, ','))
        names.push_back(std::move(alias));
    return names;
}

// A value that names a file: the shells complete paths for it.
bool takes_file(const OptionSpec& option) {
    return option.value_name == "FILE" || is_positional(option);
}

std::string joined(const Words& words, std::string_view separator) {
    std::string out;
    for (const std::string& word : words)
        out.append(out.empty() ? "" : separator).append(word);
    return out;
}

// ---- man(7)

// Text as roff shows it: backslashes and hyphens escaped, no line read as a request.
std::string roff(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\\') {
            out += "\\e";
        } else if (c == '-') {
            out += "\\-";
        } else {
            out += c;
        }
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
    return out;
}

std::string man_option_label(const OptionSpec& option) {
    if (is_positional(option)) return "\\fI" + roff(option.value_name) + "\\fR";
    std::string label;
    for (const std::string& name : split(option.names, ','))
        label.append(label.empty() ? "" : ", ").append("\\fB" + roff(name) + "\\fR");
    if (!is_flag(option)) label += " \\fI" + roff(option.value_name) + "\\fR";
    return label;
}

void man_options(std::string& out) {
    out += ".SH OPTIONS\n";
    for (const auto& group : named_values<OptionGroup>()) {
        std::string about(group.description);
        about[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(about[0])));
        out += ".SS " + std::string(group.name) + "\n" + roff(about) + ".\n";
        for (const OptionSpec& option : option_table()) {
            if (option.group != group.id) continue;
            out += ".TP\n" + man_option_label(option) + "\n" + roff(option.help) + ".";
            if (!option.default_value.empty()) out += " Default: \\fB" + roff(option.default_value) + "\\fR.";
            if (!option.aliases.empty())
                out += " Also: " + roff(comma_spaced(option.aliases)) + ".";
            out += "\n";
            if (!option.details.empty()) out += ".IP\n" + roff(option.details) + "\n";
        }
    }
}

template <typename E>
void man_named(std::string& out, std::string_view heading) {
    out += ".SH " + std::string(heading) + "\n";
    for (const auto& entry : named_values<E>())
        out += ".TP\n.B " + roff(entry.name) + "\n" + roff(entry.description) + "\n";
}

void man_fields(std::string& out) {
    out += ".SH FIELDS\nThe names \\fB\\-\\-fields\\fR takes, and the columns or keys they give.\n";
    for (const Field& field : all_fields())
        out += ".TP\n.B " + roff(field_label(field)) + "\n" + roff(field.description) + "\n";
}

void man_exit_statuses(std::string& out) {
    out += ".SH EXIT STATUS\n";
    for (const ExitStatus& status : exit_statuses())
        out += ".TP\n.B " + std::to_string(status.code) + "\n" + roff(status.meaning) + "\n";
}

// ---- bash

// The `case` arm that completes one option's value.
std::string bash_value_arm(const OptionSpec& option, const Words& words) {
    const std::string pattern = joined(spellings(option), "|");
    if (takes_file(option))
        return "        " + pattern + ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
    if (words.empty()) return "        " + pattern + ") return ;;\n";  // free text: nothing to offer
    // Comma-separated lists (--fields, --expect) complete the item after the last comma.
    return "        " + pattern + ") _fetch_words \"" + joined(words, " ") + "\"; return ;;\n";
}

std::string bash() {
    std::string arms;
    Words options;
    for (const OptionSpec& option : option_table()) {
        if (is_positional(option)) continue;
        for (const std::string& name : spellings(option))
            options.push_back(name);
        if (!is_flag(option)) arms += bash_value_arm(option, option.values ? option.values() : Words{});
    }
    return "# bash completion for fetch, generated from its option table\n"
           "_fetch_words() {\n"
           "    local prefix=\"\"\n"
           "    [[ $cur == *,* ]] && prefix=\"${cur%,*},\"\n"
           "    COMPREPLY=($(compgen -P \"$prefix\" -W \"$1\" -- \"${cur##*,}\"))\n"
           "}\n"
           "_fetch() {\n"
           "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
           "    case $prev in\n" +
           arms +
           "    esac\n"
           "    if [[ $cur == -* ]]; then\n"
           "        COMPREPLY=($(compgen -W \"" +
           joined(options, " ") +
           "\" -- \"$cur\"))\n"
           "    else\n"
           "        COMPREPLY=($(compgen -f -- \"$cur\"))\n"
           "    fi\n"
           "}\n"
           "complete -F _fetch fetch\n";
}

// ---- zsh

// Inside '…[description]…' of an _arguments spec.
std::string zsh_quoted(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else if (c == '[' || c == ']' || c == ':' || c == '\\') {
            out += '\\';
            out += c;
        } else {
            out += c;
        }
    }
    return out;
}

std::string zsh_action(const OptionSpec& option) {
    if (takes_file(option)) return ":_files";
    if (!option.values) return ":";
    const Words words = option.values();
    const bool list = option.value_name == "LIST" || option.value_name == "SPEC";
    if (list) return ":_sequence compadd - " + joined(words, " ");
    return ":(" + joined(words, " ") + ")";
}

std::string zsh() {
    std::string specs;
    for (const OptionSpec& option : option_table()) {
        if (is_positional(option)) {
            specs += "    '*:" + zsh_quoted(option.help) + ":_files' \\\n";
            continue;
        }
        const std::string description = "[" + zsh_quoted(option.help) + "]";
        const std::string value =
            is_flag(option) ? "" : ":" + zsh_quoted(option.value_name) + zsh_action(option);
        for (const std::string& name : spellings(option))
            specs += "    '*" + name + description + value + "' \\\n";
    }
    return "#compdef fetch\n"
           "# zsh completion for fetch, generated from its option table\n"
           "_arguments -S \\\n" +
           specs + "    && return 0\n";
}

// ---- fish

std::string fish_quoted(std::string_view text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

std::string fish() {
    std::string out = "# fish completion for fetch, generated from its option table\n";
    for (const OptionSpec& option : option_table()) {
        if (is_positional(option)) continue;
        std::string line = "complete -c fetch";
        for (const std::string& name : spellings(option)) {
            const bool single_dash = name.rfind("--", 0) != 0;
            line += (single_dash ? " -s " : " -l ") + name.substr(single_dash ? 1 : 2);
        }
        line += " -d " + fish_quoted(option.help);
        if (!is_flag(option)) {
            if (takes_file(option)) {
                line += " -r -F";
            } else {
                line += " -x";
                if (option.values) line += " -a " + fish_quoted(joined(option.values(), " "));
            }
        }
        out += line + "\n";
    }
    return out;
}

}  // namespace

std::string man_page() {
    std::string out = ".TH FETCH 1 \"\" \"fetch " FETCH_VERSION
                      "\" \"User Commands\"\n"
                      ".SH NAME\n"
                      "fetch \\- fetch URLs concurrently and print each one's HTTP status and page title\n"
                      ".SH SYNOPSIS\n"
                      ".B fetch\n"
                      "[\\fIOPTIONS\\fR] [\\fILIST\\fR...]\n"
                      ".SH DESCRIPTION\n"
                      "\\fBfetch\\fR reads URLs, one per line, from the \\fILIST\\fR files (\\fB\\-\\fR is "
                      "standard input), from \\fB\\-\\-url\\fR, or from standard input when neither is "
                      "given and it is not a terminal. It fetches them with libcurl, many at a time, reads "
                      "each HTML page's title as a browser would, and prints one record per input line, "
                      "in the order the fetches end or in input order. A \\fILIST\\fR that is not a file but "
                      "an http:// or https:// URL is fetched as that URL, as curl and wget take it.\n"
                      ".PP\n"
                      "A line without a scheme is tried over https, then over http when https gets no "
                      "answer. Every input line yields exactly one record, bad lines included, and the exit "
                      "status says whether every URL met \\fB\\-\\-expect\\fR.\n";
    man_options(out);
    man_named<Format>(out, "FORMATS");
    man_fields(out);
    man_named<ErrorKind>(out, "ERROR KINDS");
    man_exit_statuses(out);
    out +=
        ".SH ENVIRONMENT\n"
        ".TP\n.B http_proxy, https_proxy, no_proxy\nThe proxy, unless \\fB\\-\\-proxy\\fR is given.\n"
        ".TP\n.B NO_COLOR\nWhen set, \\fB\\-\\-color auto\\fR never colours: as with \\fB\\-\\-color never\\fR, "
        "fetch then writes no escape sequence at all, on standard output or standard error.\n"
        ".SH EXAMPLES\n"
        ".TP\n.B fetch urls.txt \\-j 64\nFetch a list, 64 at a time.\n"
        ".TP\n.B fetch \\-\\-format jsonl \\-\\-fields +ip,+server hosts.txt | jq \\-c 'select(.status != "
        "200)'\n"
        "Probe a list of bare hosts and keep what did not answer 200.\n"
        ".TP\n.B fetch \\-\\-resume state \\-o out.tsv \\-\\-format tsv big.txt\n"
        "A long run that can be stopped and started again, losing and repeating nothing.\n"
        ".SH SEE ALSO\n"
        ".BR curl (1),\n"
        ".BR jq (1)\n";
    return out;
}

std::string completion(Shell shell) {
    switch (shell) {
        case Shell::bash:
            return bash();
        case Shell::zsh:
            return zsh();
        case Shell::fish:
            return fish();
    }
    return {};
}

}  // namespace fetch
