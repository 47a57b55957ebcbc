// --format sqlite: the records in an SQLite database (-o FILE), for queries instead of grep.
//
// Two tables. `records` has one row per input URL, keyed by its input position, and one
// column per selected field, typed from the field table (numbers and flags INTEGER, times
// REAL, text TEXT, lists such as redirect_chain TEXT holding JSON, none NULL):
//
//   CREATE TABLE records (idx INTEGER PRIMARY KEY, met INTEGER NOT NULL, "status" INTEGER, ...)
//
// `met` is 1 when the record met --expect. `meta` (key TEXT PRIMARY KEY, value TEXT) names the
// job the rows belong to: the fingerprint --resume computes of the lists, the shard, the
// format, the fields, and once read the sitemaps' entries.
//
// Why it survives kill -9: rows are inserted into a transaction that the writer commits when
// a batch of records ends (where the other formats make their one write(2)), in WAL mode, so
// a process killed at any moment leaves the last committed batch whole and nothing of the one
// after. The database is therefore its own resume journal: the rows present are the positions
// done, and the primary key keeps any position from being there twice. synchronous=NORMAL is
// enough for that (a commit is in the WAL file, in the kernel, when COMMIT returns); a power
// cut may lose the last batches, never the database.
//
// Without --resume, a database that already holds a `records` table has it replaced in the
// transaction of the first batch: a run that ends before its first record leaves it as it was
// (as -o does for the other formats). A file that is not an SQLite database is refused, never
// overwritten. An exclusive flock(2) keeps a second fetch out; readers (sqlite3 while the run
// goes on) are welcome.
//
// Threads: opened by the main thread, then used by the writer thread only; set_meta() may come
// from any thread (the reader journals the sitemaps' fingerprint).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "fetch/base/handle.hpp"
#include "fetch/base/record.hpp"
#include "fetch/base/result.hpp"
#include "fetch/output/fields.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace fetch {

class RecordDatabase {
public:
    // Opens or creates the database at `path` for these fields. `keep`: the job goes on
    // (--resume): its rows stay, and its records table must have these columns.
    static Result<std::unique_ptr<RecordDatabase>> open(const std::string& path, FieldSelection fields, bool keep);
    ~RecordDatabase();
    RecordDatabase(const RecordDatabase&) = delete;
    RecordDatabase& operator=(const RecordDatabase&) = delete;

    // What the database says of its job (empty for a new one, or one being replaced).
    const std::map<std::string, std::string>& stored_meta() const { return meta_; }
    // Every row's position and whether it met --expect, in position order.
    Result<std::vector<std::pair<std::uint64_t, bool>>> finished();

    // Any thread: stored with the next batch's rows.
    void set_meta(const std::string& key, const std::string& value);

    // Writer thread: one record, into the batch under way.
    void insert(const Record& record);
    // Writer thread: the batch is one transaction, committed now; the message on failure.
    Result<void> commit();
    // The run is complete without a record (--allow-empty): the old records table is
    // replaced all the same, as a CSV's rows are by its header. False on failure.
    bool publish();
    // Why a record could not be kept ("" while every one was).
    std::string failure() const;

    const std::string& path() const { return path_; }

private:
    struct Closer {
        void operator()(sqlite3* db) const noexcept;
        void operator()(sqlite3_stmt* statement) const noexcept;
    };

    RecordDatabase(std::string path, FieldSelection fields, FileDescriptor lock);
    Result<void> prepare_schema(bool keep);
    Result<void> check_columns();
    Result<void> execute(const std::string& sql);
    Result<void> begin_batch();
    Result<void> write_meta();
    Result<void> load_meta();
    void bind(int column, const FieldValue& value);
    std::string error_text() const;

    FileDescriptor lock_;  // flock(2) on the file; declared first, so it is released last
    std::string path_;
    FieldSelection fields_;
    std::unique_ptr<sqlite3, Closer> db_;
    std::unique_ptr<sqlite3_stmt, Closer> insert_;  // prepared when the first batch begins
    bool replace_ = false;  // the old records table goes when the first batch begins
    bool in_batch_ = false;
    std::string failure_;
    std::map<std::string, std::string> meta_;

    std::mutex meta_mutex_;
    std::map<std::string, std::string> pending_meta_;
};

}  // namespace fetch
