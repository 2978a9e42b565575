#!/bin/bash
# A 32-bit float image is stylised and keeps its precision.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #f)' \
    '(gimp-image-convert-precision (nst-image-of (nst-layer "content")) PRECISION-FLOAT-GAMMA)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ()))' \
    '(nst-write "precision.txt" (car (gimp-image-get-precision (nst-image-of (nst-layer "content")))))' \
    '(nst-export (nst-layer "content") "after.png")'

expect_no_error
expect_file_text precision.txt 650
check "the float drawable changed" differ before.png after.png
# The 8-bit-drawn input sits on the 8-bit grid; a float path end-to-end puts
# the result off it (an 8-bit detour would put it back).
if "$NST_IMGCMP" fine "$out/before.png"; then fail "the input is already off the 8-bit grid"; fi
check "the result keeps float precision" fine after.png
