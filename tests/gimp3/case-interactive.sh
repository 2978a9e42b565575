#!/bin/bash
# The interactive run mode under Xvfb: Script-Fu calls the plug-in with
# RUN-INTERACTIVE, its dialog opens on the X server with the values passed,
# Enter (OK) runs it and the layer is stylised; then RUN-WITH-LAST-VALS on
# a twin image, called like Filters > Repeat without the styles and here
# with other numbers, repeats the run with the stored values (both style
# layers included) and gives identical pixels.  No warning may appear:
# GIMP 3 cannot store a drawable or an array of them with the last values
# (their ids are kept instead).
. "$(dirname "$0")/lib.sh"

command -v Xvfb > /dev/null && command -v xdotool > /dev/null || {
    echo "SKIP: Xvfb or xdotool missing in the chroot (tests/gimp3/trixie-root.sh installs them)"
    exit 77
}

start_xvfb

run_script_fu '
  (let* ((a (nst-content "content-a" 48 48))
         (b (nst-content "content-b" 48 48))
         (style (nst-style "style" 48 48))
         (second (nst-content "second" 48 48)))
    (nst-export (car a) "before.png")
    (plug-in-neural-style #:run-mode RUN-INTERACTIVE #:image (car a)
                          #:drawables (vector (cadr a)) #:style-drawable (cadr style)
                          #:more-styles (vector (cadr second)) #:style-weights (vector 3.0 1.0)
                          #:style-strength 75 #:working-size 48 #:iterations 15 #:seed 7)
    (nst-export (car a) "interactive.png")
    (plug-in-neural-style #:run-mode RUN-WITH-LAST-VALS #:image (car b)
                          #:drawables (vector (cadr b))
                          #:style-strength 10 #:working-size 32 #:iterations 2 #:seed 99)
    (nst-export (car b) "last-values.png")
    (nst-write "done.txt" "done"))' &
gimp=$!

wait_for_dialog "$gimp" 120
echo "ok: the dialog opened (window $window)"
sleep 1
# No window manager: focus the dialog directly, then Enter is OK.
xdotool windowfocus --sync "$window"
xdotool key Return
wait "$gimp"

expect_file_text done.txt done
expect_no_error
check "OK in the dialog stylised the layer" differ before.png interactive.png
check "RUN-WITH-LAST-VALS repeats the run exactly" same interactive.png last-values.png
