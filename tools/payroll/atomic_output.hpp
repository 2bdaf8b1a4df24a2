// tools/payroll/atomic_output.hpp - output files replaced all together or not at all.
//
// Each file is written into an unnamed temporary file in its target directory (O_TMPFILE: a
// killed run leaves nothing behind), fsynced, then given a temporary name and renamed over the
// target, and the directory fsynced. commit() publishes only after every file was written in
// full, so a failure while writing replaces nothing. Where the file system has no O_TMPFILE, a
// named temporary file is used and removed on failure and on SIGINT/SIGTERM/SIGHUP.
#pragma once

#include <string>
#include <vector>

namespace payroll {

class AtomicOutputs {
public:
    AtomicOutputs() = default;
    AtomicOutputs(const AtomicOutputs&) = delete;
    AtomicOutputs& operator=(const AtomicOutputs&) = delete;
    ~AtomicOutputs();  ///< discards whatever was not committed

    /// Writes `data` for `path` into a temporary file beside it (Fault on any error).
    void stage(const std::string& path, const std::string& data);
    /// Publishes every staged file (Fault on any error).
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
