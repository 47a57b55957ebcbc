#include "sitemap.hpp"

#include <libxml/xmlreader.h>


#include "fetch/base/ascii.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/redact.hpp"

namespace fetch {

namespace {

using Reader = CPtr<xmlTextReader, xmlFreeTextReader>;

void free_xml(xmlChar* text) {
    xmlFree(text);
}
using XmlText = CPtr<xmlChar, free_xml>;

bool is_remote(const std::string& source) {
    const std::string lower = ascii::lower(source.substr(0, 8));
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

void collect_error(void* message, xmlError* error) {
    auto* out = static_cast<std::string*>(message);
    if (out->empty() && error && error->message) *out = ascii::trim(error->message);
}

}  // namespace

bool SitemapReader::read(const std::string& source, int depth) {
    seen_.insert(source);
    const std::string name = redact_credentials(source);
    FileDescriptor fetched;
    std::string path = source;
    if (is_remote(source)) {
        Result<FileDescriptor> file = outlets_.document(source, max_bytes);
        if (!file) return outlets_.error({name, 0}, "the sitemap: " + file.error());
        fetched = std::move(file).value();
        path = "/proc/self/fd/" + std::to_string(fetched.get());  // libxml2 opens it, gzip or not
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
        } else if (!is_remote(loc)) {  // never a file, a path or another scheme: a site names URLs
            going = outlets_.error(origin, "a <loc> that is not an absolute http(s) URL");
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
