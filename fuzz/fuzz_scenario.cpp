// libFuzzer target: the scenario reader of libtax-calc (tools/calc/scenario.cpp). Each input is
// read as text by load_scenario_text, what load_scenario runs on a file's bytes once
// read_bounded_file has read them; it must load or throw libtax::Error (TableError naming
// file:line and the field), nothing else. One input in 64 also goes through load_scenario from a
// file in /dev/shm (or /tmp) and must come out the same (the same error text, or loaded both
// ways): writing a file for every input only cost time, the file reader is fuzzed by
// fuzz_tables_dir.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include <unistd.h>

#include "../tools/calc/scenario.hpp"

namespace {

// "" when the scenario loads, else the refusal's text (file:line: field: problem).
template <class Load>
std::string verdict(Load load) {
    try {
        (void)load();
    } catch (const libtax::Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string path = std::string(access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp") +
                                    "/libtax-fuzz-" + std::to_string(::getpid()) + "-scenario.yaml";
    static const int cleanup = std::atexit([] { std::remove(path.c_str()); });  // no scratch file left behind
    (void)cleanup;
    static unsigned inputs = 0;
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string from_text = verdict([&] { return libtax_calc::load_scenario_text(text, path); });
    if (++inputs % 64 == 0) {
        {
            std::ofstream f(path, std::ios::binary | std::ios::trunc);
            f.write(text.data(), static_cast<std::streamsize>(text.size()));
        }
        if (verdict([&] { return libtax_calc::load_scenario(path); }) != from_text) std::abort();
    }
    return 0;
}
