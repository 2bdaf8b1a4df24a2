// libFuzzer target: the payroll CSV reader of examples/payroll/payroll_csv.cpp, run
// whole on each input. Its reading is inside main(), so the file is compiled here with main
// renamed; each input is written to a file in /dev/shm (or /tmp) and the program run on it.
// It must end with exit code 0 (a good file) or 1 (a bad row, named on stderr), never crash.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include <unistd.h>

#define main payroll_csv_main
#include "../examples/payroll/payroll_csv.cpp"
#undef main

namespace {
std::string scratch(const char* name) {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    return std::string(dir) + "/libtax-fuzz-" + std::to_string(::getpid()) + "-" + name;
}
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    std::cerr.setstate(std::ios::failbit);  // the program's messages for bad rows: silence them
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::string in = scratch("in.csv"), out = scratch("out.csv");
    static const int cleanup = std::atexit([] { std::remove(in.c_str()); });  // no scratch file left behind
    (void)cleanup;
    {
        std::ofstream f(in, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    char prog[] = "payroll_csv";
    std::string a = in, b = out;
    char* argv[] = {prog, a.data(), b.data(), nullptr};
    const int rc = payroll_csv_main(3, argv);
    if (rc != 0 && rc != 1) std::abort();
    std::remove(out.c_str());
    return 0;
}
