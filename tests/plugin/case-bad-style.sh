#!/bin/bash
# A style id that names no drawable, or none at all (-1), gives an error
# naming the argument and leaves the image byte-identical.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #t)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-stylize (nst-layer "content") 9999 (quote ()))' \
    '(nst-stylize (nst-layer "content") -1 (quote ()))' \
    '(nst-write-layer-count "content" "layers.txt")' \
    '(nst-export (nst-layer "content") "after.png")'

expect_error "Argument 'style-drawable' is 9999, which is not a layer of an open image"
expect_error "Argument 'style-drawable' names no layer: give the layer whose style to take."
expect_file_text layers.txt 1
check "the image is unchanged" same before.png after.png
