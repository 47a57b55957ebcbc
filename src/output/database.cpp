#include "fetch/output/database.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "fetch/base/utf8.hpp"
#include "format.hpp"

namespace fetch {

namespace {

// The row's own columns, before the fields'.
constexpr std::string_view own_columns[] = {"idx", "met"};

std::string_view column_type(FieldValue::Type type) {
    // By FieldValue::Type: null, number, real, text, boolean, and structured (JSON text, which
    // json_extract() reads).
    constexpr std::string_view types[] = {"TEXT", "INTEGER", "REAL", "TEXT", "INTEGER", "TEXT"};
    static_assert(static_cast<int>(FieldValue::Type::structured) == 5,
                  "one SQL type per FieldValue::Type, in order");
    return types[static_cast<std::size_t>(type)];
}

// A field's key as an SQL identifier: "header:x-cache" and "index" need quoting.
std::string quoted(std::string_view name) {
    std::string out = "\"";
    for (char c : name)
        out.append(c == '"' ? "\"\"" : std::string(1, c));
    return out + "\"";
}

std::string records_schema(const FieldSelection& fields) {
    std::string sql = "CREATE TABLE records (idx INTEGER PRIMARY KEY, met INTEGER NOT NULL";
    for (const SelectedField& field : fields)
        sql.append(", ").append(quoted(field.key)).append(" ").append(column_type(field.field->type));
    return sql + ")";
}

constexpr const char* meta_schema = "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)";

std::string insert_sql(const FieldSelection& fields) {
    std::string names = "idx, met", values = "?, ?";
    for (const SelectedField& field : fields) {
        names.append(", ").append(quoted(field.key));
        values.append(", ?");
    }
    return "INSERT INTO records (" + names + ") VALUES (" + values + ")";
}

// A column a field would share with the row's own (--extract idx=...).
Result<void> check_own_columns(const FieldSelection& fields) {
    for (const SelectedField& field : fields)
        for (std::string_view own : own_columns)
            if (field.key == own)
                return fail("--format sqlite: the field " + field.key + " would be a second column \"" +
                            std::string(own) + "\" of the records table; give it another name");
    return {};
}

// -o must be a file a database can live in: not a terminal, a pipe or a device.
Result<FileDescriptor> open_locked(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) == 0 && !S_ISREG(info.st_mode))
        return fail("-o " + path + ": --format sqlite writes a database file, and this is not a regular file "
                                   "(a terminal, a pipe or a device)");
    FileDescriptor fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666));
    if (!fd.valid()) return fail(path + ": " + std::strerror(errno));
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0)
        return fail(path + ": in use by another fetch (it holds the lock); run one job per database");
    return fd;
}

}  // namespace

void RecordDatabase::Closer::operator()(sqlite3* db) const noexcept {
    sqlite3_close_v2(db);
}

void RecordDatabase::Closer::operator()(sqlite3_stmt* statement) const noexcept {
    sqlite3_finalize(statement);
}

RecordDatabase::RecordDatabase(std::string path, FieldSelection fields, FileDescriptor lock)
    : lock_(std::move(lock)), path_(std::move(path)), fields_(std::move(fields)) {}

RecordDatabase::~RecordDatabase() {
    insert_.reset();
    if (in_batch_) sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    db_.reset();  // before lock_: closing another descriptor of the file would drop SQLite's locks
}

Result<std::unique_ptr<RecordDatabase>> RecordDatabase::open(const std::string& path, FieldSelection fields,
                                                             bool keep) {
    if (const Result<void> own = check_own_columns(fields); !own) return fail(own.error());
    Result<FileDescriptor> lock = open_locked(path);
    if (!lock) return fail(lock.error());
    std::unique_ptr<RecordDatabase> database(
        new RecordDatabase(path, std::move(fields), std::move(lock).value()));
    sqlite3* db = nullptr;
    const int opened = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    database->db_.reset(db);
    if (opened != SQLITE_OK) return fail(path + ": " + database->error_text());
    // Before anything reads the file: a reader (sqlite3 on the database, or recovering it after
    // a kill) may hold a lock for a moment, which is waited for instead of failing the run.
    sqlite3_busy_timeout(db, 10'000);
    // The first statement reads the file: a file that is not a database says so here.
    for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL"})
        if (const Result<void> done = database->execute(pragma); !done)
            return fail(path + ": " + done.error() + " (--format sqlite never overwrites what is not a database)");
    if (const Result<void> schema = database->prepare_schema(keep); !schema) return fail(path + ": " + schema.error());
    return database;
}

Result<void> RecordDatabase::execute(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return {};
    std::string text = message ? message : error_text();
    sqlite3_free(message);
    return fail(text);
}

std::string RecordDatabase::error_text() const {
    return db_ ? sqlite3_errmsg(db_.get()) : "out of memory";
}

// A new database gets its tables now; one with records keeps them (--resume) or has them
// replaced by the first batch.
Result<void> RecordDatabase::prepare_schema(bool keep) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'records'",
                           -1, &raw, nullptr) != SQLITE_OK)
        return fail(error_text());
    const std::unique_ptr<sqlite3_stmt, Closer> query(raw);
    const bool exists = sqlite3_step(raw) == SQLITE_ROW && sqlite3_column_int(raw, 0) > 0;
    if (!exists) {
        const Result<void> made = execute(records_schema(fields_));
        return made ? execute(meta_schema) : made;
    }
    if (!keep) return replace_ = true, Result<void>();
    if (const Result<void> columns = check_columns(); !columns) return columns;
    if (const Result<void> made = execute(meta_schema); !made) return made;
    return load_meta();
}

// A resumed job's rows must have the columns this run writes.
Result<void> RecordDatabase::check_columns() {
    std::string expected, found;
    for (std::string_view own : own_columns)
        expected.append(expected.empty() ? "" : ",").append(own);
    for (const SelectedField& field : fields_)
        expected.append(",").append(field.key);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), "SELECT name FROM pragma_table_info('records') ORDER BY cid", -1, &raw,
                           nullptr) != SQLITE_OK)
        return fail(error_text());
    const std::unique_ptr<sqlite3_stmt, Closer> query(raw);
    while (sqlite3_step(raw) == SQLITE_ROW)
        found.append(found.empty() ? "" : ",").append(reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)));
    if (found == expected) return {};
    return fail("its records table has the columns " + found + ", where this job writes " + expected +
                "; resume it with the --fields it was made with, or write another -o");
}

Result<void> RecordDatabase::load_meta() {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), "SELECT key, value FROM meta", -1, &raw, nullptr) != SQLITE_OK)
        return fail(error_text());
    const std::unique_ptr<sqlite3_stmt, Closer> query(raw);
    while (sqlite3_step(raw) == SQLITE_ROW)
        meta_[reinterpret_cast<const char*>(sqlite3_column_text(raw, 0))] =
            reinterpret_cast<const char*>(sqlite3_column_text(raw, 1));
    return {};
}

Result<std::vector<std::pair<std::uint64_t, bool>>> RecordDatabase::finished() {
    std::vector<std::pair<std::uint64_t, bool>> rows;
    if (replace_) return rows;
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), "SELECT idx, met FROM records ORDER BY idx", -1, &raw, nullptr) != SQLITE_OK)
        return fail(path_ + ": " + error_text());
    const std::unique_ptr<sqlite3_stmt, Closer> query(raw);
    int step = SQLITE_ROW;
    while ((step = sqlite3_step(raw)) == SQLITE_ROW) {
        const sqlite3_int64 index = sqlite3_column_int64(raw, 0);
        if (index >= 0) rows.emplace_back(static_cast<std::uint64_t>(index), sqlite3_column_int(raw, 1) != 0);
    }
    if (step != SQLITE_DONE) return fail(path_ + ": " + error_text());
    return rows;
}

void RecordDatabase::set_meta(const std::string& key, const std::string& value) {
    std::lock_guard lock(meta_mutex_);
    pending_meta_[key] = value;
}

// The first record of a batch opens its transaction; the first batch also replaces old tables.
Result<void> RecordDatabase::begin_batch() {
    if (in_batch_) return {};
    if (const Result<void> begun = execute("BEGIN IMMEDIATE"); !begun) return begun;
    in_batch_ = true;
    if (replace_) {
        for (const std::string& sql : {std::string("DROP TABLE IF EXISTS records"), std::string("DROP TABLE IF EXISTS meta"),
                                       records_schema(fields_), std::string(meta_schema)})
            if (const Result<void> done = execute(sql); !done) return done;
        replace_ = false;
    }
    if (insert_) return {};
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), insert_sql(fields_).c_str(), -1, &raw, nullptr) != SQLITE_OK)
        return fail(error_text());
    insert_.reset(raw);
    return {};
}

void RecordDatabase::bind(int column, const FieldValue& value) {
    sqlite3_stmt* statement = insert_.get();
    switch (value.type) {
        case FieldValue::Type::null:
            sqlite3_bind_null(statement, column);
            return;
        case FieldValue::Type::number:
        case FieldValue::Type::boolean:
            sqlite3_bind_int64(statement, column, value.number);
            return;
        case FieldValue::Type::real:
            sqlite3_bind_double(statement, column, value.real);
            return;
        case FieldValue::Type::text: {
            // TEXT is UTF-8 to every reader: bytes a server sent that are not become U+FFFD, as in jsonl.
            const std::string text = utf8::sanitize(value.text);
            sqlite3_bind_text64(statement, column, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
            return;
        }
        case FieldValue::Type::structured:
            sqlite3_bind_text64(statement, column, value.json.data(), value.json.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
            return;
    }
}

void RecordDatabase::insert(const Record& record) {
    if (!failure_.empty()) return;
    if (const Result<void> begun = begin_batch(); !begun) return failure_ = begun.error(), void();
    sqlite3_stmt* statement = insert_.get();
    sqlite3_bind_int64(statement, 1, static_cast<sqlite3_int64>(record.index));
    sqlite3_bind_int(statement, 2, record.met ? 1 : 0);
    int column = 3;
    for (const SelectedField& field : fields_)
        bind(column++, field.value(record));
    if (sqlite3_step(statement) != SQLITE_DONE) failure_ = error_text();
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
}

Result<void> RecordDatabase::write_meta() {
    std::map<std::string, std::string> pending;
    {
        std::lock_guard lock(meta_mutex_);
        pending.swap(pending_meta_);
    }
    for (const auto& [key, value] : pending) {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db_.get(), "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", -1, &raw,
                               nullptr) != SQLITE_OK)
            return fail(error_text());
        const std::unique_ptr<sqlite3_stmt, Closer> statement(raw);
        sqlite3_bind_text(raw, 1, key.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(raw, 2, value.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(raw) != SQLITE_DONE) return fail(error_text());
        meta_[key] = value;
    }
    return {};
}

Result<void> RecordDatabase::commit() {
    if (!failure_.empty()) return fail(failure_);
    if (!in_batch_) return {};
    Result<void> done = write_meta();
    if (done) done = execute("COMMIT");
    if (!done) {
        failure_ = done.error();
        return done;
    }
    in_batch_ = false;
    return {};
}

bool RecordDatabase::publish() {
    if (!replace_ || !failure_.empty()) return failure_.empty();
    if (const Result<void> begun = begin_batch(); !begun) failure_ = begun.error();
    return commit().ok();
}

std::string RecordDatabase::failure() const {
    return failure_;
}

// ---- the formatter: records become rows, and no bytes ----

namespace {

class SqliteFormatter final : public Formatter {
public:
    explicit SqliteFormatter(RecordDatabase& database) : database_(database) {}

    void record(const Record& record, std::string& /*out*/) override { database_.insert(record); }
    std::string failure() const override { return database_.failure(); }

private:
    RecordDatabase& database_;
};

}  // namespace

std::unique_ptr<Formatter> make_sqlite_formatter(RecordDatabase& database) {
    return std::make_unique<SqliteFormatter>(database);
}

}  // namespace fetch
