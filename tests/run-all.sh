#!/bin/bash
# run-all.sh - install what is missing, build, and run every test.
#
#   ./tests/run-all.sh [meson test arguments, e.g. --suite plugin]
#
# Packages come from data/install-deps.sh (with sudo when not root and
# something is missing).  Builds into build-tests/ and runs `meson test`
# there, printing each test's result and the log of any that fails.
#
# With no arguments (the full run, as CI does) two more passes follow:
#  - build-sanitize/: everything built with AddressSanitizer and
#    UndefinedBehaviorSanitizer, and every suite run there but fuzz
#    (sanitized already) and gimp3 (another build, in a chroot); any
#    report fails.  Leak detection is on where only libnst, GLib and the
#    test run (core, memory, torch's C harness, ui-preview-path) and off
#    where GEGL, GTK or GIMP is loaded (cli, plugin, ui): their own
#    start-up allocations are not ours to fix.  torch (3-4 minutes
#    there) runs whole; mem-estimate compares no RSS under ASan.  Then the
#    GIMP 3 plug-in, sanitized in the chroot, on the Script-Fu case.
#  - the core tests under valgrind memcheck: safetensors, stylize, and
#    gradients on smaller shapes (NST_TEST_QUICK=1; the normal shapes take
#    over 5 minutes there).  80-125 s on 2 busy cores.
# NST_SANITIZE=0 skips both.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build="$top/build-tests"

"$top/data/install-deps.sh"

# -Dwerror=true: a warning fails the build (the project's warning flags
# are in meson.build); the GIMP 3 chroot build keeps warnings warnings,
# as its newer compiler may find new ones in GIMP's headers.
if [ -f "$build/build.ninja" ]; then
    meson setup --reconfigure -Dwerror=true "$build" "$top"
else
    meson setup -Dwerror=true "$build" "$top"
fi
meson compile -C "$build"
meson test -C "$build" --print-errorlogs "$@"

if [ $# -gt 0 ] || [ "${NST_SANITIZE:-1}" = 0 ]; then
    exit 0
fi

san="$top/build-sanitize"
if [ -f "$san/build.ninja" ]; then
    meson setup --reconfigure -Dwerror=true "$san" "$top"
else
    meson setup -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false "$san" "$top"
fi
meson compile -C "$san"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    meson test -C "$san" --print-errorlogs --suite core --suite memory --suite torch
# ui-preview-path loads no GTK: it also runs with leak detection (a test name
# given with --suite would narrow the suites, hence its own run; 2 s)
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    meson test -C "$san" --print-errorlogs ui-preview-path
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
    meson test -C "$san" --print-errorlogs --suite cli --suite plugin --suite ui
# The GIMP 3 plug-in, built the same way in the trixie chroot, on the
# Script-Fu case (tests/gimp3/sanitize.sh; about a minute).  77: skipped,
# with the reason printed (no root, no chroot).
NST_GIMP3_SANITIZE=1 "$top/tests/gimp3/run.sh" "$top" "$san/tests/gimp3/work" || [ $? = 77 ]

NST_TEST_QUICK=1 meson test -C "$build" --print-errorlogs --timeout-multiplier 4 \
    --wrapper 'valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect' \
    safetensors stylize gradients
