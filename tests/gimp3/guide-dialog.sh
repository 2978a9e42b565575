#!/bin/bash
# The dialog in real GIMP 3 under Xvfb, for docs/guide.md: rocket.png as
# the layer to repaint and starry_night.png beside it as the style, both
# from $NST_GUIDE_IMAGES (docs/guide/make-pictures.sh converts them from
# ../shared/images into the chroot's work folder).  Waits for the preview,
# saves a picture of the dialog's window as $NST_GUIDE_IMAGES/dialog-gimp3.png
# (through GDK: the chroot has no ImageMagick), then Escape (Cancel) and
# checks the layer is as it was.  Not a case: inside.sh runs it alone when
# NST_GIMP3_ONLY=guide-dialog.
. "$(dirname "$0")/lib.sh"

images=${NST_GUIDE_IMAGES:?set NST_GUIDE_IMAGES to the folder with rocket.png and starry_night.png}
settle=${NST_GUIDE_SETTLE:-45}
for picture in rocket.png starry_night.png; do
    [ -f "$images/$picture" ] || fail "no $images/$picture"
done

start_xvfb

run_script_fu "
  (let* ((content (car (gimp-file-load RUN-NONINTERACTIVE \"$images/rocket.png\")))
         (style (car (gimp-file-load RUN-NONINTERACTIVE \"$images/starry_night.png\")))
         (layer (vector-ref (car (gimp-image-get-layers content)) 0)))
    (gimp-item-set-name (vector-ref (car (gimp-image-get-layers style)) 0) \"starry\")
    (nst-export content \"before.png\")
    (plug-in-neural-style #:run-mode RUN-INTERACTIVE #:image content
                          #:drawables (vector layer)
                          #:style-drawable (vector-ref (car (gimp-image-get-layers style)) 0))
    (nst-export content \"after.png\")
    (nst-write \"done.txt\" \"done\"))" &
gimp=$!

wait_for_dialog "$gimp" 240
# the pointer off the dialog: a tooltip would cover part of the picture
xdotool mousemove 1020 760
sleep "$settle"
eval "$(xdotool getwindowgeometry --shell "$window")"
python3 - "$X" "$Y" "$WIDTH" "$HEIGHT" "$images/dialog-gimp3.png" <<'PY' \
    || { kill "$gimp" 2> /dev/null || true; wait "$gimp" || true; fail "no picture of the dialog"; }
import sys
import gi
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk
x, y, w, h = (int(v) for v in sys.argv[1:5])
shot = Gdk.pixbuf_get_from_window(Gdk.get_default_root_window(), x, y, w, h)
if shot is None:
    sys.exit("GDK read nothing from the screen")
shot.savev(sys.argv[5], "png", [], [])
PY
xdotool windowfocus --sync "$window"
xdotool key Escape
wait "$gimp"

expect_file_text done.txt done
expect_no_error
check "cancelling the dialog leaves the layer as it was" same before.png after.png
echo "$images/dialog-gimp3.png"
