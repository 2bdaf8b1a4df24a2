#!/usr/bin/env bash
# README command 1: install what is needed, build, and run the headline example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target headline
./build/examples/headline
