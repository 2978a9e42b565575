#!/bin/bash
# The interactive run mode under Xvfb: the GTK 3 dialog opens (without a
# GTK 2 gimp_ui_init), offers the other image's layer as the style, OK
# runs it; then RUN-WITH-LAST-VALS on a twin image repeats the run with the
# stored values and gives identical pixels.  A screenshot of the dialog is
# kept in the case's output folder while the case runs (NST_KEEP=1 keeps it).
. "$(dirname "$0")/lib.sh"

start_xvfb

run_gimp \
    '(nst-content "content-a" 48 48 RGB #f)' \
    '(nst-content "content-b" 48 48 RGB #f)' \
    '(nst-style "style" 48 48)' \
    '(nst-export (nst-layer "content-a") "before.png")' \
    '(plug-in-neural-style RUN-INTERACTIVE (nst-image-of (nst-layer "content-a")) (nst-layer "content-a") -1 0 0 0 0 0 0 0 0 0 "" 0 (vector) 0 (vector) 0 (vector) 0 -1 100)' \
    '(plug-in-neural-style RUN-WITH-LAST-VALS (nst-image-of (nst-layer "content-b")) (nst-layer "content-b") -1 0 0 0 0 0 0 0 0 0 "" 0 (vector) 0 (vector) 0 (vector) 0 -1 100)' \
    '(nst-export (nst-layer "content-a") "interactive.png")' \
    '(nst-export (nst-layer "content-b") "last-values.png")' &
gimp=$!

wait_for_dialog "$gimp" 120
sleep 1
import -window root "$out/dialog.png"
click_dialog_button 56   # OK
wait "$gimp" || fail "gimp-console failed"

expect_no_error
grep -q 'VGG-19 model not found; using the built-in network' "$log" \
    || fail "no message about the built-in network"
echo "ok: the built-in network was announced"
check "OK in the dialog stylised the layer" differ before.png interactive.png
check "RUN-WITH-LAST-VALS repeats the run exactly" same interactive.png last-values.png
