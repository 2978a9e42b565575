#!/bin/bash
# A corrupt or missing model file, named by the model-path argument or by
# $NST_MODEL, gives an error with the loader's message: no silent fall-back
# on the built-in network.  The image stays byte-identical.
. "$(dirname "$0")/lib.sh"

garbage="$work/garbage.safetensors"
head -c 4096 /dev/urandom > "$garbage"
printf 'not a model' > "$work/short.safetensors"

run_gimp \
    '(nst-content "content" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-export (nst-layer "content") "before.png")' \
    "(nst-stylize (nst-layer \"content\") (nst-layer \"style\") (quote ((model . \"$garbage\") (output . 1))))" \
    "(nst-stylize (nst-layer \"content\") (nst-layer \"style\") (quote ((model . \"$work/missing.safetensors\"))))" \
    '(nst-write-layer-count "content" "layers.txt")' \
    '(nst-export (nst-layer "content") "after.png")'

expect_error "The model file '$garbage' could not be loaded: "
expect_error "The model file '$work/missing.safetensors' given in the argument 'model-path' does not exist"
grep -q 'using the built-in network' "$log" && fail "fell back on the built-in network"
expect_file_text layers.txt 1
check "the image is unchanged" same before.png after.png

# The same through the environment.
NST_MODEL="$work/short.safetensors" run_gimp \
    '(nst-content "content" 64 64 RGB #f)' \
    '(nst-style "style" 64 64)' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ()))' \
    '(nst-write-layer-count "content" "layers.txt")'

expect_error "The model file '$work/short.safetensors' could not be loaded: "
expect_file_text layers.txt 1
