#!/bin/bash
# Script-Fu in GIMP 3: the array arguments of issue 6 (more-styles,
# style-weights) and result-opacity arrive through GIMP 3's own array
# types: a 4:1 red:blue blend is redder than 1:4, the new layer has the
# opacity asked for, and a weights array of the wrong length is refused
# with the image untouched.
. "$(dirname "$0")/lib.sh"

run_script_fu '
  (define (hue-style name light dark)
    (let* ((made (nst-new-image name 48 48)))
      (let loop ((i 0))
        (if (< i 8)
            (begin
              (nst-fill (car made) (cadr made) gimp-image-select-rectangle (* i 6) 0 6 48
                        (if (even? i) light dark))
              (loop (+ i 1)))))
      made))
  (define (run made red blue weights output opacity)
    (plug-in-neural-style #:run-mode RUN-NONINTERACTIVE
                          #:image (car made)
                          #:drawables (vector (cadr made))
                          #:style-drawable (cadr red)
                          #:more-styles (vector (cadr blue))
                          #:style-weights weights
                          #:style-strength 80
                          #:working-size 48
                          #:iterations 25
                          #:seed 7
                          #:output-mode output
                          #:result-opacity opacity))
  (let* ((a (nst-content "content-a" 48 48))
         (b (nst-content "content-b" 48 48))
         (c (nst-content "content-c" 48 48))
         (red (hue-style "red" (quote (230 30 30)) (quote (160 10 10))))
         (blue (hue-style "blue" (quote (30 30 230)) (quote (10 10 160)))))
    (nst-export (car c) "before.png")
    (run a red blue (vector 4.0 1.0) "replace" 100.0)
    (run b red blue (vector 1.0 4.0) "replace" 100.0)
    (nst-export (car a) "red.png")
    (nst-export (car b) "blue.png")
    (run a red blue (vector 1.0 1.0) "new-layer" 40.0)
    (nst-write "opacity.txt"
      (car (gimp-layer-get-opacity (vector-ref (car (gimp-image-get-layers (car a))) 0))))
    (nst-write "weights.txt" (catch "caught" (run c red blue (vector 1.0) "replace" 100.0)))
    (nst-export (car c) "after.png")
    (nst-write "done.txt" "done"))'

expect_file_text done.txt done
check "style-weights blend: 4:1 red:blue is redder than 1:4" redder red.png blue.png
expect_file_text opacity.txt 40.0
expect_file_text weights.txt caught
grep -qF "Argument 'style-weights' has 1 entries, but there are 2 styles" "$log" ||
    fail "the weights error does not name the argument"
echo "ok: the weights error names the argument"
check "the refused run left the image untouched" same before.png after.png
