#!/bin/bash
# A feathered selection blends the result into the original: on a twin
# image stylised within a sharp selection of the same bounds (so the
# engine sees the same pixels and gives the same result), the feathered
# run changes the middle about as much and the feathered edge only part
# of the way.  Writing the result without the selection's mask would
# make the edge change fully.
. "$(dirname "$0")/lib.sh"

run_gimp \
    '(nst-content "content-a" 64 64 RGB #f)' \
    '(nst-content "content-b" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content-a") "before.png")' \
    '(let ((image (nst-image-of (nst-layer "content-a"))))
       (gimp-context-set-feather TRUE)
       (gimp-context-set-feather-radius 16 16)
       (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 16 16 32 32)
       (gimp-context-set-feather FALSE)
       (let ((bounds (cdr (gimp-selection-bounds image))))
         (nst-write "bounds.txt" (string-append (number->string (car bounds)) " "
                                               (number->string (cadr bounds)) " "
                                               (number->string (caddr bounds)) " "
                                               (number->string (cadddr bounds))))
         (gimp-image-select-rectangle (nst-image-of (nst-layer "content-b")) CHANNEL-OP-REPLACE
                                      (car bounds) (cadr bounds)
                                      (- (caddr bounds) (car bounds))
                                      (- (cadddr bounds) (cadr bounds)))))' \
    '(nst-stylize (nst-layer "content-a") (nst-layer "style") (quote ()))' \
    '(nst-stylize (nst-layer "content-b") (nst-layer "style") (quote ()))' \
    '(nst-export (nst-layer "content-a") "feathered.png")' \
    '(nst-export (nst-layer "content-b") "sharp.png")'

expect_no_error
[ -s "$out/bounds.txt" ] || fail "bounds.txt was not written"
echo "ok: the feathered selection's bounds are $(cat "$out/bounds.txt")"
check "the middle of a feathered selection changes fully" \
    ratio before.png feathered.png sharp.png 28 28 8 8 0.9 1.1
check "its edge changes only part of the way" \
    ratio before.png feathered.png sharp.png 14 24 4 16 0.15 0.85
