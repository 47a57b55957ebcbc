#include "fetch/base/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace fetch {

struct Regex::Code {
    pcre2_code* code = nullptr;
    pcre2_match_context* context = nullptr;
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
                               PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_NEVER_BACKSLASH_C, &error, &offset,
                               nullptr);
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
    pcre2_match_data* match = pcre2_match_data_create_from_pattern(code_->code, nullptr);
    const int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), 0, 0,
                               match, code_->context);
    pcre2_match_data_free(match);
    if (rc >= 0) return true;
    if (rc == PCRE2_ERROR_NOMATCH) return false;
    return std::nullopt;  // a limit (PCRE2_ERROR_MATCHLIMIT, _DEPTHLIMIT) or no memory
}

}  // namespace fetch
