#!/usr/bin/env bash
# Installs, from Debian's packages, everything libtax needs to build and test (Debian 12).
# Idempotent: does nothing when all packages are present.
set -euo pipefail
PACKAGES=(
  build-essential cmake
  libboost-date-time-dev libyaml-cpp-dev
  pybind11-dev python3-pybind11 python3-dev
  catch2
  libbenchmark-dev   # bench/engine_benchmark
  libhwy-dev   # Highway: the batch annual tax in SIMD lanes on every CPU (optional at build time)
  python3-pytest python3-yaml python3-numpy python3-pandas python3-hypothesis python3-matplotlib
  python3-mypy   # type-checks the generated stubs (tests/python/test_stubs.py)
  clang-14 libclang-rt-14-dev   # .ci/run: libFuzzer targets (scripts/fuzz.sh); g++'s sanitizers come with g++
  python3-nbformat python3-nbclient python3-ipykernel python3-dask python3-distributed  # analysts: notebook test, Dask example
  libicu-dev   # libtax-payroll: GB18030 payroll files (tools/payroll)
  default-jdk-headless libjna-java golang-go   # the Java (JNA) and Go (cgo) bindings of the C interface and their tests
  python3-pip python3-setuptools python3-wheel python3-build python3-venv python3-tqdm  # pip package, libtax-pop progress
  weasyprint fonts-wqy-microhei   # the annual tax statement as PDF (libtax-calc --statement x.pdf), with a CJK font
  poppler-utils python3-pil   # pdftotext, pdftoppm and an image check of the statement's PDF in the tests
  chromium fonts-noto-cjk   # libtax-web's browser test (tests/browser): headless Chromium, Chinese glyphs
)
# node and npm for the browser test's puppeteer-core: Debian's nodejs and npm, unless a node with
# its npm is already installed (another nodejs package, which Debian's npm would conflict with)
command -v node >/dev/null || PACKAGES+=(nodejs)
command -v npm >/dev/null || PACKAGES+=(npm)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
