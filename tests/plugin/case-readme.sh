#!/bin/bash
# Every GIMP 2.10 snippet of README.md, as written, in gimp-console-2.10
# (tests/gimp3/case-readme.sh runs the GIMP 3 ones):
#  - each Script-Fu call without named arguments, with `image', `drawable'
#    and `style-drawable' bound to a small content image and a style layer
#    of another image;
#  - each shell block's gimp-console-2.10 commands, in a folder holding
#    photo.png and painting.jpg (their gimp-console-3.0 lines are left to
#    tests/gimp3; the examples' path is the source tree's).
# Every snippet must run without an error and change the picture.
. "$(dirname "$0")/lib.sh"

ln -s "$NST_GIMP_PLUGINS/file-jpeg" "$work/plug-ins/file-jpeg"

n_scheme=$(readme_count scheme-gimp2)
n_sh=$(readme_count sh-gimp2)
[ "$n_scheme" -ge 1 ] && [ "$n_sh" -ge 1 ] ||
    fail "README.md has $n_scheme Script-Fu and $n_sh shell snippets for GIMP 2.10"

for i in $(seq 0 $((n_scheme - 1))); do
    run_gimp \
        "(nst-content \"content-$i\" 48 48 RGB #f)" \
        "(nst-style \"style-$i\" 48 48)" \
        "(nst-export (nst-layer \"content-$i\") \"scheme-$i-before.png\")" \
        "(let* ((drawable (nst-layer \"content-$i\"))
                (image (nst-image-of drawable))
                (style-drawable (nst-layer \"style-$i\")))
           $(readme_snippet scheme-gimp2 "$i")
           (nst-export drawable \"scheme-$i-after.png\"))"
    expect_no_error
    check "README Script-Fu snippet $i changed the picture" differ "scheme-$i-before.png" "scheme-$i-after.png"
done

run_gimp \
    '(nst-content "photo" 48 48 RGB #f)' \
    '(nst-style "painting" 48 48)' \
    '(nst-export (nst-layer "photo") "photo.png")' \
    '(let ((layer (nst-layer "painting")))
       (file-jpeg-save RUN-NONINTERACTIVE (nst-image-of layer) layer
                       (nst-out "painting.jpg") (nst-out "painting.jpg")
                       0.95 0 1 0 "" 2 1 0 0))'
[ -f "$out/painting.jpg" ] || fail "the shell snippets' painting.jpg was not made"

# gimp-console-2.10 with the case's own profile and plug-ins folder before
# the arguments as written.
for i in $(seq 0 $((n_sh - 1))); do
    rm -f "$out/result.png"
    (
        cd "$out"
        gimp-console-3.0 () { echo "(a gimp-console-3.0 command: tests/gimp3 runs it)"; }
        gimp-console-2.10 () { timeout 540 "$(type -P gimp-console-2.10)" -d -f -c -g "$gimprc" "$@" < /dev/null; }
        eval "$(readme_snippet sh-gimp2 "$i")"
    ) > "$log" 2>&1 || fail "README shell snippet $i failed"
    expect_no_error
    check "README shell snippet $i stylised photo.png into result.png" differ photo.png result.png
done
