#!/bin/bash
# inside.sh - the part of the GIMP 3 tests that runs inside the chroot.
#
#   inside.sh SOURCE_DIR WORK_DIR
#
# Builds the project (only the GIMP 3 plug-in is found there) in
# WORK_DIR/build, then runs every case-*.sh of this folder with lib.sh as
# harness.  Exit 0 when all pass.
set -euo pipefail

src=$1
work=$2
build="$work/build"

# NST_GIMP3_SANITIZE=1: only the plug-in built with sanitizers, on the
# Script-Fu case (sanitize.sh)
if [ -n "${NST_GIMP3_SANITIZE:-}" ]; then
    exec bash "$src/tests/gimp3/sanitize.sh" "$src" "$work"
fi

if [ -f "$build/build.ninja" ]; then
    meson setup --reconfigure "$build" "$src" > "$work/meson-setup.log"
else
    meson setup -Dgimp2=disabled -Dgimp3=enabled "$build" "$src" > "$work/meson-setup.log"
fi
meson compile -C "$build" plug-in/gimp3/neural-style tests/plugin/imgcmp

export NST_PLUGIN="$build/plug-in/gimp3/neural-style"
export NST_IMGCMP="$build/tests/plugin/imgcmp"
export NST_TESTS="$src/tests/gimp3"
export NST_EXAMPLES="$src/data/examples"
export NST_GIMP_PLUGINS
NST_GIMP_PLUGINS=$(pkg-config --variable=gimplibdir gimp-3.0)/plug-ins

# NST_GIMP3_ONLY=NAME: tests/gimp3/NAME.sh alone, with WORK_DIR/images as
# its pictures' folder (docs/guide/make-pictures.sh runs guide-dialog so)
if [ -n "${NST_GIMP3_ONLY:-}" ]; then
    case "$NST_GIMP3_ONLY" in
        *[!a-z0-9-]*) echo "inside.sh: NST_GIMP3_ONLY is not a script name: $NST_GIMP3_ONLY"; exit 2 ;;
    esac
    export NST_GUIDE_IMAGES="$work/images" NST_GUIDE_SETTLE="${NST_GUIDE_SETTLE:-}"
    exec bash "$src/tests/gimp3/$NST_GIMP3_ONLY.sh" "$work/cases"
fi

failed=()
for case_script in "$src"/tests/gimp3/case-*.sh; do
    name=$(basename "$case_script" .sh)
    echo "=== $name"
    if bash "$case_script" "$work/cases"; then
        echo "=== $name: ok"
    else
        echo "=== $name: FAILED"
        failed+=("$name")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "failed: ${failed[*]}"
    exit 1
fi
echo "all GIMP 3 cases passed"
