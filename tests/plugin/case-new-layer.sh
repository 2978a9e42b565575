#!/bin/bash
# output-mode 1 adds exactly one layer, above the original, and leaves the
# original untouched.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ((output . 1))))' \
    '(nst-write-layer-count "content" "layers.txt")' \
    '(nst-write "top.txt" (car (gimp-item-get-name (nst-top-layer "content"))))' \
    '(nst-export (nst-layer "content") "original.png")' \
    '(nst-export (nst-top-layer "content") "new.png")'

expect_no_error
expect_file_text layers.txt 2
expect_file_text top.txt "content (neural style)"
check "the original layer is untouched" same before.png original.png
check "the new layer is stylised" differ before.png new.png
