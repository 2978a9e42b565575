#!/bin/bash
# Issue 6's controls through the real PDB, each checked so that it would
# fail without the control: style blend weights, style regions from
# channels, the style from a selection of the style layer, refine (start
# from a layer), the result layer's opacity; and their bad values give a
# clear error with the image untouched.
. "$(dirname "$0")/lib.sh"

red="'(230 30 30) '(160 10 10)"
blue="'(30 30 230) '(10 10 160)"
# Each run adds its result as a new layer (output 1), exported, then
# removed: the content stays the same for the next run.  Overrides are
# quasi-quoted: ,(...) puts in an id found at run time.
result () {   # result FILE OVERRIDES
    echo "(begin (nst-stylize (nst-layer \"content\") (nst-layer \"red\") (quasiquote ($2 (output . 1) (size . 48) (iterations . 25) (strength . 80))))
                 (nst-export (nst-top-layer \"content\") \"$1\")
                 (gimp-image-remove-layer (nst-image-of (nst-layer \"content\")) (nst-top-layer \"content\")))"
}

run_gimp \
    '(nst-content "content" 48 48 RGB #f)' \
    "(nst-hue-style \"red\" 48 48 $red)" \
    "(nst-hue-style \"blue\" 48 48 $blue)" \
    "(let* ((made (nst-new-image \"halves\" 48 48 RGB #f)) (image (car made)) (layer (cadr made)))
       (nst-fill-rect image layer 0 0 24 48 '(230 30 30))
       (nst-fill-rect image layer 24 0 24 48 '(30 30 230)))" \
    '(nst-channel (nst-layer "content") "left" 0 0 24 48)' \
    '(nst-channel (nst-layer "content") "right" 24 0 24 48)' \
    "(let* ((made (nst-new-image \"green\" 48 48 RGB #f)))
       (nst-fill-rect (car made) (cadr made) 0 0 48 48 '(20 200 40)))" \
    '(nst-export (nst-layer "content") "before.png")' \
    "$(result w-red.png '(more . ((unquote (nst-layer "blue")))) (weights . (4 1))')" \
    "$(result w-blue.png '(more . ((unquote (nst-layer "blue")))) (weights . (1 4))')" \
    "$(result regions-a.png '(more . ((unquote (nst-layer "blue")))) (regions . ((unquote (nst-channel-named "left")) (unquote (nst-channel-named "right"))))')" \
    "$(result regions-b.png '(more . ((unquote (nst-layer "blue")))) (regions . ((unquote (nst-channel-named "right")) (unquote (nst-channel-named "left"))))')" \
    '(gimp-image-select-rectangle (nst-image-of (nst-layer "halves")) CHANNEL-OP-REPLACE 0 0 20 48)' \
    "$(result sel-left.png '(more . ((unquote (nst-layer "halves")))) (weights . (0 1)) (style-selection . 1)')" \
    '(gimp-image-select-rectangle (nst-image-of (nst-layer "halves")) CHANNEL-OP-REPLACE 28 0 20 48)' \
    "$(result sel-right.png '(more . ((unquote (nst-layer "halves")))) (weights . (0 1)) (style-selection . 1)')" \
    '(gimp-selection-none (nst-image-of (nst-layer "halves")))' \
    '(let* ((image (nst-image-of (nst-layer "content")))
            (copy (car (gimp-layer-new-from-drawable (nst-layer "green") image))))
       (gimp-item-set-name copy "green-init")
       (gimp-image-insert-layer image copy 0 1))' \
    "$(result refined.png '(iterations . 1) (strength . 0) (content . 0) (smoothness . 0) (init . (unquote (nst-layer "green-init")))')" \
    '(nst-export (nst-layer "green") "green.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "red") (quote ((output . 1) (size . 32) (iterations . 2) (opacity . 40))))' \
    '(nst-write "opacity.txt" (car (gimp-layer-get-opacity (nst-top-layer "content"))))' \
    '(gimp-image-remove-layer (nst-image-of (nst-layer "content")) (nst-top-layer "content"))' \
    '(nst-stylize (nst-layer "content") (nst-layer "red") (quasiquote ((more . ((unquote (nst-layer "blue")))) (weights . (1)))))' \
    '(nst-stylize (nst-layer "content") (nst-layer "red") (quasiquote ((regions . ((unquote (nst-layer "blue")))))))' \
    '(nst-stylize (nst-layer "content") (nst-layer "red") (quasiquote ((more . ((unquote (nst-channel-named "left")))))))' \
    '(nst-stylize (nst-layer "content") (nst-layer "red") (quote ((init . 99999))))' \
    '(nst-stylize (nst-layer "content") (nst-layer "red") (quote ((weights . (0)))))' \
    '(nst-write-layer-count "content" "layers.txt")' \
    '(nst-export (nst-layer "content") "after.png")'

check "style weights blend: 4:1 red:blue is redder than 1:4" redder w-red.png w-blue.png
check "regions: red on the left where the left channel gives it the red style" \
    redder regions-a.png regions-b.png 0 0 20 48
check "regions: red on the right when the channels swap" \
    redder regions-b.png regions-a.png 28 0 20 48
check "style from a selection: the selected red half paints red" redder sel-left.png sel-right.png
# against the content itself: without the layer the built-in network
# starts from its synthesis of the red style (libnst 0.9), far from green
check "refine: one iteration from the green layer stays near it" toward before.png refined.png green.png
expect_file_text opacity.txt 40.0
expect_error "Argument 'style-weights' has 1 entries, but there are 2 styles"
expect_error "Argument 'style-regions' has"
expect_error "which is not a channel or layer mask of the image"
expect_error "Argument 'more-styles' has"
expect_error "Argument 'init-drawable' is 99999"
expect_error "gives every style a weight of 0"
expect_file_text layers.txt 2
check "the failed runs left the content untouched" same before.png after.png
