#!/bin/bash
# The same inputs and seed give identical pixels.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content-a" 64 64 RGB #f)' \
    '(nst-content "content-b" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content-a") "a-before.png")' \
    '(nst-export (nst-layer "content-b") "b-before.png")' \
    '(nst-stylize (nst-layer "content-a") (nst-layer "style") (quote ((seed . 1234))))' \
    '(nst-stylize (nst-layer "content-b") (nst-layer "style") (quote ((seed . 1234))))' \
    '(nst-export (nst-layer "content-a") "a.png")' \
    '(nst-export (nst-layer "content-b") "b.png")'

expect_no_error
check "the two inputs are identical" same a-before.png b-before.png
check "both runs give identical pixels" same a.png b.png
