#include "fetch/input/sitemap.hpp"

#include <curl/curl.h>
#include <libxml/xmlreader.h>

#include <cstdio>
#include <cstring>

#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/redact.hpp"

namespace fetch {

namespace {

using Reader = CPtr<xmlTextReader, xmlFreeTextReader>;
using File = CPtr<FILE, fclose>;

void free_xml(xmlChar* text) {
    xmlFree(text);
}
using XmlText = CPtr<xmlChar, free_xml>;

bool is_remote(const std::string& source) {
    const std::string lower = ascii::lower(source.substr(0, 8));
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

// A download into a temporary file, its decoded size bounded.
struct Download {
    FILE* file;
    std::uint64_t bytes = 0;
    bool too_large = false;

    static std::size_t write(char* data, std::size_t size, std::size_t count, void* self) {
        auto* download = static_cast<Download*>(self);
        download->bytes += size * count;
        if (download->bytes > SitemapReader::max_bytes) {
            download->too_large = true;
            return 0;
        }
        return std::fwrite(data, size, count, download->file) * size;
    }
};

// A fetched sitemap, in an unnamed temporary file (gzip bodies as they came: libxml2 reads
// .xml.gz itself; a gzip Content-Encoding is decoded by libcurl).
Result<File> fetch_sitemap(const std::string& url, long timeout_seconds) {
    File file(std::tmpfile());
    if (!file) return fail(std::string("a temporary file: ") + std::strerror(errno));
    CPtr<CURL, curl_easy_cleanup> easy(curl_easy_init());
    if (!easy) return fail("libcurl cannot start a transfer");
    Download download{file.get()};
    char error[CURL_ERROR_SIZE] = {};
    CURL* e = easy.get();
    curl_easy_setopt(e, CURLOPT_URL, url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_TIMEOUT, timeout_seconds);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, "fetch/" FETCH_VERSION);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &Download::write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &download);
    const CURLcode rc = curl_easy_perform(e);
    if (download.too_large) return fail("larger than 64 MiB decoded");
    if (rc != CURLE_OK) return fail(error[0] ? error : curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299) return fail("HTTP " + std::to_string(status));
    if (std::fflush(file.get()) != 0) return fail(std::string("a temporary file: ") + std::strerror(errno));
    return file;
}

void collect_error(void* message, xmlError* error) {
    auto* out = static_cast<std::string*>(message);
    if (out->empty() && error && error->message) *out = ascii::trim(error->message);
}

}  // namespace

bool SitemapReader::read(const std::string& source, int depth) {
    seen_.insert(source);
    const std::string name = redact_credentials(source);
    File fetched;
    std::string path = source;
    if (is_remote(source)) {
        Result<File> file = fetch_sitemap(source, timeout_);
        if (!file) return outlets_.error({name, 0}, "the sitemap: " + file.error());
        fetched = std::move(file).value();
        path = "/proc/self/fd/" + std::to_string(fileno(fetched.get()));  // libxml2 opens it, gzip or not
    }
    std::string problem;
    // No network, no DTD, no entity substitution: a sitemap can name URLs and nothing else.
    Reader reader(
        xmlReaderForFile(path.c_str(), nullptr, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
    if (!reader) return outlets_.error({name, 0}, "the sitemap cannot be opened");
    xmlTextReaderSetStructuredErrorHandler(reader.get(), collect_error, &problem);
    bool index = false;
    std::uint64_t entry = 0;
    int rc = 0;
    while ((rc = xmlTextReaderRead(reader.get())) == 1) {
        if (static_cast<std::uint64_t>(xmlTextReaderByteConsumed(reader.get())) > max_bytes)
            return outlets_.error({name, 0}, "the sitemap is larger than 64 MiB decoded");
        if (xmlTextReaderNodeType(reader.get()) != XML_READER_TYPE_ELEMENT) continue;
        const std::string element = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(reader.get()));
        if (xmlTextReaderDepth(reader.get()) == 0) {
            if (element != "urlset" && element != "sitemapindex")
                return outlets_.error({name, 0},
                                      "the sitemap's <" + element + "> is not <urlset> or <sitemapindex>");
            index = element == "sitemapindex";
            continue;
        }
        if (element != "loc" || xmlTextReaderDepth(reader.get()) != 2) continue;
        const XmlText text(xmlTextReaderReadString(reader.get()));
        const std::string loc(ascii::trim(text ? reinterpret_cast<const char*>(text.get()) : ""));
        const Origin origin{name, ++entry};
        bool going = true;
        if (loc.size() > max_loc || loc.empty()) {
            going = outlets_.error(origin, loc.empty() ? "an empty <loc>" : "a <loc> longer than 64 KiB");
        } else if (!index) {
            going = outlets_.url(origin, loc);
        } else if (depth >= max_depth) {
            going = outlets_.error(origin,
                                   "an index nested deeper than " + std::to_string(max_depth) + " levels");
        } else if (seen_.count(loc)) {
            going = outlets_.error(origin, "names a sitemap already read: " + redact_credentials(loc));
        } else {
            going = read(loc, depth + 1);
        }
        if (!going) return false;
    }
    if (rc < 0)
        return outlets_.error({name, 0},
                              "the sitemap is not well-formed XML" + (problem.empty() ? "" : ": " + problem));
    return true;
}

}  // namespace fetch
