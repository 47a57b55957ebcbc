#include "fetch/output/verdict.hpp"

namespace fetch {

namespace {

std::string slashed(const Regex& regex) {
    return "/" + regex.pattern() + "/";
}

}  // namespace

Verdict::Judgement Verdict::judge(Record& record) {
    if (record.omitted) {
        stats_.skipped();
        return {};
    }
    if (record.interrupted) {
        stats_.not_fetched();
        return {};
    }
    record.expect_failed = missed(record);
    record.met = (record.ok() && record.status && !record.expect_failed) || polite_skip(record);
    stats_.add(record, record.met);
    if (record.met) return {};
    all_met_ = false;
    const bool stop = options_.fail_fast && stopped_at_.empty();
    if (stop) stopped_at_ = describe_failure(record);
    return {false, stop};
}

// A URL robots.txt disallows was left alone on purpose (--robots): that meets the default
// expectation, but not one the user stated (--expect, or the list line's own), which asks for
// an answer that was never asked for.
bool Verdict::polite_skip(const Record& record) const {
    return record.error_kind == ErrorKind::robots && !options_.expect_stated && !record.expectation;
}

std::optional<std::pair<std::string, std::string>> Verdict::missed(const Record& record) const {
    if (!record.ok() || !record.status) return std::nullopt;
    const UrlExpectation* own = record.expectation.get();
    const Expectation& status = own && own->status ? *own->status : options_.expect;
    if (!status.accepts(*record.status))
        return std::pair{"status", "HTTP " + std::to_string(*record.status) + ", expected " + status.spec()};
    if (const Regex* title = own && own->title ? own->title.get() : options_.expect_title.get()) {
        const std::optional<bool> found = title->search(record.title.value_or(""));
        if (!found) return std::pair{"title", slashed(*title) + " gave up (match limit) on the title"};
        if (!*found) {
            return std::pair{"title", record.title ? "\"" + *record.title + "\", expected " + slashed(*title)
                                                   : "no title, expected " + slashed(*title)};
        }
    }
    switch (record.body_check) {
        case BodyCheck::missed:
            return std::pair{"body", "no match for the --expect-body pattern"};
        case BodyCheck::gave_up:
            return std::pair{"body", "the --expect-body pattern gave up (match limit)"};
        case BodyCheck::not_asked:
        case BodyCheck::matched:
            break;
    }
    return std::nullopt;
}

}  // namespace fetch
