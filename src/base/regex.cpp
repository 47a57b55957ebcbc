// A search is bounded as a whole, not per start position: PCRE2's match limit counts the work
// of one start position, and an unanchored search starts again at every byte, so a pattern
// that backtracks got the limit once per byte of the subject (minutes on a 30 KB body).
//
// So every pattern is compiled with a callout before each of its items (PCRE2_AUTO_CALLOUT),
// and the callout counts the steps of all start positions together against one budget. The
// start optimizations stay (a pattern's first or required characters are still looked for
// with memchr), so an ordinary search costs what it did; a backtracking one stops at the
// budget. PCRE2's DFA matcher, which does not backtrack, was measured too and rejected: its
// list of states grows without bound on nested quantifiers ((a+)+b on 30,000 bytes took four
// minutes with a 100,000-entry workspace).
#include "fetch/base/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace fetch {

namespace {

// The budget of one search, spent by every step of every start position.
int count_step(pcre2_callout_block*, void* data) {
    auto* left = static_cast<unsigned long*>(data);
    if (*left == 0) return PCRE2_ERROR_MATCHLIMIT;  // negative: the whole search ends here
    --*left;
    return 0;
}

}  // namespace

struct Regex::Code {
    pcre2_code* code = nullptr;
    pcre2_match_context* context = nullptr;  // the limits; copied per search for its budget
    ~Code() {
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
};

Result<std::shared_ptr<const Regex>> Regex::compile(std::string_view pattern) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    auto code = std::make_unique<Code>();
    code->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                               PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C | PCRE2_AUTO_CALLOUT,
                               &error, &offset, nullptr);
    if (!code->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error, message, sizeof message);
        return fail("\"" + std::string(pattern) + "\" is not a regular expression: " +
                    reinterpret_cast<const char*>(message) + " at offset " + std::to_string(offset));
    }
    code->context = pcre2_match_context_create(nullptr);
    pcre2_set_match_limit(code->context, match_limit);
    pcre2_set_depth_limit(code->context, depth_limit);
    return std::shared_ptr<const Regex>(new Regex(std::string(pattern), code.release()));
}

Regex::~Regex() {
    delete code_;
}

std::optional<bool> Regex::search(std::string_view text) const {
    std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> match(
        pcre2_match_data_create_from_pattern(code_->code, nullptr), &pcre2_match_data_free);
    // The pattern is shared by every thread that searches: the budget travels per call.
    std::unique_ptr<pcre2_match_context, decltype(&pcre2_match_context_free)> context(
        pcre2_match_context_copy(code_->context), &pcre2_match_context_free);
    unsigned long left = search_budget;
    pcre2_set_callout(context.get(), &count_step, &left);
    const int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0,
                               match.get(), context.get());
    if (rc >= 0) return true;
    if (rc == PCRE2_ERROR_NOMATCH) return false;
    return std::nullopt;  // the budget, a limit, or no memory
}

}  // namespace fetch
