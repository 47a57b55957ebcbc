// Measures encoding detectors on the detection corpus, per family: what fetch ships and the
// candidates it was chosen over (docs/TITLES.md, "Pages that do not say their encoding").
//
//   build/tests/detect_evaluate tests/detect
//
// Each page goes the way fetch takes it: UTF-8 when its bytes are, ISO-2022-JP when its escapes
// say so, and only otherwise to the detector, which sees at most the first 8 KiB, as fetch's.
// No detector answering means windows-1252.
#include <uchardet/uchardet.h>
#include <unicode/ucsdet.h>

#include <chrono>
#include <cstdio>
#include <functional>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/utf8.hpp"
#include "../detect/corpus.hpp"
#include "html/detect.hpp"
#include "html/encoding.hpp"

namespace {

using namespace fetch;
using Detector = std::function<std::string(std::string_view bytes, std::string_view tld)>;

constexpr std::size_t detection_bytes = 8 * 1024;

std::string mapped(std::string_view name) {
    const std::string label = ascii::lower(name);
    if (label == "uhc" || label == "cp949") return "euc-kr";
    const std::string_view resolved = encoding::resolve_label(label);
    if (resolved == "utf-8" || resolved == "utf-16le" || resolved == "utf-16be" || resolved == "replacement")
        return {};
    return std::string(resolved);
}

// fetch's previous detector: uchardet, and a Latin-script answer other than windows-1252 only
// from 32 non-ASCII bytes on.
std::string uchardet_as_released(std::string_view bytes, std::string_view) {
    const std::string found(encoding::uchardet_guess(bytes));
    const std::string_view family = encoding::family_of(found);
    std::size_t high = 0;
    for (const char c : bytes)
        high += static_cast<unsigned char>(c) >= 0x80 ? 1 : 0;
    const bool other_latin = family == "central" || family == "baltic" || family == "vietnamese" ||
                             family == "turkish" || found == "iso-8859-15" || found == "macintosh";
    return other_latin && high < 32 ? std::string() : found;
}

// Markup and its attribute values out, text in: what a detector sees of a page's words.
std::string text_only(std::string_view bytes) {
    std::string text;
    bool in_tag = false;
    for (const char c : bytes) {
        if (c == '<') in_tag = true;
        if (!in_tag) text.push_back(c);
        if (c == '>') in_tag = false;
    }
    return text;
}

void close_detector(UCharsetDetector* detector) {
    ucsdet_close(detector);
}

// ICU's charset detector; with `filter`, its own markup filter on. The first of its matches
// that the Encoding Standard names.
std::string icu(std::string_view bytes, bool filter) {
    UErrorCode status = U_ZERO_ERROR;
    const fetch::CPtr<UCharsetDetector, close_detector> detector(ucsdet_open(&status));
    if (U_FAILURE(status)) return {};
    ucsdet_enableInputFilter(detector.get(), filter);
    ucsdet_setText(detector.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &status);
    int32_t count = 0;
    const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &count, &status);
    for (int32_t i = 0; U_SUCCESS(status) && i < count; ++i) {
        const std::string name = mapped(ucsdet_getName(matches[i], &status));
        if (!name.empty()) return name;
    }
    return {};
}

std::string scorer_with(std::string_view bytes, std::string_view tld, bool use_tld) {
    return std::string(encoding::detect(bytes, use_tld ? tld : std::string_view{}));
}

struct Candidate {
    const char* name;
    Detector detect;
};

const Candidate candidates[] = {
    {"uchardet, as released (Latin from 32 bytes)", uchardet_as_released},
    {"uchardet, every answer", [](auto b, auto) { return std::string(encoding::uchardet_guess(b)); }},
    {"uchardet, text only", [](auto b, auto) { return std::string(encoding::uchardet_guess(text_only(b))); }},
    {"ICU, markup filter on", [](auto b, auto) { return icu(b, true); }},
    {"ICU, markup filter off", [](auto b, auto) { return icu(b, false); }},
    {"scorer + uchardet (multi-byte), no domain", [](auto b, auto t) { return scorer_with(b, t, false); }},
    {"scorer + uchardet (multi-byte), with domain", [](auto b, auto t) { return scorer_with(b, t, true); }},
};

std::string as_fetch_reads(const detect_corpus::Page& page, const Detector& detect) {
    if (encoding::has_iso_2022_jp_escapes(page.bytes)) return "iso-2022-jp";
    if (utf8::is_valid(page.bytes)) return "utf-8";
    const std::string found = detect(std::string_view(page.bytes).substr(0, detection_bytes),
                                     encoding::top_level_domain(page.host));
    return found.empty() ? "windows-1252" : found;
}

void print_row(const char* name, const detect_corpus::Tally& tally, double micros) {
    std::printf("%-44s", name);
    for (const auto& [family, counts] : tally.families)
        std::printf(" %5.1f", 100.0 * counts.first / counts.second);
    const auto [good, all] = tally.total();
    std::printf(" | %5.1f%% (%d/%d) %6.1f us/page\n", 100.0 * good / all, good, all, micros);
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<detect_corpus::Page> pages = detect_corpus::load(argc > 1 ? argv[1] : "tests/detect");
    const bool verbose = argc > 2;
    bool header = false;
    for (const Candidate& candidate : candidates) {
        detect_corpus::Tally tally;
        const auto start = std::chrono::steady_clock::now();
        for (const auto& page : pages) {
            const std::string found = as_fetch_reads(page, candidate.detect);
            const bool right = detect_corpus::read_right(page, found);
            tally.add(page.family, right);
            if (verbose && !right)
                std::printf("  %s: %s as %s\n", candidate.name, page.file.c_str(), found.c_str());
        }
        const std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
        if (!header) {
            std::printf("%-44s", "per family, % read right");
            for (const auto& [family, _] : tally.families)
                std::printf(" %5.5s", family.c_str());
            std::printf(" | all\n");
            header = true;
        }
        print_row(candidate.name, tally, took.count() / static_cast<double>(pages.size()));
    }
}
