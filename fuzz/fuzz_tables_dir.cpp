// libFuzzer target: Tables::load over a directory the input describes (files, *.yml, symlinks
// that loop or dangle, FIFOs, folders, sparse files of any size). Each input is a list of entries
//   [kind byte][name byte][size byte] then the entry's text up to the next 0xFF byte,
// built in a private directory: in /dev/shm when it can be written (RAM, no disk I/O per input),
// made once and reused; each input first removes only what the previous input made, then writes
// only the entries it defines. Tables::load must load or throw
// libtax::TableError/InputError naming a path: a crash, hang, another exception type or a
// read of a huge sparse file (rss limit) is a finding.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "libtax/libtax.hpp"

namespace fs = std::filesystem;

namespace {

const char* const kNames[] = {"cn/2024.yaml", "cn/2025.yaml", "cn/2024.yml",  "cn/loop.yaml", "cn/sub",
                              "regimes/x.yaml", "xx/2024.yaml", "cn/.hidden", "2024.yaml",   "cn/README"};
const char* const kTargets[] = {"loop.yaml", "2024.yaml", "..", ".", "/dev/zero", "/nonexistent", "../cn"};

const fs::path& work_dir() {
    static const fs::path dir = [] {
        const fs::path base = ::access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm") : fs::temp_directory_path();
        fs::path d = base / ("libtax-fuzz-tables-" + std::to_string(::getpid()));
        std::error_code ec;
        fs::remove_all(d, ec);
        fs::create_directories(d / "cn", ec);
        return d;
    }();
    // registered after `dir` is built, so it runs before `dir` is destroyed: nothing left behind
    static const int cleanup = std::atexit([] { std::error_code e; fs::remove_all(work_dir(), e); });
    (void)cleanup;
    return dir;
}

// What the previous input made, to be removed before the next one: the top-level entries it
// created besides cn/ and the entries it wrote inside cn/ (removal never follows a symlink).
std::vector<fs::path>& made() {
    static std::vector<fs::path> paths;
    return paths;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path& dir = work_dir();
    std::error_code ec;
    for (const auto& p : made()) fs::remove_all(p, ec);
    made().clear();
    std::size_t i = 0;
    for (int entries = 0; entries < 6 && i + 3 <= size; ++entries) {
        const std::uint8_t kind = data[i] % 6, name = data[i + 1] % 10, sz = data[i + 2];
        i += 3;
        std::string text;
        while (i < size && data[i] != 0xFF) text += static_cast<char>(data[i++]);
        ++i;
        const fs::path p = dir / kNames[name];
        const fs::path first = dir / *fs::path(kNames[name]).begin();  // "cn", "regimes", "xx" or "2024.yaml"
        made().push_back(first == dir / "cn" ? p : first);
        fs::create_directories(p.parent_path(), ec);
        fs::remove_all(p, ec);
        switch (kind) {
            case 0: std::ofstream(p, std::ios::binary) << text; break;                       // a file
            case 1: fs::create_symlink(kTargets[sz % 7], p, ec); break;                       // a symlink
            case 2: (void)::mkfifo(p.c_str(), 0600); break;                                   // a FIFO
            case 3: fs::create_directories(p, ec); break;                                     // a folder
            case 4:                                                                            // a sparse file
                std::ofstream(p, std::ios::binary) << text;
                fs::resize_file(p, std::uintmax_t{sz} << 20, ec);                             // up to 255 MiB
                break;
            default: std::ofstream(p, std::ios::binary) << "table: cn-iit\n" << text; break;  // a table-like file
        }
    }
    try {
        const auto tables = libtax::Tables::load(dir.string());
        (void)tables->years();
    } catch (const libtax::TableError& e) {
        if (e.file().empty()) std::abort();  // a refusal must name the path
    } catch (const libtax::InputError&) {
        // no yearly table in the directory
    }
    return 0;
}
