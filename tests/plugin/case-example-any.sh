#!/bin/bash
# data/examples/stylize-any.scm, the Script-Fu example for both GIMP
# versions, stylises a file toward the style in GIMP 2.10 (tests/gimp3
# runs it in GIMP 3).
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "content.png")' \
    '(nst-export (nst-layer "style") "style.png")'

run_gimp "(begin (load \"$NST_TESTS/../../data/examples/stylize-any.scm\")
  (neural-style-any \"$out/content.png\" \"$out/style.png\" \"$out/result.png\" 75 15 64))"

expect_no_error
check "the result differs from the content" differ content.png result.png
check "its mean colour moved toward the style's" toward content.png result.png style.png
