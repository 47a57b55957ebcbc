// The progress line's total: how many records this run is to write.
#pragma once

#include <atomic>
#include <cstdint>

#include "fetch/input/options.hpp"
#include "fetch/input/resume.hpp"

namespace fetch {

// The -u URLs and the lists' records (as --input-format reads them) whose positions are in the
// shard and not done in the journal (`resume` may be null); -1 when that cannot be known in
// advance, or not safely: a pipe or a FIFO is read once, by the reader, and a sitemap's length
// is known only once it is read. --unique's repeats are found as the reader meets them
// (Intake::duplicates). Returns -1 too once `stop` is set.
std::int64_t count_job(const InputOptions& input, const ResumeState* resume, const std::atomic<bool>& stop);

}  // namespace fetch
