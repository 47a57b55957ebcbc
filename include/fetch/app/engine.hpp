// The pipeline, wired: the reader (this thread, Intake) -> the admission gate -> the workers
// (WorkerPool) -> the writer (RecordWriter) -> the Sink. docs/ARCHITECTURE.md draws it.
#pragma once

#include "fetch/app/console.hpp"
#include "fetch/app/options.hpp"
#include "fetch/app/signals.hpp"

namespace fetch {

// Runs the whole job and returns the process exit status (exit_status.hpp). libcurl and
// libxml2 must have been initialised (main does it, before any thread exists); `signals`
// watches since main began, and the run handles them while it goes.
int run(const Options& options, const ConsoleFacts& facts, SignalWatcher& signals);

}  // namespace fetch
