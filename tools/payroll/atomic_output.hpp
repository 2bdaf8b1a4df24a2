// tools/payroll/atomic_output.hpp - output files replaced all together or not at all.
//
// Each file is written (in pieces, if the caller likes) into an unnamed temporary file in its
// target directory (O_TMPFILE: a killed run leaves nothing behind), fsynced, then given a temporary name and renamed over the
// target, and the directory fsynced. commit() publishes only after every file was written in
// full, so a failure while writing replaces nothing. Where the file system has no O_TMPFILE, a
// named temporary file is used and removed on failure and on SIGINT/SIGTERM/SIGHUP.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace payroll {

class AtomicOutputs {
public:
    AtomicOutputs() = default;
    AtomicOutputs(const AtomicOutputs&) = delete;
    AtomicOutputs& operator=(const AtomicOutputs&) = delete;
    ~AtomicOutputs();  ///< discards whatever was not committed

    /// Opens a temporary file beside `path` for it (Fault on any error); returns its number
    /// for write(). A file can be written in pieces, as it is computed.
    std::size_t open(const std::string& path);
    /// Appends `data` to file `n` (Fault on any error).
    void write(std::size_t n, std::string_view data);
    /// Writes `data` for `path` into a temporary file beside it (open() and write()).
    void stage(const std::string& path, std::string_view data) { write(open(path), data); }
    /// fsyncs every file, then publishes them all (Fault on any error).
    void commit();

private:
    struct Staged {
        std::string path;
        int fd = -1;
        std::string named_tmp;  ///< only without O_TMPFILE
    };
    std::vector<Staged> staged_;
};

/// True when `a` and `b` name the same existing file (same device and inode).
bool same_file(const std::string& a, const std::string& b);

}  // namespace payroll
