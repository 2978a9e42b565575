#!/bin/bash
# The dialog as a user meets it, for docs/guide.md: real GIMP 2.10 under
# Xvfb, ../shared/images' rocket.jpg as the layer to repaint and
# starry_night.jpg open beside it as the style.  Waits for the preview,
# takes a picture of the dialog's window (dialog-gimp2.png in
# $NST_GALLERY_OUT), then presses Cancel and checks the layer is as it
# was.  A benchmark, not a test (it takes ~1 minute):
# `meson test -C build --benchmark plugin-guide-dialog`.  Skipped (exit 77)
# when ../shared/images is absent.
. "$(dirname "$0")/pictures-lib.sh"

# Seconds the preview gets before the picture (a first run also measures
# the machine's speed, a few seconds).
settle=${NST_GUIDE_SETTLE:-45}

start_xvfb
export NST_GIMP_TIMEOUT=${NST_GIMP_TIMEOUT:-300}
run_gimp \
    "$(load rocket.jpg content)" \
    "$(load starry_night.jpg starry)" \
    '(nst-export (nst-layer "content") "before.png")' \
    '(plug-in-neural-style RUN-INTERACTIVE (nst-image-of (nst-layer "content")) (nst-layer "content") (nst-layer "starry") 0 0 0 0 0 0 0 0 0 "" 0 (vector) 0 (vector) 0 (vector) 0 -1 100)' \
    '(nst-export (nst-layer "content") "after.png")' &
gimp=$!

wait_for_dialog "$gimp" 240
# the pointer off the dialog: a tooltip would cover part of the picture
xdotool mousemove 1020 760
sleep "$settle"
import -window "$window" "$out/dialog-gimp2.png"
click_dialog_button 146   # Cancel
wait "$gimp" || fail "gimp-console failed"

expect_no_error
check "cancelling the dialog leaves the layer as it was" same before.png after.png
mkdir -p "$NST_GALLERY_OUT"
cp "$out/dialog-gimp2.png" "$NST_GALLERY_OUT/"
echo "$NST_GALLERY_OUT/dialog-gimp2.png"
