#!/bin/sh
# One run of every speed target of the engine, each figure printed beside its target
# (bench/all_targets.py says what is measured). Not a test: figures depend on the machine and its
# load; the README's benchmark table records one run.
#
#   scripts/bench.sh [build-dir]      (default: build; needs the libtax_python and engine_benchmark targets)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-"$here/build"}
shift $(( $# > 0 ? 1 : 0 ))
PYTHONPATH="$build/python" exec /usr/bin/python3 "$here/bench/all_targets.py" --engine "$build/bench/engine_benchmark" "$@"
