// --store DIR: what was fetched, kept. Each response's decoded body (up to --max-body) is the
// file DIR/ab/ab12...: its SHA-256 in hex, in a folder named by the first two digits, so no
// folder holds more than a 256th of the bodies and no name grows with the URL (httpx named its
// files after URLs and met "file name too long"). The response's status line and headers are
// kept beside it, as DIR/ab/ab12....headers. Identical bodies are one file: the first response
// that brought a body names its headers.
//
// A body is held in memory as it arrives, up to 64 KiB (a page of 30 KB stays there), and goes
// on into a temporary file of DIR (.fetch-*.tmp) past that: -j bodies of 8 MiB held whole would
// be gigabytes. Once the transfer has ended whole and the digest is known, a body kept already
// costs one stat(2) and nothing is written; a new one ends in a temporary file that is renamed
// to its name, so a name never holds half a body, whatever happens (a full disk, kill -9, which
// may leave a temporary file, never a final name). The headers are renamed into place before
// the body, so a body's name never lacks its headers. The writes are the worker's own, between
// two turns of its loop: docs/BENCHMARKS.md (S8) measures what they cost.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "fetch/base/handle.hpp"
#include "fetch/base/result.hpp"

namespace fetch {

class StoredFile;

// Why a body could not be kept: the path, and what went wrong there.
struct StoreFailure {
    std::string path;
    std::string reason;
};

class BodyStore {
public:
    // Opens DIR, making it (and its parents) when missing, and writes, renames and removes a
    // probe file there, so that a DIR that cannot take bodies is known before any fetch.
    static Result<std::unique_ptr<BodyStore>> open(const std::string& dir);

    // A body on its way into the store (written to a temporary file of DIR past 64 KiB).
    std::unique_ptr<StoredFile> create() const;
    // Gives `file`, the body whose SHA-256 is `hex`, its name, with `headers` beside it, unless
    // the same body is kept already. Returns the name relative to DIR ("ab/ab12..."), or "" with
    // `failure` set. Any thread: every worker keeps bodies in the same DIR.
    std::string keep(StoredFile& file, const std::string& hex, std::string_view headers,
                     StoreFailure& failure) const;

    const std::string& path() const { return path_; }

private:
    BodyStore(std::string path, FileDescriptor dir);
    // The file DIR/name holding `text`, unless it exists: 0 or an errno.
    int keep_text(const std::string& name, std::string_view text) const;
    // Renames DIR/from to DIR/to unless `to` exists (then `from` goes): 0 or an errno.
    int rename_unless_there(const std::string& from, const std::string& to) const;
    StoreFailure failure(const std::string& name, int error) const;

    std::string path_;
    FileDescriptor dir_;
};

// One body on its way into the store: in memory, then in a temporary file of DIR, removed
// unless it is kept.
class StoredFile {
public:
    static constexpr std::size_t spill_bytes = 64 * 1024;

    explicit StoredFile(int dir);
    ~StoredFile();
    StoredFile(const StoredFile&) = delete;
    StoredFile& operator=(const StoredFile&) = delete;

    // Appends, unless an earlier write failed: that failure is kept and told by keep().
    void write(std::string_view bytes);
    // Written whole: the bytes still in memory go to a temporary file, which is closed (some
    // file systems tell a failed write only then). 0 or the errno of the first failure.
    int finish();

private:
    friend class BodyStore;
    bool spill();

    int dir_;
    std::string held_;  // until spill_bytes
    FileDescriptor fd_;
    std::string name_;  // the temporary file's, in DIR; "" before it is made, or once renamed
    int error_ = 0;     // of the first write that failed
};

}  // namespace fetch
