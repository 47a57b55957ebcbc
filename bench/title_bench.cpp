// Cost of title extraction per page: fetch's early stop at </title> against parsing the whole
// page (what --xpath does, and what a scraper that loads the document and then queries it
// pays). Pages are generated: a realistic head, then body text and markup up to a size.
#include <benchmark/benchmark.h>

#include <string>

#include "fetch/html/title.hpp"

namespace {

std::string make_page(std::size_t bytes) {
    std::string page =
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width'><link rel=stylesheet href=/s.css>"
        "<title>A typical page title &ndash; Example site</title>"
        "<meta name=description content='A page for benchmarking'></head><body><main>";
    for (int i = 0; page.size() < bytes; ++i) {
        page += "<section><h2>Section " + std::to_string(i) +
                "</h2><p>Lorem ipsum dolor sit amet, <a href='/x'>consectetur</a> adipiscing elit, sed do "
                "eiusmod tempor <em>incididunt</em> ut labore et dolore magna aliqua.</p></section>\n";
    }
    return page + "</main></body></html>";
}

// Feeds the page in 16 KiB chunks, as libcurl delivers it.
void extract(benchmark::State& state, const std::string& xpath) {
    const std::string page = make_page(static_cast<std::size_t>(state.range(0)));
    std::size_t parsed = 0;
    for (auto _ : state) {
        fetch::TitleExtractor extractor("text/html", xpath);
        std::size_t at = 0;
        for (; at < page.size() && extractor.feed(std::string_view(page).substr(at, 16384)); at += 16384) {
        }
        extractor.finish();
        benchmark::DoNotOptimize(extractor.title());
        parsed = std::min(page.size(), at + 16384);
    }
    state.counters["page_bytes"] = static_cast<double>(page.size());
    state.counters["bytes_read"] = static_cast<double>(parsed);
}

void EarlyStop(benchmark::State& state) {
    extract(state, "");
}
void FullParse(benchmark::State& state) {
    extract(state, "string(//meta[@name='description']/@content)");
}

// Pages in a legacy encoding, with and without <meta charset>: the cost of detecting an
// undeclared encoding (on the fallback path only) against reading a declared one. A Japanese
// page in Shift_JIS ("東京の天気予報", Tokyo's weather forecast), which uchardet decides, and a
// Polish one in windows-1250 ("Łatwy przepis na żurek", an easy recipe for żurek), which
// the single-byte scorer decides after uchardet has found no multi-byte encoding.
struct Legacy {
    const char* label;
    std::string text;
};

const Legacy shift_jis{"shift_jis", "\x93\x8C\x8B\x9E\x82\xCC\x93\x56\x8B\x43\x97\x5C\x95\xF1"};
const Legacy windows_1250{"windows-1250", "\xA3\x61twy przepis na \xBFurek, kt\xF3ry si\xEA uda"};

std::string legacy_page(const Legacy& legacy, bool declared) {
    std::string page = std::string("<!DOCTYPE html><html><head>") +
                       (declared ? "<meta charset=" + std::string(legacy.label) + ">" : "") + "<title>" +
                       legacy.text + "</title></head><body>";
    while (page.size() < (30 << 10))
        page += "<p>" + legacy.text + " " + legacy.text + "</p>\n";
    return page + "</body></html>";
}

void legacy(benchmark::State& state, const Legacy& encoding, bool declared) {
    const std::string page = legacy_page(encoding, declared);
    for (auto _ : state) {
        fetch::TitleExtractor extractor("text/html", "");
        extractor.set_host("www.example.com");
        for (std::size_t at = 0; at < page.size() && extractor.feed(std::string_view(page).substr(at, 16384));
             at += 16384) {
        }
        extractor.finish();
        benchmark::DoNotOptimize(extractor.title());
    }
}

void LegacyDeclared(benchmark::State& state) {
    legacy(state, shift_jis, true);
}
void LegacyDetected(benchmark::State& state) {
    legacy(state, shift_jis, false);
}
void SingleByteDeclared(benchmark::State& state) {
    legacy(state, windows_1250, true);
}
void SingleByteDetected(benchmark::State& state) {
    legacy(state, windows_1250, false);
}

BENCHMARK(LegacyDeclared)->Unit(benchmark::kMicrosecond);
BENCHMARK(LegacyDetected)->Unit(benchmark::kMicrosecond);
BENCHMARK(SingleByteDeclared)->Unit(benchmark::kMicrosecond);
BENCHMARK(SingleByteDetected)->Unit(benchmark::kMicrosecond);
BENCHMARK(EarlyStop)->Arg(10 << 10)->Arg(30 << 10)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);
BENCHMARK(FullParse)->Arg(10 << 10)->Arg(30 << 10)->Arg(1 << 20)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
