// CLI11 does the tokenising only: every option is registered from the option table as text
// (or a counted flag), and the table's own parsers turn the text into Options. So every value
// is validated once, by fetch's rules, and every message is fetch's: one line, naming the
// option, the bad value and what would be valid.
#include "fetch/app/cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "fetch/app/exit_status.hpp"
#include "fetch/app/option_table.hpp"
#include "fetch/base/spelling.hpp"
#include "fetch/html/title.hpp"
#include "fetch/net/pool.hpp"
#include "habits.hpp"

namespace fetch {

namespace {

EarlyExit usage_error(const std::string& message) {
    return {exit_status::usage, {}, "fetch: " + message + "\n"};
}

// What CLI11 collected for one row of the table.
struct Given {
    std::vector<std::string> values;
    std::int64_t count = 0;  // flags
};

CLI::Option* register_option(CLI::App& app, const OptionSpec& option, Given& given) {
    std::string names(option.names);
    if (!option.aliases.empty()) names.append(",").append(option.aliases);
    if (option.value_name.empty()) return app.add_flag(names, given.count);
    if (is_positional(option)) return app.add_option(names, given.values);
    return app.add_option(names, given.values)->allow_extra_args(false);
}

// "unknown option --jbos (did you mean --jobs?)"
std::string unknown_option(const std::string& given) {
    const std::string_view name = std::string_view(given).substr(0, given.find('='));
    std::vector<std::string_view> names;
    for (const OptionSpec& option : option_table())
        if (!is_positional(option)) names.push_back(long_name(option));
    const std::string nearest = closest(name, names);
    return "unknown option " + std::string(name) +
           (nearest.empty() ? "" : " (did you mean " + nearest + "?)");
}

const OptionSpec* find_option(std::string_view name) {
    for (const OptionSpec& option : option_table()) {
        const std::string names = "," + std::string(option.names) + "," + std::string(option.aliases) + ",";
        if (names.find("," + std::string(name) + ",") != std::string::npos) return &option;
    }
    return nullptr;
}

// CLI11's own complaints, which concern the shape of the command line (a value missing, a
// flag given one), in fetch's words.
std::string describe_parse_error(const CLI::ParseError& error) {
    const std::string what = error.what();
    const std::string name = what.substr(0, what.find(':'));
    const OptionSpec* option = find_option(name);
    if (!option) return what;
    if (option->value_name.empty()) return std::string(long_name(*option)) + " takes no value";
    return std::string(long_name(*option)) + " needs a value (" + std::string(option->value_name) + ")";
}

// Applies every occurrence in the order the command line gives them, so that of two options
// that contradict each other the last one wins, as in curl (-L --no-follow does not follow);
// the first failure is the message. `order` is CLI11's parse order, one entry per occurrence.
Result<void> apply_all(Options& options, const std::vector<Given>& given, const std::vector<CLI::Option*>& rows,
                       const std::vector<CLI::Option*>& order) {
    const Span<OptionSpec> table = option_table();
    std::vector<std::size_t> applied(table.size());  // occurrences of each row applied so far
    for (const CLI::Option* occurrence : order) {
        const auto row = static_cast<std::size_t>(std::find(rows.begin(), rows.end(), occurrence) - rows.begin());
        if (row >= table.size() || !table[row].apply) continue;
        const OptionSpec& option = table[row];
        const bool flag = option.value_name.empty();
        if (applied[row] >= (flag ? static_cast<std::size_t>(given[row].count) : given[row].values.size())) continue;
        const std::string value = flag ? std::string() : given[row].values[applied[row]];
        ++applied[row];
        if (const Result<void> done = option.apply(options, value); !done) {
            return fail(std::string(long_name(option)) + ": " + done.error());
        }
    }
    return {};
}

// What the network stage collects for the fields the output prints, and only that, added to
// what the options asked for (--expect-body).
CaptureOptions capture_for(const FieldSelection& fields, CaptureOptions capture) {
    for (const SelectedField& field : fields) {
        switch (field.field->need) {
            case FieldNeed::header:
                if (std::find(capture.headers.begin(), capture.headers.end(), field.header()) == capture.headers.end())
                    capture.headers.push_back(field.header());
                break;
            case FieldNeed::tls_version:
                capture.tls_version = true;
                break;
            case FieldNeed::certificate:
                capture.certificate = true;
                break;
            case FieldNeed::body_sha256:
                capture.body_sha256 = true;
                break;
            case FieldNeed::head:
                capture.head = true;
                break;
            case FieldNeed::counts:
                capture.counts = true;
                break;
            case FieldNeed::favicon:  // the icon's <link> is in the head
                capture.favicon = capture.head = true;
                break;
            case FieldNeed::nothing:
                break;
        }
    }
    return capture;
}

// Each --extract NAME is the field NAME: where --fields put it as extract:NAME, or last.
void add_extracted_fields(FieldSelection& fields, const std::vector<Extraction>& extractions) {
    const Field* extract = find_field("extract");
    for (const Extraction& extraction : extractions) {
        const auto placed = std::find_if(fields.begin(), fields.end(), [&](const SelectedField& f) {
            return f.field == extract && f.argument == extraction.name;
        });
        if (placed == fields.end()) {
            fields.push_back({extract, extraction.name, extraction.name});
        } else {
            placed->key = extraction.name;
        }
    }
}

// -w TEMPLATE prints in place of records, so it takes neither a format nor fields; what its
// variables read is what the network stage collects.
Result<void> use_write_out(Options& options) {
    OutputOptions& output = options.output;
    if (output.write_out.empty()) return {};
    if (output.format != Format::text)
        return fail("--write-out: its template is printed in place of records; drop --format");
    if (!output.fields.empty() || !output.added_fields.empty())
        return fail("--write-out: its template names what is printed; drop --fields");
    std::vector<std::string> extractions;
    for (const Extraction& extraction : options.net.extract.extractions)
        extractions.push_back(extraction.name);
    Result<WriteOut> parsed = WriteOut::parse(output.write_out, extractions);
    if (!parsed) return fail("--write-out: " + parsed.error());
    output.fields = parsed->fields();
    output.write_out_template = std::move(parsed).value();
    return {};
}

// Decisions that need more than one option, or the console, made once all are known.
Result<void> finish(Options& options, const ConsoleFacts& facts) {
    OutputOptions& output = options.output;
    if (const Result<void> template_used = use_write_out(options); !template_used) return template_used;
    if (output.fields.empty())
        output.fields = default_fields(output.format, !options.net.extract.xpath.empty());
    add_fields(output.fields, output.added_fields);
    add_extracted_fields(output.fields, options.net.extract.extractions);
    if (output.header_row && rule_of(output.format).header == HeaderRow::none) {
        return fail("--header-row: only tsv output takes a header row (csv always has one); drop it or use --format tsv");
    }
    options.net.capture = capture_for(output.fields, std::move(options.net.capture));
    options.net.request.verbosity = options.console.quiet ? 0 : options.console.verbosity;
    // Behind a proxy, the addresses connected to are the proxy's business, and cannot be checked.
    if (!options.net.resolve.rules.empty() && !options.net.request.proxy.empty())
        return fail("--deny-ip/--allow-ip: the addresses a proxy connects to cannot be checked; drop --proxy");
    InputOptions& input = options.input;
    const Result<void> urls_taken = take_urls_named_as_lists(input, options.console.notes);
    if (!urls_taken) return urls_taken;
    if (const Result<void> credentials = refuse_credentials_as_urls(input); !credentials) return credentials;
    // "-" among the lists is read in place; stdin is implied only when no source was named.
    const bool named = !input.lists.empty() || !input.urls.empty() || !input.sitemaps.empty();
    input.read_stdin = !named && !facts.stdin_is_terminal;
    if (!named && !input.read_stdin) {
        return fail("no URLs: name a list file, '-' for stdin, or use --url or --sitemap");
    }
    // A JUnit report is one document, written when the run ends: a resumed run could only
    // start a second one. Journal another format and convert it, or re-run without --resume.
    if (!input.resume_file.empty() && rule_of(output.format).resumable == Resumable::no) {
        return fail(
            "--resume: a JUnit report is one document written at the end, so it cannot be resumed; use "
            "--format jsonl with --resume");
    }
    if (input.resume_force && input.resume_file.empty()) return fail("--resume-force: needs --resume FILE");
    if (output.format == Format::sqlite && output.file.empty())
        return fail("--format sqlite: needs -o FILE, the database to write (a database cannot go to standard output)");
    return {};
}

}  // namespace

std::string version_text() {
    return std::string("fetch ") + FETCH_VERSION + "\n" + NetLibrary::version() + "\n" +
           HtmlLibrary::version() + "\n";
}

CommandLine parse_command_line(const std::vector<std::string>& args, const ConsoleFacts& facts) {
    const Span<OptionSpec> table = option_table();
    std::vector<Given> given(table.size());
    CLI::App app;
    app.set_help_flag();
    app.allow_extras();
    std::vector<CLI::Option*> rows(table.size());
    for (std::size_t i = 0; i < table.size(); ++i)
        rows[i] = register_option(app, table[i], given[i]);

    const Result<std::vector<std::string>> prepared = prepare_arguments(args);
    if (!prepared) return usage_error(prepared.error());
    std::vector<const char*> argv = {"fetch"};
    for (const std::string& arg : *prepared)
        argv.push_back(arg.c_str());
    try {
        app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError& error) {
        return usage_error(describe_parse_error(error));
    }
    for (const std::string& extra : app.remaining()) {
        if (extra != "--") return usage_error(unknown_option(extra));  // "--" ends the options
    }

    const auto given_to = [&](std::string_view name) {
        return given[static_cast<std::size_t>(find_option(name) - table.begin())];
    };
    if (given_to("--help").count > 0) {
        const std::vector<std::string>& lists = given_to("lists").values;
        const bool all = std::find(lists.begin(), lists.end(), "all") != lists.end();
        return EarlyExit{exit_status::success, help_text(all), {}};
    }
    if (given_to("--version").count > 0) return EarlyExit{exit_status::success, version_text(), {}};

    Options options = default_options();
    if (const Result<void> applied = apply_all(options, given, rows, app.parse_order()); !applied) {
        return usage_error(applied.error());
    }
    options.verdict.expect_stated = !given_to("--expect").values.empty();
    if (const Result<void> finished = finish(options, facts); !finished) return usage_error(finished.error());
    return options;
}

}  // namespace fetch
