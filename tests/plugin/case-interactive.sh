#!/bin/bash
# The interactive run mode under Xvfb: the GTK 3 dialog opens (without a
# GTK 2 gimp_ui_init), offers the other image's layer as the style, OK
# runs it; then RUN-WITH-LAST-VALS on a twin image repeats the run with the
# stored values and gives identical pixels.  A screenshot of the dialog is
# kept in the case's output folder while the case runs (NST_KEEP=1 keeps it).
. "$(dirname "$0")/lib.sh"

# Xvfb picks a free display and writes its number to fd 3.
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3> "$work/display" > "$work/xvfb.log" 2>&1 &
case_pids+=($!)
for _ in $(seq 1 50); do [ -s "$work/display" ] && break; sleep 0.1; done
[ -s "$work/display" ] || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
export DISPLAY=":$(cat "$work/display")"

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

window=
for _ in $(seq 1 120); do
    window=$(xdotool search --name '^Neural Style Transfer$' 2>/dev/null | head -n 1) && [ -n "$window" ] && break
    sleep 0.5
done
[ -n "$window" ] || { kill "$gimp"; fail "the dialog did not open"; }
sleep 1
import -window root "$out/dialog.png"
eval "$(xdotool getwindowgeometry --shell "$window")"
echo "dialog: ${WIDTH}x${HEIGHT} at ${X},${Y}"
# OK is the last button, bottom right (GTK 3's default dialog layout).
xdotool mousemove $((X + WIDTH - 56)) $((Y + HEIGHT - 30)) click 1
wait "$gimp" || fail "gimp-console failed"

expect_no_error
grep -q 'VGG-19 model not found; using the built-in network' "$log" \
    || fail "no message about the built-in network"
echo "ok: the built-in network was announced"
check "OK in the dialog stylised the layer" differ before.png interactive.png
check "RUN-WITH-LAST-VALS repeats the run exactly" same interactive.png last-values.png
