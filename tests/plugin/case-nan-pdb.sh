#!/bin/bash
# NaN and infinite float arguments through the real PDB.  Script-Fu cannot
# pass them (case-bad-inputs.sh), a C plug-in can: nan-caller.c calls
# plug-in-neural-style with NaN and +infinity in each float argument, and
# as the one entry of each float array, and checks that each comes back as
# a calling error naming the argument, after a valid call of its own has
# succeeded.  Here: the content image is byte-identical afterwards, with
# no layer added.
#
# For a plain float the calling error is GIMP's, not the plug-in's: GIMP
# validates each float against its GParamSpecDouble (-G_MAXDOUBLE..
# G_MAXDOUBLE for a GIMP 2.10 plug-in's GIMP_PDB_FLOAT) before the plug-in
# starts; +inf is clamped and NaN compares unequal to itself, so both
# count as out of range ("Procedure 'plug-in-neural-style' has been called
# with value 'nan' for argument 'style-strength' (#5, type gdouble).  This
# value is out of range.").  GIMP does not look inside float arrays, so
# there the plug-in's own check (nst_fe_params_validate) answers
# ("Argument 'style-weights' is nan, outside its range 0 to 1000.").
. "$(dirname "$0")/lib.sh"

: "${NST_NAN_CALLER:?set NST_NAN_CALLER to the nan-caller test plug-in}"
mkdir -p "$work/plug-ins/nst-nan-caller"
cp "$NST_NAN_CALLER" "$work/plug-ins/nst-nan-caller/nst-nan-caller"

run_gimp '(nst-content "content" 64 64 RGB #t)' \
         '(nst-content "control" 32 32 RGB #f)' \
         '(nst-style "style" 64 64)' \
         '(nst-export (nst-layer "content") "before.png")' \
         '(begin (nst-test-nan-caller RUN-NONINTERACTIVE (nst-image-of (nst-layer "content"))
                                      (nst-layer "content") (nst-layer "style")
                                      (nst-layer "control"))
                 (nst-write "caller.txt" "done"))' \
         '(nst-write-layer-count "content" "layers.txt")' \
         '(nst-export (nst-layer "content") "after.png")'

grep '^ok: \|^FAILED: ' "$log" || true
grep -q '^FAILED: ' "$log" && fail "nan-caller found a failure"
expect_file_text caller.txt done
grep -q '^ok: valid values from C succeed' "$log" || fail "no valid call from C"
n=$(grep -c '^ok: .* \(NaN\|+infinity\) is a calling error' "$log" || true)
# four float arguments today (style-strength, content-weight, smoothness,
# detail-size), two bad values each; more floats only raise the count
[ "$n" -ge 8 ] || fail "$n NaN/infinity checks passed, expected at least 8"
echo "ok: $n NaN/infinity calls refused"
# with a float array, the plug-in's own check must have answered for it
if grep -q '^ok: [a-z-]*\[0\] ' "$log"; then
    grep -q '^ok: [a-z-]*\[0\] NaN is a calling error: Argument .* is nan, outside its range' "$log" \
        || fail "a NaN in a float array was not refused by the plug-in's own check"
    echo "ok: the plug-in's own check refuses NaN in a float array"
fi
expect_file_text layers.txt 1
check "the image is unchanged" same before.png after.png
