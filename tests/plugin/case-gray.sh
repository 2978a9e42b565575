#!/bin/bash
# A grayscale image is stylised and stays grayscale.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 GRAY #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ()))' \
    '(nst-write "base-type.txt" (car (gimp-image-base-type (nst-image-of (nst-layer "content")))))' \
    '(nst-export (nst-layer "content") "after.png")'

expect_no_error
expect_file_text base-type.txt 1
check "the gray drawable changed" differ before.png after.png
