#!/bin/bash
# sanitize.sh - inside the chroot, instead of the usual cases when
# NST_GIMP3_SANITIZE=1 (see inside.sh): the GIMP 3 plug-in built with
# AddressSanitizer and UndefinedBehaviorSanitizer in a second build folder,
# WORK_DIR/build-sanitize, and the Script-Fu case run once with it.
#
#   sanitize.sh SOURCE_DIR WORK_DIR
#
# The reports go to files (log_path), not only to GIMP's log: a plug-in
# that a sanitizer stops fails its PDB call, and the case catches some
# failing calls on purpose, so the case passing does not prove that no
# report was made; a report in those files does prove one was.  ASan also
# writes its statistics there at each exit (atexit=1): with none at all,
# the plug-in did not run instrumented or did not get the options, and the
# run proves nothing.  Leak detection is off: the plug-in loads GEGL, GTK
# and libgimp, whose start-up allocations are not ours.  Exit 0 when the
# case passes, the plug-in ran instrumented, and no report was written.
set -euo pipefail

src=$1
work=$2
build="$work/build-sanitize"
reports="$work/sanitize-reports"

if [ -f "$build/build.ninja" ]; then
    meson setup --reconfigure "$build" "$src" > "$work/meson-setup-sanitize.log"
else
    meson setup -Dgimp2=disabled -Dgimp3=enabled -Db_sanitize=address,undefined \
        -Db_lundef=false "$build" "$src" > "$work/meson-setup-sanitize.log"
fi
meson compile -C "$build" plug-in/gimp3/neural-style tests/plugin/imgcmp

export NST_PLUGIN="$build/plug-in/gimp3/neural-style"
export NST_IMGCMP="$build/tests/plugin/imgcmp"
export NST_TESTS="$src/tests/gimp3"
export NST_EXAMPLES="$src/data/examples"
export NST_GIMP_PLUGINS
NST_GIMP_PLUGINS=$(pkg-config --variable=gimplibdir gimp-3.0)/plug-ins

rm -rf "$reports"
mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:atexit=1:log_path=$reports/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:log_path=$reports/ubsan"

status=0
echo "=== case-script-fu (ASan+UBSan)"
bash "$src/tests/gimp3/case-script-fu.sh" "$work/cases-sanitize" || status=1
if ! ls "$reports"/asan.* > /dev/null 2>&1; then
    echo "no ASan exit statistics in $reports: the plug-in did not run instrumented"
    status=1
elif grep -lE 'ERROR: [A-Za-z]+Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' \
        "$reports"/* > /dev/null; then
    echo "sanitizer reports:"
    grep -lE 'ERROR: [A-Za-z]+Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' \
        "$reports"/* | xargs cat
    status=1
fi
echo "$(ls "$reports"/asan.* 2>/dev/null | wc -l) instrumented plug-in processes ended"
[ "$status" = 0 ] && echo "=== case-script-fu (ASan+UBSan): ok, no sanitizer report"
exit "$status"
