// The files a run works on, opened in the order that keeps them safe: the lists first, read
// only; then the check that no file written is also one read (an output or state file that is
// a list, stdin redirected from one or a sitemap file, or the output that is the state file,
// compared by device and inode, so no path trick gets past it); then the resume journal, and
// the output last, without truncating it (the Sink replaces its content at the first record).
// With --resume and a regular output, the output is checked against the journal's commits
// before anything is written (ResumeState::check_output). --format sqlite opens -o as a database
// instead, which --resume names too: its rows are the journal.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fetch/app/options.hpp"
#include "fetch/base/handle.hpp"
#include "fetch/base/result.hpp"
#include "fetch/input/list_reader.hpp"
#include "fetch/input/resume.hpp"
#include "fetch/output/database.hpp"

namespace fetch {

struct JobFiles {
    std::vector<ListReader> lists;  // those that could be opened, in order
    int unusable_lists = 0;         // reported by name; the run goes on, then exits 2
    std::unique_ptr<ResumeState> resume;
    FileDescriptor output;    // -o FILE; invalid for standard output
    std::unique_ptr<RecordDatabase> database;  // --format sqlite: -o FILE, which is also its own journal
    std::string output_name;  // for messages
    bool replace_output = false;  // -o without --resume: its old content goes at the first record

    int output_fd() const;
};

// Fails, with a message naming the file, when the run cannot go ahead at all (exit 2).
Result<JobFiles> open_job_files(const Options& options);

// The identity a resume journal is checked against.
JobIdentity job_identity(const Options& options);

}  // namespace fetch
