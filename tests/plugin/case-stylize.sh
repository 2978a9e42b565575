#!/bin/bash
# The drawable changes and moves toward the style; without a model file the
# built-in network is used and batch mode says so once on stderr.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-export (nst-layer "style") "style.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ()))' \
    '(nst-export (nst-layer "content") "after.png")'

expect_no_error
check "the drawable changed" differ before.png after.png
check "its mean colour moved toward the style's" toward before.png after.png style.png
notices=$(grep -c '^neural-style: VGG-19 model not found; using the built-in network\. Results improve with the real model: run .*fetch-model\.sh$' "$log" || true)
[ "$notices" = 1 ] || fail "expected one built-in network notice on stderr, got $notices"
echo "ok: one notice about the built-in network"
