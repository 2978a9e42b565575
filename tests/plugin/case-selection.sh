#!/bin/bash
# Only the selection changes: pixels outside a rectangular selection stay
# exactly as they were.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(gimp-image-select-rectangle (nst-image-of (nst-layer "content")) CHANNEL-OP-REPLACE 16 8 32 40)' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ()))' \
    '(nst-export (nst-layer "content") "after.png")'

expect_no_error
check "pixels outside the selection are unchanged" same before.png after.png 16 8 32 40 outside
check "pixels inside the selection changed" differ before.png after.png 16 8 32 40
