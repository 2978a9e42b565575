#!/bin/bash
# The dialog without GIMP, under Xvfb, driven with real input events:
# the last style is preselected; Alt+Y and Down pick another style; Alt+S
# and Page Up move the style-strength slider; Alt+N draws a new seed; the
# preview then shows new images; Enter is OK.  Checks the parameters the
# demo prints and that the last preview image is non-uniform and differs
# from the content.  Screenshots go to $NST_UI_OUT (the build folder).
set -euo pipefail
demo=${NST_DEMO:?}
out=${NST_UI_OUT:?}/case-dialog
rm -rf "$out"; mkdir -p "$out"
pids=()
cleanup () { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; }
trap cleanup EXIT
fail () { echo "FAIL: $*"; echo "--- demo stdout"; cat "$out/demo.out" || true;
          echo "--- demo stderr"; cat "$out/demo.err" || true; exit 1; }

# Wait up to $1 seconds for the command in "$@" to succeed.
wait_for () {
    local limit=$1; shift
    for _ in $(seq 1 $((limit * 4))); do "$@" && return 0; sleep 0.25; done
    return 1
}

# Xvfb picks a free display and writes its number to fd 3; another
# server started at the same moment can take it first: then try again.
start_xvfb () {
    rm -f "$out/display"
    Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3> "$out/display" > "$out/xvfb.log" 2>&1 &
    xvfb_pid=$!
    pids+=($xvfb_pid)
    wait_for 30 test -s "$out/display" || return 1
    export DISPLAY=":$(cat "$out/display")"
    sleep 0.5
    kill -0 "$xvfb_pid" 2> /dev/null && xdotool getmouselocation > /dev/null 2>&1
}
for attempt in 1 2 3 4 5; do
    start_xvfb && break
    kill "$xvfb_pid" 2> /dev/null || true
    [ "$attempt" = 5 ] && fail "Xvfb did not start: $(cat "$out/xvfb.log")"
done
echo "Xvfb on $DISPLAY"

"$demo" --last-style 101 --preview-png "$out/preview.png" --content-png "$out/content.png" \
    > "$out/demo.out" 2> "$out/demo.err" &
demo_pid=$!
pids+=($demo_pid)

find_window () { window=$(xdotool search --onlyvisible --name '^Neural Style Transfer$' 2> /dev/null | head -n 1); [ -n "$window" ]; }
wait_for 120 find_window || fail "the dialog did not open"
echo "dialog window $window"
images () { grep -c '^preview-image' "$out/demo.out" || true; }
images_at_least () { [ "$(images)" -ge "$1" ]; }
closed () { grep -q '^first-preview-seconds' "$out/demo.out"; }
wait_for 300 images_at_least 1 || fail "no preview image within 300 s"
echo "first preview image: $(grep -m1 '^preview-image' "$out/demo.out")"

# No window manager here: give the dialog the keyboard focus ourselves.
xdotool windowfocus --sync "$window"
xdotool key alt+y Down        # the style after the preselected one
xdotool key alt+s; xdotool key --repeat 20 --delay 20 Right   # style strength 50 -> 70
xdotool key alt+n             # "New seed"
before=$(images)
# The change cancels the running preview; wait for the new run's images.
wait_for 300 images_at_least $((before + 3)) || fail "the preview did not restart"
import -window root "$out/dialog.png"
echo "screenshot: $out/dialog.png"

xdotool windowfocus --sync "$window"
xdotool key Return
wait_for 120 closed || fail "Enter did not close the dialog"
wait "$demo_pid" || fail "the demo failed"

value () { sed -n "s/^$1=//p" "$out/demo.out"; }
[ "$(value result)" = ok ] || fail "result is not ok"
[ "$(value style-drawable)" = 102 ] || fail "style-drawable is $(value style-drawable), not 102"
[ "$(value style-strength)" = 70 ] || fail "style-strength is $(value style-strength), not 70"
[ "$(value seed)" != 0 ] || fail "New seed left the seed at 0"
echo "ok: returned style 102, strength 70, seed $(value seed)"
echo "time to the first preview image: $(value first-preview-seconds) s"

[ -s "$out/preview.png" ] || fail "no preview image saved"
spread=$(convert "$out/preview.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v s="$spread" 'BEGIN { exit !(s > 0.03) }' || fail "the preview is uniform (stddev $spread)"
diff=$(compare -metric RMSE "$out/preview.png" "$out/content.png" null: 2>&1 | sed 's/.*(\(.*\))/\1/') || true
awk -v d="$diff" 'BEGIN { exit !(d > 0.02) }' || fail "the preview equals the content (RMSE $diff)"
echo "ok: the preview is non-uniform (stddev $spread) and stylised (RMSE to the content $diff)"

# Escape is Cancel and hands back the parameters untouched, even when the
# last style no longer exists (the first layer is preselected instead).
"$demo" --last-style 999 > "$out/demo.out" 2> "$out/demo.err" &
demo_pid=$!
pids+=($demo_pid)
wait_for 120 find_window || fail "the dialog did not open a second time"
xdotool windowfocus --sync "$window"
xdotool key alt+s Right Escape
wait_for 120 closed || fail "Escape did not close the dialog"
wait "$demo_pid" || fail "the demo failed"
[ "$(value result)" = cancel ] || fail "Escape did not cancel"
[ "$(value style-drawable)" = 999 ] && [ "$(value style-strength)" = 50 ] \
    || fail "Cancel changed the parameters"
echo "ok: Escape cancels and leaves the parameters as they were"
