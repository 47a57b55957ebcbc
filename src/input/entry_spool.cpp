#include "entry_spool.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace fetch {

namespace {

// Each entry: a fixed head, then the source's bytes and the text's.
struct Head {
    std::uint64_t line;
    std::uint32_t source_size;
    std::uint32_t text_size;
    std::uint8_t usable;
};

}  // namespace

EntrySpool::EntrySpool() : file_(std::tmpfile()) {
    if (!file_)
        throw std::runtime_error(std::string("a temporary file for sitemap entries: ") +
                                 std::strerror(errno));
}

bool EntrySpool::add(const SpooledEntry& entry) {
    const Head head{entry.origin.line, static_cast<std::uint32_t>(entry.origin.source.size()),
                    static_cast<std::uint32_t>(entry.text.size()),
                    entry.usable ? std::uint8_t{1} : std::uint8_t{0}};
    FILE* file = file_.get();
    const bool written =
        std::fwrite(&head, sizeof head, 1, file) == 1 &&
        std::fwrite(entry.origin.source.data(), 1, head.source_size, file) == head.source_size &&
        std::fwrite(entry.text.data(), 1, head.text_size, file) == head.text_size;
    added_ += written ? 1 : 0;
    return written;
}

void EntrySpool::rewind() {
    std::fflush(file_.get());
    std::rewind(file_.get());
}

bool EntrySpool::next(SpooledEntry& entry) {
    Head head{};
    FILE* file = file_.get();
    if (std::fread(&head, sizeof head, 1, file) != 1) return false;
    entry.origin.line = head.line;
    entry.origin.source.resize(head.source_size);
    entry.text.resize(head.text_size);
    entry.usable = head.usable != 0;
    return std::fread(entry.origin.source.data(), 1, head.source_size, file) == head.source_size &&
           std::fread(entry.text.data(), 1, head.text_size, file) == head.text_size;
}

}  // namespace fetch
