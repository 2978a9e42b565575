#!/bin/bash
# The drawable changes and moves toward the style; without a model file the
# built-in network is used and batch mode says so on stderr, once per GIMP
# session however many runs it has.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-export (nst-layer "style") "style.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ()))' \
    '(nst-export (nst-layer "content") "after.png")' \
    '(nst-content "second" 48 48 RGB #f)' \
    '(nst-stylize (nst-layer "second") (nst-layer "style") (quote ()))'

expect_no_error
check "the drawable changed" differ before.png after.png
check "its mean colour moved toward the style's" toward before.png after.png style.png
notices=$(grep -c '^neural-style: VGG-19 model not found; using the built-in network\. Results improve with the real model: run .*fetch-model\.sh$' "$log" || true)
[ "$notices" = 1 ] || fail "expected one built-in network notice on stderr for two runs, got $notices"
echo "ok: one notice about the built-in network for two runs in one GIMP session"
