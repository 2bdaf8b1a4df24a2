#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ with clang (AddressSanitizer + UndefinedBehaviorSanitizer,
# the library instrumented too) and runs each for a while on its seed corpus:
#   scripts/fuzz.sh            # 60 s per target (what .ci/run does)
#   scripts/fuzz.sh 3600       # an hour per target
#   scripts/fuzz.sh 600 fuzz_tax_table   # only the named targets
#   FUZZ_RUNS=10000000 scripts/fuzz.sh 0 # ten million executions per target
#   FUZZ_LONG=1 FUZZ_RUNS=10000000 scripts/fuzz.sh 3600 fuzz_scenario   # the long run of README "Hardening":
#       10 M executions or an hour, whichever comes first, in a lighter build (build-fuzz-long: libFuzzer +
#       UndefinedBehaviorSanitizer at -O2, no AddressSanitizer), each fuzzer under nice -n 19;
#       FUZZ_PARALLEL=1 runs the named targets all at the same time
#   FUZZ_JOBS=1 scripts/fuzz.sh 20   # one target at a time (default: as many at a time as there are cores)
# FUZZ_RUNS and a time may be given together: the run stops at whichever comes first (a time of 0: no limit).
# Seeds: the real files (tables/cn/*.yaml for the table loader) plus fuzz/corpus/<target>/; the
# longest input (-max_len) is the largest seed rounded up to 4 KiB (at least 4 KiB).
# New inputs that reach new code go to build-fuzz/corpus/<target>/ (kept between runs); a crash
# leaves build-fuzz/crash-* and makes this script fail. Reproduce: build-fuzz/fuzz/<target> <file>.
# FUZZ_WORK_DIR=DIR puts the corpora, logs (DIR/<target>.log), summaries and crash files in DIR
# instead of the build folder (a long run kept outside the source tree).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
SECS="${1:-${FUZZ_SECONDS:-60}}"
RUNS="${FUZZ_RUNS:-}"  # a number of executions per target instead of a time, e.g. FUZZ_RUNS=10000000
shift || true
LONG="${FUZZ_LONG:-}"
# -timeout is wall-clock time: at nice 19 on a busy machine a fuzzer can wait many seconds for a
# core (an 8 ms input was once killed after 10 s), so the long run allows 600 s for one input; a
# real hang still stops it.
if [ -n "$LONG" ]; then  # the long run: UBSan + libFuzzer only (no ASan, about twice the executions per second)
  BUILD="${FUZZ_BUILD_DIR:-build-fuzz-long}"; SANITIZERS=undefined; NICE=(nice -n 19); TIMEOUT=600
else                    # CI and the default: ASan + UBSan
  BUILD="${FUZZ_BUILD_DIR:-build-fuzz}"; SANITIZERS=address,undefined; NICE=(); TIMEOUT=10
fi
TIMEOUT="${FUZZ_TIMEOUT:-$TIMEOUT}"
SAN="-fsanitize=$SANITIZERS -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# -O2 with line tables only (enough for crash stack traces; full debug info only slowed the build)
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only" \
  -DLIBTAX_BUILD_FUZZERS=ON -DLIBTAX_FUZZ_SANITIZERS="$SANITIZERS" \
  -DLIBTAX_BUILD_PYTHON=OFF -DLIBTAX_BUILD_TESTS=OFF -DLIBTAX_BUILD_EXAMPLES=OFF \
  -DLIBTAX_BUILD_C_API=ON -DLIBTAX_INSTALL=OFF \
  -DCMAKE_CXX_FLAGS="$SAN -fsanitize=fuzzer-no-link" --no-warn-unused-cli >/dev/null
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi
cmake --build "$BUILD" -j"$(nproc)" --target "${targets[@]}"
# Corpora, seeds, logs, summaries and crash files: in the build folder unless FUZZ_WORK_DIR names
# another (a long run kept outside the source tree).
OUT="${FUZZ_WORK_DIR:-$BUILD}"
mkdir -p "$OUT"

# Seed files from the real inputs of each loader: only the kind of file the target reads (copied
# to $OUT/seeds/<target>/, as libFuzzer takes folders).
seeds_of() {
  case "$1" in
    fuzz_tax_table|fuzz_overlay) echo tables/cn/*.yaml ;;
    fuzz_regime_table) echo tables/regimes/*.yaml ;;
    fuzz_scenario) echo examples/scenarios/*.yaml ;;
    fuzz_payroll_csv) echo examples/payroll/*.csv ;;
  esac
}
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# One target: seeds, dictionary, budget; its figures are printed when it ends.
run_one() {
  local t="$1"
  local work="$OUT/corpus/$t" seeds="$OUT/seeds/$t" leaks before start largest max_len
  local -a dirs dict budget real
  mkdir -p "$work"
  dirs=("$work")
  [ -d "fuzz/corpus/$t" ] && dirs+=("fuzz/corpus/$t")
  read -r -a real <<<"$(seeds_of "$t")"
  if [ ${#real[@]} -gt 0 ]; then
    rm -rf "$seeds"; mkdir -p "$seeds"; cp "${real[@]}" "$seeds/"; dirs+=("$seeds")
  fi
  # The longest input: the largest seed rounded up to 4 KiB (at least 4 KiB), so that no seed is
  # cut and mutations do not grow inputs far beyond real ones (parsing time grows with the length).
  largest=0
  [ ${#dirs[@]} -gt 1 ] && largest=$(find "${dirs[@]:1}" -type f -printf '%s\n' | sort -n | tail -n 1)
  max_len=$(( (${largest:-0} + 4095) / 4096 * 4096 )); [ "$max_len" -ge 4096 ] || max_len=4096
  dict=()
  case "$t" in
    fuzz_tax_table|fuzz_regime_table|fuzz_overlay) dict=(-dict=fuzz/yaml.dict) ;;
    fuzz_scenario)  # YAML syntax plus the scenario keys and the glossary's Chinese keys and values
      /usr/bin/python3 fuzz/scenario_dict.py >"$OUT/fuzz_scenario.dict"; dict=(-dict="$OUT/fuzz_scenario.dict") ;;
  esac
  # the embedded interpreter keeps its own caches for the life of the process: not leaks
  leaks=1; [ "$t" = fuzz_py_convert ] && leaks=0
  budget=(-max_total_time="$SECS"); [ -n "$RUNS" ] && budget+=(-runs="$RUNS")
  echo "== $t: ${RUNS:+$RUNS runs or }${SECS}s (0: no limit), sanitizers $SANITIZERS, -max_len=$max_len, -timeout=$TIMEOUT, on ${dirs[*]}"
  before=$(find "$work" -type f | wc -l); start=$(date +%s)
  ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=$leaks" "${NICE[@]}" "$BUILD/fuzz/$t" "${dict[@]}" "${budget[@]}" -timeout="$TIMEOUT" -rss_limit_mb=2048 -max_len="$max_len" \
    -print_final_stats=1 -artifact_prefix="$OUT/" "${dirs[@]}" 2>"$OUT/$t.log" || {
      tail -60 "$OUT/$t.log"; echo "FUZZ FAILURE in $t (log: $OUT/$t.log)"; return 1; }
  grep -E "stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb" "$OUT/$t.log" | sed "s/^/   /"
  echo "   seconds: $(( $(date +%s) - start )), corpus $work: $before -> $(find "$work" -type f | wc -l) files"
}
# FUZZ_PARALLEL=1: all targets at once (the long run: each under nice, sharing what the machine
# leaves). Otherwise FUZZ_JOBS targets at a time (default: one per core, so each target still gets a
# whole core for its time and CI's short run takes a core-count fraction of the wall time).
failed=0
if [ -n "${FUZZ_PARALLEL:-}" ]; then jobs="${#targets[@]}"; else jobs="${FUZZ_JOBS:-$(nproc)}"; fi
pids=(); names=()
finish_one() {  # waits for the oldest running target and prints its summary
  wait "${pids[0]}" || failed=1
  cat "$OUT/${names[0]}.summary"
  pids=("${pids[@]:1}"); names=("${names[@]:1}")
}
for t in "${targets[@]}"; do
  [ "${#pids[@]}" -lt "$jobs" ] || finish_one
  [ "$failed" = 0 ] || break  # a finding: start no other target
  run_one "$t" >"$OUT/$t.summary" & pids+=($!); names+=("$t")
done
while [ "${#pids[@]}" -gt 0 ]; do finish_one; done
exit "$failed"
