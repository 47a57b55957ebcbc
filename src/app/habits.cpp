#include "habits.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>

#include "fetch/base/ascii.hpp"

namespace fetch {

namespace {

// Each word here is none of fetch's own spellings (a unit test checks), so no answer can hide
// an option. httpx spells every option with one dash; those whose name is one of fetch's long
// options (-timeout, -retries, -resume) need no row: they are answered from the option table.
constexpr ForeignOption foreign_table[] = {
    {"-l", "httpx", "spells this LIST... (a list file is named without an option; - is stdin)"},
    {"-list", "httpx", "spells this LIST... (a list file is named without an option; - is stdin)"},
    {"-target", "httpx", "spells this -u URL"},
    {"-json", "httpx", "spells this --format jsonl"},
    {"-csv", "httpx", "spells this --format csv"},
    {"-silent", "httpx", "spells this -q (or -s)"},
    {"-sc", "httpx", "spells this --fields status,url (every record has the status)"},
    {"-status-code", "httpx", "spells this --fields status,url (every record has the status)"},
    {"-title", "httpx", "spells this --fields status,url,title (every record has the title)"},
    {"-mc", "httpx", "spells this --expect CODES (the exit status follows it)"},
    {"-match-code", "httpx", "spells this --expect CODES (the exit status follows it)"},
    {"-fc", "httpx", "spells this --expect CODES (every URL gets a record; the exit status follows it)"},
    {"-filter-code", "httpx",
     "spells this --expect CODES (every URL gets a record; the exit status follows it)"},
    {"-t", "httpx's (threads) and wget", "spells this -j N for httpx's -t, --retries N for wget's"},
    {"-threads", "httpx", "spells this -j N"},
    {"--threads", "httpx", "spells this -j N"},
    {"-rl", "httpx", "spells this --rate N"},
    {"-rate-limit", "httpx", "spells this --rate N"},
    {"-rlm", "httpx", "spells this --rate N/m"},
    {"-rate-limit-minute", "httpx", "spells this --rate N/m"},
    {"-fr", "httpx", "spells this -L, the default: redirects are followed"},
    {"-follow-redirects", "httpx", "spells this -L, the default: redirects are followed"},
    {"-maxr", "httpx", "spells this --max-redirs N"},
    {"-max-redirects", "httpx", "spells this --max-redirs N"},
    {"-ip", "httpx", "spells this --fields +ip"},
    {"-server", "httpx", "spells this --fields +server"},
    {"-web-server", "httpx", "spells this --fields +server"},
    {"-ct", "httpx", "spells this --fields +content_type"},
    {"-content-type", "httpx", "spells this --fields +content_type"},
    {"-cl", "httpx", "spells this --fields +content_length"},
    {"-content-length", "httpx", "spells this --fields +content_length"},
    {"-location", "httpx", "spells this --fields +location"},
    {"-rt", "httpx", "spells this --fields +elapsed_ms"},
    {"-response-time", "httpx", "spells this --fields +elapsed_ms"},
    {"-tls-grab", "httpx", "spells this --fields +tls_version,+cert_expiry,+cert_subject,+cert_issuer"},
    {"-hash", "httpx", "spells this --fields +body_sha256"},
    {"-favicon", "httpx", "spells this --fields +favicon_mmh3,+favicon_url (Shodan's http.favicon.hash)"},
    {"-wc", "httpx", "spells this --fields +words (counted as LC_ALL=C wc -w does)"},
    {"-word-count", "httpx", "spells this --fields +words (counted as LC_ALL=C wc -w does)"},
    {"-sr", "httpx", "spells this --store DIR (each body kept as DIR/ab/<its SHA-256>, its headers beside it)"},
    {"-store-response", "httpx", "spells this --store DIR (each body kept as DIR/ab/<its SHA-256>, its headers beside it)"},
    {"-srd", "httpx", "spells this --store DIR"},
    {"-store-response-dir", "httpx", "spells this --store DIR"},
    {"-lc", "httpx", "spells this --fields +lines (counted as wc -l does)"},
    {"-line-count", "httpx", "spells this --fields +lines (counted as wc -l does)"},
    {"-irh", "httpx", "spells this --fields +header:NAME"},
    {"-include-response-header", "httpx", "spells this --fields +header:NAME"},
    {"-nc", "httpx", "spells this --color never"},
    {"-no-color", "httpx", "spells this --color never"},
    {"-r", "httpx", "spells this --dns-servers IP,..."},
    {"-resolvers", "httpx", "spells this --dns-servers IP,..."},
    {"-http-proxy", "httpx", "spells this -x URL"},
    {"-random-agent", "httpx", "spells this -A UA"},
    {"-probe", "httpx", "spells this --fields +error_kind (a URL that did not answer shows ERR)"},
    {"-p", "httpx", "spells this a line per port: host:8080 (and https://host:8443/)"},
    {"-ports", "httpx", "spells this a line per port: host:8080 (and https://host:8443/)"},
    {"-Z", "curl", "spells this -j N (it is always parallel: 16 at a time by default)"},
    {"--parallel", "curl", "spells this -j N (it is always parallel: 16 at a time by default)"},
    {"--parallel-immediate", "curl", "spells this -j N (it is always parallel: 16 at a time by default)"},
    {"-f", "curl", "spells this --expect SPEC (exit 1 when a URL misses it; 2xx,3xx by default)"},
    {"--fail", "curl", "spells this --expect SPEC (exit 1 when a URL misses it; 2xx,3xx by default)"},
    {"--fail-with-body", "curl",
     "spells this --expect SPEC (exit 1 when a URL misses it; 2xx,3xx by default)"},
    {"-X", "curl", "spells this -I for HEAD (it sends GET otherwise)"},
    {"--request", "curl", "spells this -I for HEAD (it sends GET otherwise)"},
    {"--include", "curl", "spells this --fields +header:NAME"},
    {"--compressed", "curl", "always asks for compressed bodies: drop it"},
    {"-O", "curl's and wget", "spells this --store DIR (each body kept as DIR/ab/<its SHA-256>)"},
    {"--remote-name", "curl", "spells this --store DIR (each body kept as DIR/ab/<its SHA-256>)"},
    {"-d", "curl", "sends GET (HEAD with -I) and no request body"},
    {"--data", "curl", "sends GET (HEAD with -I) and no request body"},
    {"--spider", "wget", "spells this -I (status only); without it, fetch reads titles and keeps no body unless --store DIR"},
    {"-T", "wget", "spells this --timeout S"},
    {"-i", "curl's and wget", "spells this LIST... for wget's -i FILE, --fields +header:NAME for curl's -i"},
    {"--input-file", "wget", "spells this LIST... (a list file is named without an option)"},
    {"--tries", "wget", "spells this --retries N"},
};

bool spells(const OptionSpec& option, std::string_view name) {
    for (std::string_view list : {option.names, option.aliases}) {
        while (!list.empty()) {
            const auto comma = list.find(',');
            if (list.substr(0, comma) == name) return true;
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
        }
    }
    return false;
}

bool takes_value(const OptionSpec& option) {
    return !option.value_name.empty() && !is_positional(option);
}

const ForeignOption* foreign(std::string_view word) {
    for (const ForeignOption& option : foreign_table)
        if (option.word == word) return &option;
    return nullptr;
}

// httpx spells every option with one dash: -timeout is fetch's --timeout, not -t imeout.
const OptionSpec* single_dash_long(std::string_view word) {
    if (word.size() < 3 || word[0] != '-' || word[1] == '-') return nullptr;
    return option_spelt("-" + std::string(word));
}

// An option, not a value: any --word, a spelling of fetch's or of another tool's, or a
// cluster of fetch's short options (-sS). "-" alone is standard input: a value.
bool is_option_word(std::string_view word) {
    if (word.size() < 2 || word[0] != '-') return false;
    if (word[1] == '-') return true;
    const std::string_view name = word.substr(0, word.find('='));
    return option_spelt(name) || foreign(name) || single_dash_long(name) ||
           option_spelt(std::string{'-', word[1]});
}

// The words an option takes with the next one as its value: 2, or why that word cannot be it.
Result<std::size_t> with_next_value(const OptionSpec& option, const std::vector<std::string>& args,
                                    std::size_t next) {
    if (next >= args.size() || !is_option_word(args[next]))
        return std::size_t{2};  // a missing value: CLI11 says so
    const std::string name(long_name(option));
    return fail(name + " needs a value (" + std::string(option.value_name) + "), and \"" + args[next] +
                "\" is an option; for a value that starts with -, write " + name + "=" + args[next]);
}

// -sj4, -sj 4, -o FILE: flags, then at most one option, whose value is the rest of the word or
// the next word. A letter fetch does not know is left for CLI11 to name.
Result<std::size_t> cluster(const std::vector<std::string>& args, std::size_t i) {
    const std::string& word = args[i];
    for (std::size_t at = 1; at < word.size(); ++at) {
        const OptionSpec* option = option_spelt(std::string{'-', word[at]});
        if (!option) return std::size_t{1};
        if (!takes_value(*option)) continue;
        if (at + 1 < word.size()) return std::size_t{1};
        return with_next_value(*option, args, i + 1);
    }
    return std::size_t{1};
}

// How many words the option word args[i] takes (itself, and perhaps its value), or why it
// cannot be read.
Result<std::size_t> option_words(const std::vector<std::string>& args, std::size_t i) {
    const std::string& word = args[i];
    const std::string_view name = std::string_view(word).substr(0, word.find('='));
    if (const ForeignOption* other = foreign(name))
        return fail(std::string(name) + " is " + std::string(other->tool) + "'s; fetch " +
                    std::string(other->answer));
    if (word.rfind("--", 0) == 0) {
        const OptionSpec* option = option_spelt(name);
        if (!option || name.size() != word.size() || !takes_value(*option)) return std::size_t{1};
        return with_next_value(*option, args, i + 1);
    }
    if (const OptionSpec* option = single_dash_long(name))
        return fail(std::string(name) + " has one dash, as httpx spells it; fetch spells this " +
                    std::string(long_name(*option)));
    return cluster(args, i);
}

// Endings of list files, which are no top-level domains: "urls.txt" is a file that is missing.
constexpr std::string_view file_extensions[] = {
    "txt", "csv", "tsv", "json", "jsonl", "ndjson", "lst", "list", "xml", "gz",   "bz2", "xz",
    "zst", "log", "out", "dat",  "md",    "html",   "htm", "yaml", "yml", "conf", "tmp", "bak"};

// An ASCII letter, or a byte of a UTF-8 sequence: names may be international (bücher.example).
bool is_letter(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
}

bool is_label(std::string_view label) {
    return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
           std::all_of(label.begin(), label.end(),
                       [](char c) { return is_letter(c) || ascii::is_digit(c) || c == '-'; });
}

bool is_ipv4(std::string_view host) {
    int parts = 0;
    for (std::string_view rest = host; parts < 5; ++parts) {
        const auto dot = rest.find('.');
        const std::string_view part = rest.substr(0, dot);
        if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), ascii::is_digit))
            return false;
        if (dot == std::string_view::npos) return parts == 3;
        rest = rest.substr(dot + 1);
    }
    return false;
}

bool is_domain(std::string_view host) {
    const auto last_dot = host.rfind('.');
    if (last_dot == std::string_view::npos || last_dot + 1 == host.size()) return false;
    const std::string tld = ascii::lower(host.substr(last_dot + 1));
    if (tld.size() < 2 || !std::all_of(tld.begin(), tld.end(), is_letter)) return false;
    if (std::find(std::begin(file_extensions), std::end(file_extensions), tld) != std::end(file_extensions))
        return false;
    for (std::string_view rest = host;;) {
        const auto dot = rest.find('.');
        if (!is_label(rest.substr(0, dot))) return false;
        if (dot == std::string_view::npos) return true;
        rest = rest.substr(dot + 1);
    }
}

bool is_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

bool is_http_url(std::string_view word) {
    return ascii::starts_with_ci(word, "http://") || ascii::starts_with_ci(word, "https://");
}

// httpx's -x METHOD, which fetch reads as curl does: a proxy.
Result<void> check_method_as_proxy(const std::vector<std::string>& args, std::size_t i) {
    static constexpr std::string_view methods[] = {"GET",    "HEAD",  "POST",    "PUT",
                                                   "DELETE", "PATCH", "OPTIONS", "ALL"};
    if ((args[i] != "-x" && args[i] != "--proxy") || i + 1 >= args.size()) return {};
    if (std::find(std::begin(methods), std::end(methods), args[i + 1]) == std::end(methods)) return {};
    return fail("-x " + args[i + 1] +
                " is httpx's request method; fetch's -x is a proxy, as curl's (for HEAD "
                "requests, fetch spells this -I)");
}

// curl's -u USER:PASSWORD: fetch's -u is a URL (httpx's habit), which would read as the host
// USER on a port PASSWORD. A host and port ("localhost:8080", "[::1]:80") is no such thing.
bool is_credentials(std::string_view url) {
    if (url.empty() || url[0] == '[' || url.find("://") != std::string_view::npos) return false;
    const auto colon = url.find(':');
    if (colon == 0 || colon == std::string_view::npos || url.find_first_of("/@?#") != std::string_view::npos)
        return false;
    const std::string_view port = url.substr(colon + 1);
    return port.empty() || !std::all_of(port.begin(), port.end(), ascii::is_digit);
}

}  // namespace

Result<void> refuse_credentials_as_urls(const InputOptions& input) {
    for (const std::string& url : input.urls) {
        if (!is_credentials(url)) continue;
        const std::string user = url.substr(0, url.find(':'));
        return fail("-u " + user +
                    ":*** reads as curl's -u USER:PASSWORD; fetch's -u is a URL (as httpx's): put "
                    "them in it, https://" +
                    user + ":PASSWORD@host/");
    }
    return {};
}

bool looks_like_host(std::string_view word) {
    std::string_view host = word.substr(0, word.find_first_of("/?#"));
    if (const auto colon = host.rfind(':'); colon != std::string_view::npos) {
        const std::string_view port = host.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), ascii::is_digit))
            return false;
        host = host.substr(0, colon);
    }
    return ascii::lower(host) == "localhost" || is_ipv4(host) || is_domain(host);
}

Result<void> take_urls_named_as_lists(InputOptions& input, std::vector<std::string>& notes) {
    std::vector<std::string> lists, urls;
    for (std::string& list : input.lists) {
        if (list == "-" || is_file(list)) {
            lists.push_back(std::move(list));
        } else if (is_http_url(list)) {
            urls.push_back(std::move(list));
        } else if (looks_like_host(list)) {
            return fail("\"" + list + "\" is not a file; to fetch it, give it with -u (fetch -u " + list +
                        "), or as a URL (https://" + list + ")");
        } else {
            lists.push_back(std::move(list));
        }
    }
    input.lists = std::move(lists);
    if (urls.empty()) return {};
    const std::string more = urls.size() > 1 ? " and " + std::to_string(urls.size() - 1) + " more" : "";
    notes.push_back(urls.front() + more + (urls.size() > 1 ? " are" : " is") +
                    " not a file: fetched as a URL, as -u would");
    input.urls.insert(input.urls.end(), urls.begin(), urls.end());
    return {};
}

Span<ForeignOption> foreign_options() {
    return foreign_table;
}

const OptionSpec* option_spelt(std::string_view name) {
    for (const OptionSpec& option : option_table())
        if (!is_positional(option) && spells(option, name)) return &option;
    return nullptr;
}

Result<std::vector<std::string>> prepare_arguments(const std::vector<std::string>& args) {
    std::vector<std::string> prepared;
    for (std::size_t i = 0; i < args.size();) {
        const std::string& word = args[i];
        if (word == "--") {  // the rest are lists, whatever they look like
            prepared.insert(prepared.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
            break;
        }
        if (word.rfind("--help=", 0) == 0) {  // --help=all is --help all
            prepared.insert(prepared.end(), {"--help", word.substr(7)});
            ++i;
            continue;
        }
        if (word.size() < 2 || word[0] != '-') {
            prepared.push_back(word);
            ++i;
            continue;
        }
        if (const Result<void> method = check_method_as_proxy(args, i); !method) return fail(method.error());
        const Result<std::size_t> taken = option_words(args, i);
        if (!taken) return fail(taken.error());
        const std::size_t end = std::min(args.size(), i + *taken);
        prepared.insert(prepared.end(), args.begin() + static_cast<std::ptrdiff_t>(i),
                        args.begin() + static_cast<std::ptrdiff_t>(end));
        i = end;
    }
    return prepared;
}

}  // namespace fetch
