#!/bin/bash
# data/examples/stylize-any.scm, the Script-Fu example for both GIMP
# versions, stylises a file toward the style in GIMP 3.
. "$(dirname "$0")/lib.sh"

run_script_fu '
  (let ((content (nst-content "content" 64 64))
        (style (nst-style "style" 64 64)))
    (nst-export (car content) "content.png")
    (nst-export (car style) "style.png"))'
[ -f "$out/style.png" ] || fail "the inputs were not drawn"

run_script_fu "
  (load \"$NST_EXAMPLES/stylize-any.scm\")
  (neural-style-any (nst-out \"content.png\") (nst-out \"style.png\")
                    (nst-out \"result.png\") 75 15 64)"

check "the result differs from the content" differ content.png result.png
check "its mean colour moved toward the style's" toward content.png result.png style.png
