// Fuzz target for the list reader and the URL normaliser: the input is a list file.
// Oracle: lines stay within bounds; an accepted URL is http(s), free of control bytes and
// spaces, valid UTF-8, with a host:port key; every error message is valid UTF-8.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "fetch/base/redact.hpp"
#include "fetch/base/utf8.hpp"
#include "fetch/input/list_reader.hpp"
#include "input/url.hpp"

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int fd = memfd_create("list", MFD_CLOEXEC);
    if (fd < 0) return 0;
    for (std::size_t written = 0; written < size;) {
        const ssize_t n = write(fd, data + written, size - written);
        if (n <= 0) break;
        written += static_cast<std::size_t>(n);
    }
    {
        fetch::ListReader reader = fetch::ListReader::open("/proc/self/fd/" + std::to_string(fd)).value();
        std::uint64_t previous = 0;
        for (fetch::ListLine line; reader.next(line);) {
            check(line.number > previous);
            previous = line.number;
            check(line.text.size() <= fetch::ListReader::max_line_bytes);
            check(line.text.find('\n') == std::string::npos);
            const auto url = fetch::normalize_url(line.text);
            if (!url.ok()) {
                check(fetch::utf8::is_valid(url.error()));
                continue;
            }
            check(url->url.rfind("http://", 0) == 0 || url->url.rfind("https://", 0) == 0);
            check(fetch::utf8::is_valid(url->url) && fetch::utf8::is_valid(url->display));
            for (const char c : url->url)
                check(static_cast<unsigned char>(c) > 0x20 && c != 0x7F);
            check(url->host.find(':') != std::string::npos);
            fetch::redact_credentials(line.text);
        }
    }
    close(fd);
    return 0;
}
