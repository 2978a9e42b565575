#!/bin/bash
# An engine failure (here: a job over the memory limit, which the engine
# refuses up front) gives an execution error with the engine's message,
# and leaves the image byte-identical with no layer added.
. "$(dirname "$0")/lib.sh"

NST_MEMORY_LIMIT_MB=1 run_gimp \
    '(nst-content "content" 64 64 RGB #t)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ()))' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ((output . 1))))' \
    '(nst-write-layer-count "content" "layers.txt")' \
    '(nst-export (nst-layer "content") "after.png")'

expect_error "Neural style transfer failed: This job needs about"
expect_file_text layers.txt 1
check "the image is unchanged" same before.png after.png
