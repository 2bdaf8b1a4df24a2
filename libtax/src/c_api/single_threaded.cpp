// libtax/src/c_api/single_threaded.cpp - the library's own __libc_single_threaded, for the
// self-contained libtax_c (LIBTAX_C_SELF_CONTAINED, CMakeLists.txt beside this file).
//
// Debian's libyaml-cpp.a is position-dependent code: memory.cpp.o reads glibc's data symbol
// __libc_single_threaded through an R_X86_64_PC32 relocation, which a shared object cannot
// resolve against libc.so.6. Defined here, hidden, that reference binds inside libtax_c instead,
// and so do those of the static libstdc++ linked in with it.
//
// Why a constant 0 is correct (never faster, never wrong):
// 1. The variable is only a hint. glibc documents (<sys/single_threaded.h>, manual "Single-
//    Threaded"): non-zero means the process is single-threaded and a reader may skip
//    synchronisation; zero promises nothing, and a reader must then synchronise. libstdc++
//    (__gnu_cxx::__is_single_threaded in <ext/atomicity.h>: shared_ptr and locale reference
//    counts, the string and ios machinery) and yaml-cpp read it only to choose between a plain
//    and an atomic read-modify-write; with 0 they always take the atomic one, which is also
//    correct with one thread (an atomic update on one thread is the same update).
// 2. Nothing writes it: libstdc++ and yaml-cpp only read it, and glibc writes its own copy, not
//    this hidden one, so it stays 0 for the life of the process.
// 3. Nothing mixes the two copies: the C interface passes only C structs and opaque handles,
//    and --exclude-libs,ALL keeps the linked-in libstdc++ private, so every reference-counted
//    C++ object inside libtax_c is touched only by code inside libtax_c, which reads this copy.
extern "C" {
__attribute__((visibility("hidden"))) char __libc_single_threaded = 0;  // NOLINT: glibc's name
}
