#!/bin/bash
# run-all.sh - install what is missing, build, and run every test.
#
#   ./tests/run-all.sh [meson test arguments, e.g. --suite plugin]
#
# Packages come from data/install-deps.sh (with sudo when not root and
# something is missing).  Builds into build-tests/ and runs `meson test`
# there, printing each test's result and the log of any that fails.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build-tests"

"$top/data/install-deps.sh"

if [ -f "$build/build.ninja" ]; then
    meson setup --reconfigure "$build" "$top"
else
    meson setup "$build" "$top"
fi
meson compile -C "$build"
meson test -C "$build" --print-errorlogs "$@"
