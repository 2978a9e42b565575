#!/bin/bash
# Out-of-range arguments give an error that names the argument, and leave
# the image byte-identical.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #t)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ((strength . 150) (output . 1))))' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ((iterations . 0))))' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ((detail . 0.1))))' \
    '(nst-write-layer-count "content" "layers.txt")' \
    '(nst-export (nst-layer "content") "after.png")'

expect_error "Argument 'style-strength' is 150, outside its range 0 to 100"
expect_error "Argument 'iterations' is 0, outside its range 1 to 2000"
expect_error "Argument 'detail-size' is 0.1, outside its range 0.25 to 4"
expect_file_text layers.txt 1
check "the image is unchanged" same before.png after.png
