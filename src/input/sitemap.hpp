// --sitemap URL|FILE: a sitemap's <loc> URLs streamed into the run as input records. A
// urlset gives its pages; a sitemapindex its sitemaps, read in turn (an index in an index is
// followed, to depth 2, and no sitemap is read twice). Plain or gzip, a file or fetched. A
// file is read only when named on the command line; what a sitemap names must be an
// absolute http(s) URL. Fetching is not this stage's: the sitemap is asked for through
// Outlets::document, which app connects to the workers, so a sitemap obeys every option a
// page does (address rules, DNS, TLS, proxy, headers, limits).
// libxml2's reader parses it as it streams, so a 50,000-URL sitemap never sits in memory as a
// tree; a sitemap is bounded (64 MiB decoded, as the protocol's 50 MB with room), and so is
// each <loc> (64 KiB).
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"

namespace fetch {

class SitemapReader {
public:
    static constexpr std::uint64_t max_bytes = 64ull << 20;
    static constexpr std::size_t max_loc = 64 * 1024;
    static constexpr int max_depth = 2;  // an index, and the indexes it names

    struct Outlets {
        // An entry's URL; `origin` names the sitemap and the entry's 1-based position in it.
        // Returns false once the run is cancelled.
        std::function<bool(Origin origin, std::string url)> url;
        // What could not be read: a sitemap (origin.line 0) or one entry. Returns as url does.
        std::function<bool(Origin origin, std::string why)> error;
        // Fetches an http(s) URL; its body, at most `max_bytes` decoded, in a file to read.
        std::function<Result<FileDescriptor>(const std::string& url, std::uint64_t max_bytes)> document;
    };

    explicit SitemapReader(Outlets outlets) : outlets_(std::move(outlets)) {}

    // Reads `source` (a path, or an http(s) URL) and what it names. False once cancelled.
    bool read(const std::string& source) { return read(source, 1); }

private:
    bool read(const std::string& source, int depth);

    Outlets outlets_;
    std::set<std::string> seen_;  // sitemaps read, or being read
};

}  // namespace fetch
