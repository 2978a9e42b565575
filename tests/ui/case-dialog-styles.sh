#!/bin/bash
# Several styles in the dialog without GIMP, under Xvfb, with real input
# events and no preview (the controls only): Alt+A twice adds two style
# rows, Alt+V and Space remove one of them again, Shift+Tab twice reaches
# the remaining added row's Weight slider and Right x 20 sets it to 70,
# Alt+P ticks "Use only the selected part of style images", Alt+T Down
# starts from the demo's earlier result (layer 300), Alt+G Down limits a
# style to the channel "Sky" (200); Enter is OK.  The demo must hand back
# one more style, two weights (50 and 70), two regions (one 200, one -1),
# style-selection=1 and init-drawable=300.  Then last values with two
# styles (102 weighted 30 and 60) restore the second row: Enter hands
# them back unchanged.  Screenshots go to $NST_UI_OUT.
case_name=case-dialog-styles
. "$(dirname "$0")/lib.sh"

start_demo --last-style 100 --no-preview
closed () { grep -q '^first-preview-seconds' "$out/demo.out"; }
echo "dialog window $window"
sleep 0.5

# Each added or removed row resizes the window: give it time to settle.
xdotool windowfocus --sync "$window"; sleep 0.5
xdotool key alt+a; sleep 1
xdotool key alt+a; sleep 1
import -window root "$out/dialog-three-styles.png"
xdotool key alt+v; sleep 0.5
xdotool key space; sleep 1            # remove: focus goes to "Add style"
xdotool key shift+Tab; sleep 0.2      # the added row's region
xdotool key shift+Tab; sleep 0.2      # and its weight
xdotool key --repeat 20 --delay 20 Right   # weight 50 -> 70
xdotool key alt+p; sleep 0.2          # use only the selected part
xdotool key alt+t; sleep 0.2; xdotool key Down; sleep 0.2   # start from layer 300
xdotool key alt+g; sleep 0.2; xdotool key Down; sleep 0.2   # a region: "Sky"
sleep 0.3
import -window root "$out/dialog-two-styles.png"
echo "screenshots: $out/dialog-three-styles.png $out/dialog-two-styles.png"
xdotool key Return
wait_for 60 closed || fail "Enter did not close the dialog"
wait "$demo_pid" || fail "the demo failed"

value () { sed -n "s/^$1=//p" "$out/demo.out"; }
[ "$(value result)" = ok ] || fail "result is not ok"
[ "$(value style-drawable)" = 100 ] || fail "style-drawable is $(value style-drawable), not 100"
[ "$(value more-styles-count)" = 1 ] || fail "more-styles-count is $(value more-styles-count), not 1"
case "$(value more-styles)" in
    101|102) ;;
    *) fail "more-styles is '$(value more-styles)', not 101 or 102" ;;
esac
[ "$(value style-weights-count)" = 2 ] || fail "style-weights-count is $(value style-weights-count), not 2"
[ "$(value style-weights)" = 50,70 ] || fail "style-weights are '$(value style-weights)', not 50,70"
[ "$(value style-regions-count)" = 2 ] || fail "style-regions-count is $(value style-regions-count), not 2"
case "$(value style-regions)" in
    200,-1|-1,200) ;;
    *) fail "style-regions are '$(value style-regions)', not 200 and -1" ;;
esac
[ "$(value style-selection)" = 1 ] || fail "style-selection is $(value style-selection), not 1"
[ "$(value init-drawable)" = 300 ] || fail "init-drawable is $(value init-drawable), not 300"
echo "ok: styles 100,$(value more-styles), weights $(value style-weights)," \
     "regions $(value style-regions), style-selection 1, init-drawable 300"

# Last values restore the rows: the second style and both weights.
start_demo --last-style 100 --last-more-style 102 --no-preview
sleep 0.5
import -window root "$out/dialog-last-values.png"
xdotool windowfocus --sync "$window"; sleep 0.5
xdotool key Return
wait_for 60 closed || fail "Enter did not close the dialog"
wait "$demo_pid" || fail "the demo failed"
[ "$(value result)" = ok ] || fail "result is not ok"
[ "$(value more-styles)" = 102 ] || fail "more-styles is '$(value more-styles)', not 102"
[ "$(value style-weights)" = 30,60 ] || fail "style-weights are '$(value style-weights)', not 30,60"
[ "$(value style-regions-count)" = 0 ] || fail "regions appeared: '$(value style-regions)'"
echo "ok: last values restore the second style 102 and the weights 30,60"
