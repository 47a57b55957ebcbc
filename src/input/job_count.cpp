#include "fetch/input/intake.hpp"

#include <sys/stat.h>

#include "fetch/input/list_reader.hpp"
#include "row_reader.hpp"

namespace fetch {

std::int64_t count_job(const InputOptions& input, const ResumeState* resume, const std::atomic<bool>& stop) {
    if (input.read_stdin || !input.sitemaps.empty()) return -1;
    std::uint64_t position = 0;
    std::int64_t count = 0;
    const auto take = [&] {
        const std::uint64_t index = position++;
        if (input.shard.includes(index) && !(resume && resume->done(index))) ++count;
    };
    for (std::size_t i = 0; i < input.urls.size(); ++i)
        take();
    for (const std::string& path : input.lists) {
        struct stat info {};  // a FIFO must not even be opened: that would wait for its writer
        if (path == "-" || ::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) return -1;
        Result<ListReader> list = ListReader::open(path);
        if (!list || !list->regular()) return -1;
        RecordStream records(list.value(), input.format);
        const RowReader rows(input.format, input.field);
        ListRecord record;
        if (rows.wants_header()) records.next(record);
        while (records.next(record)) {
            if (stop) return -1;
            take();
        }
    }
    return count;
}

}  // namespace fetch
