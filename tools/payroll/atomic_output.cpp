// tools/payroll/atomic_output.cpp - see atomic_output.hpp.
#include "atomic_output.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "input_text.hpp"

namespace payroll {

namespace {

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

/// Fault `id` (payroll.fault.*: what failed) for `path`, with the system's reason.
[[noreturn]] void fail(const char* id, const std::string& path) {
    throw Fault{id, {{"path", path}, {"reason", std::strerror(errno)}}};
}

// Named temporary files to remove if a signal ends the run (fallback without O_TMPFILE).
constexpr int max_named = 8;
char named_paths[max_named][4096];
std::atomic<int> named_count{0};

extern "C" void remove_named_and_reraise(int sig) {
    for (int i = 0; i < named_count.load(); ++i)
        if (named_paths[i][0]) ::unlink(named_paths[i]);
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void remember_named(const std::string& path) {
    const int i = named_count.load();
    if (i >= max_named || path.size() >= sizeof named_paths[0]) return;
    std::memcpy(named_paths[i], path.c_str(), path.size() + 1);
    named_count.store(i + 1);
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, remove_named_and_reraise);
}

void forget_named(const std::string& path) {
    for (int i = 0; i < named_count.load(); ++i)
        if (path == named_paths[i]) named_paths[i][0] = '\0';
}

void write_all(int fd, std::string_view data, const std::string& path) {
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail("payroll.fault.write", path);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void fsync_directory(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail("payroll.fault.open_directory", dir);
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) fail("payroll.fault.fsync_directory", dir);
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
    struct stat sa {}, sb {};
    if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

std::size_t AtomicOutputs::open(const std::string& path) {
    Staged s;
    s.path = path;
    const std::string dir = directory_of(path);
    s.fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
    if (s.fd < 0) {
        if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) fail("payroll.fault.temporary_in", dir);
        std::string tmpl = path + ".tmp.XXXXXX";
        s.fd = ::mkstemp(tmpl.data());
        if (s.fd < 0) fail("payroll.fault.temporary_beside", path);
        s.named_tmp = tmpl;
        remember_named(tmpl);
        ::fchmod(s.fd, 0644);
    }
    staged_.push_back(s);  // the destructor closes (and removes) it from here on
    return staged_.size() - 1;
}

void AtomicOutputs::write(std::size_t n, std::string_view data) {
    write_all(staged_.at(n).fd, data, staged_.at(n).path);
}

void AtomicOutputs::commit() {
    // First every file gets a name beside its target, then the renames: nothing is replaced
    // unless every file is complete on disk.
    for (const Staged& s : staged_)
        if (::fsync(s.fd) != 0) fail("payroll.fault.fsync", s.path);
    for (Staged& s : staged_) {
        if (s.named_tmp.empty()) {
            std::string name = s.path + ".tmp." + std::to_string(::getpid());
            const std::string proc = "/proc/self/fd/" + std::to_string(s.fd);
            ::unlink(name.c_str());
            if (::linkat(AT_FDCWD, proc.c_str(), AT_FDCWD, name.c_str(), AT_SYMLINK_FOLLOW) != 0) fail("payroll.fault.name_temporary", s.path);
            s.named_tmp = name;
            remember_named(name);
        }
    }
    for (Staged& s : staged_) {
        if (::rename(s.named_tmp.c_str(), s.path.c_str()) != 0) fail("payroll.fault.rename", s.path);
        forget_named(s.named_tmp);
        s.named_tmp.clear();
        ::close(s.fd);
        s.fd = -1;
        fsync_directory(directory_of(s.path));
    }
    staged_.clear();
}

AtomicOutputs::~AtomicOutputs() {
    for (Staged& s : staged_) {
        if (s.fd >= 0) ::close(s.fd);
        if (!s.named_tmp.empty()) {
            ::unlink(s.named_tmp.c_str());
            forget_named(s.named_tmp);
        }
    }
}

}  // namespace payroll
