#!/usr/bin/env bash
# Sanitizer runs (g++):
#   1. AddressSanitizer + UndefinedBehaviorSanitizer build (build-asan, -O0: compiles 2.6x faster
#      than -O1 and hides nothing) running the whole C++ test suite with ctest (the Python tests
#      are not run under sanitizers);
#   2. ThreadSanitizer build (build-tsan) running the concurrency tests ("[concurrency]", and the
#      embedding thread tests with the C interface, "[threads]"); a filter matching no test fails.
# Any sanitizer report fails the run. scripts/sanitize.sh asan|tsan runs one of them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
what="${1:-all}"
JOBS="$(nproc)"
# Debug with -g1 (line tables, enough for the sanitizers' stack traces) instead of -g: the
# sanitizer builds are the slowest part of .ci/run, and full debug info made them half as fast.
COMMON=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DLIBTAX_BUILD_PYTHON=OFF -DLIBTAX_BUILD_BENCH=OFF -DLIBTAX_INSTALL=OFF --no-warn-unused-cli)

if [ "$what" = all ] || [ "$what" = asan ]; then
  echo "== ASan + UBSan: whole C++ test suite"
  cmake -S . -B build-asan "${COMMON[@]}" \
    -DCMAKE_CXX_FLAGS="-O0 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
  cmake --build build-asan -j"$JOBS"
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
    ctest --test-dir build-asan --output-on-failure -j"$JOBS"
fi

if [ "$what" = all ] || [ "$what" = tsan ]; then
  echo "== ThreadSanitizer: concurrency tests, the C interface's included"
  # The C interface (libtax_c) is built and instrumented too: test_embedding_threads drives one C
  # tables handle from many threads ("[c]"). -w NoTests: a tag filter that matches no test fails
  # the stage instead of passing it vacuously.
  cmake -S . -B build-tsan "${COMMON[@]}" -DLIBTAX_BUILD_EXAMPLES=OFF -DLIBTAX_BUILD_C_API=ON \
    -DCMAKE_CXX_FLAGS="-O1 -fsanitize=thread -fno-omit-frame-pointer" -DCMAKE_C_FLAGS="-O1 -fsanitize=thread -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=thread" >/dev/null
  cmake --build build-tsan -j"$JOBS" --target test_hardening test_embedding_threads
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
  # --order decl: the first concurrency test races the lazy loading of the built-in tables
  build-tsan/tests/cpp/hardening/test_hardening "[concurrency]" --order decl -w NoTests
  build-tsan/tests/cpp/embedding/test_embedding_threads "[threads]" --order decl -w NoTests
  build-tsan/tests/cpp/embedding/test_embedding_threads "[c]" -w NoTests  # fails if the C interface was left out
fi
