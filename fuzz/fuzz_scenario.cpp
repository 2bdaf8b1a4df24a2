// libFuzzer target: the scenario-file reader of libtax-calc (tools/calc/scenario.cpp,
// load_scenario). Each input is written to a file in /dev/shm (or /tmp) and loaded; it must
// load or throw libtax::Error (TableError naming file:line and the field), nothing else.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

#include "../tools/calc/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") +
                                    "/libtax-fuzz-" + std::to_string(::getpid()) + "-scenario.yaml";
    static const int cleanup = std::atexit([] { std::remove(path.c_str()); });  // no scratch file left behind
    (void)cleanup;
    {
        std::ofstream f(path, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    try {
        (void)libtax_calc::load_scenario(path);
    } catch (const libtax::Error&) {
    }
    return 0;
}
