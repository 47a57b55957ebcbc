// Compiled as a file of the app stage would be (its include paths, its links), by the tests
// in tests/CMakeLists.txt: through the network stage's face it compiles; reaching for one of
// that stage's internal headers, the way every stage could before faces were enforced, it
// must not. The two builds differ in that one #include line only.
#ifdef FETCH_PROBE_INTERNALS
#include "net/worker.hpp"
#else
#include "fetch/net/pool.hpp"
#endif

namespace fetch {

std::size_t probe_face(const WorkerPool& pool) { return pool.in_flight(); }

}  // namespace fetch
