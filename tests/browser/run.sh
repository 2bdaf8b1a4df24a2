#!/usr/bin/env bash
# ctest "browser_web": libtax-web's page in Debian's headless Chromium (tests/browser/web_test.mjs).
# Usage: run.sh SOURCE_DIR BUILD_DIR. Installs puppeteer-core with `npm ci` from the committed
# lock file into BUILD_DIR/tests/browser (once per lock file); never downloads a browser.
# A missing node, npm or chromium is a failure, not a skip: scripts/install-deps.sh installs them.
set -euo pipefail
src=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
work="$build/tests/browser"
chromium="${CHROMIUM:-/usr/bin/chromium}"
missing=()
command -v node >/dev/null || missing+=(node)
command -v npm >/dev/null || missing+=(npm)
[ -x "$chromium" ] || missing+=("chromium ($chromium)")
if [ ${#missing[@]} -ne 0 ]; then
  echo "FAILED  missing: ${missing[*]} (scripts/install-deps.sh installs them from Debian's packages)"
  echo "0 passed, 1 failed"
  exit 1
fi
mkdir -p "$work"
cp "$src/tests/browser/package.json" "$src/tests/browser/package-lock.json" "$src/tests/browser/web_test.mjs" "$work/"
if ! cmp -s "$work/package-lock.json" "$work/.installed-lock" || [ ! -d "$work/node_modules/puppeteer-core" ]; then
  # puppeteer-core has no install script that fetches a browser; --ignore-scripts keeps it so
  (cd "$work" && PUPPETEER_SKIP_DOWNLOAD=1 timeout 300 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$work/package-lock.json" "$work/.installed-lock"
fi
rm -rf "$work/screenshots"
export LIBTAX_SOURCE_DIR="$src" LIBTAX_BUILD_DIR="$build" PYTHON="${PYTHON:-/usr/bin/python3}" CHROMIUM="$chromium"
export SHOTS_DIR="$work/screenshots"
exec timeout 280 node "$work/web_test.mjs"
