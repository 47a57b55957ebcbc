#include "fetch/html/title.hpp"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlversion.h>

namespace fetch {

namespace {

void ignore_libxml2_message(void*, const char*, ...) {}

}  // namespace

HtmlLibrary::HtmlLibrary() {
    xmlInitParser();
    // libxml2 reports malformed HTML and XPath failures on stderr by default, from every
    // thread; pages are expected to be malformed, so its messages are dropped.
    xmlThrDefSetGenericErrorFunc(nullptr, &ignore_libxml2_message);
    xmlSetGenericErrorFunc(nullptr, &ignore_libxml2_message);
}

HtmlLibrary::~HtmlLibrary() {
    xmlCleanupParser();
}

std::string HtmlLibrary::version() {
    return std::string("libxml2 ") + LIBXML_DOTTED_VERSION;
}

}  // namespace fetch
