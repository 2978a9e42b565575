#!/bin/bash
# A layer with varying alpha keeps its alpha exactly; its colours change.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #t)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ()))' \
    '(nst-export (nst-layer "content") "after.png")'

expect_no_error
check "alpha is unchanged" alpha before.png after.png
check "colours changed" differ before.png after.png
