#!/bin/bash
# Script-Fu: stylisation moves the drawable toward the style, the same seed
# gives the same pixels, and errors (an out-of-range argument, a model file
# that does not exist) leave the image untouched.
. "$(dirname "$0")/lib.sh"

run_script_fu '
  (let* ((a (nst-content "content-a" 64 64))
         (b (nst-content "content-b" 64 64))
         (bad (nst-content "content-bad" 64 64))
         (style (nst-style "style" 64 64)))
    (nst-export (car a) "before.png")
    (nst-export (car style) "style.png")
    (nst-stylize a style (quote ((seed . 1234))))
    (nst-stylize b style (quote ((seed . 1234))))
    (nst-export (car a) "a.png")
    (nst-export (car b) "b.png")
    (nst-write "range.txt"
      (catch "caught" (nst-stylize bad style (quote ((strength . 150))))))
    (nst-write "model.txt"
      (catch "caught" (nst-stylize bad style (quote ((model . "/nonexistent/vgg19.safetensors"))))))
    (nst-export (car bad) "bad.png")
    (nst-write "done.txt" "done"))'

expect_file_text done.txt done
check "the drawable changed" differ before.png a.png
check "its mean colour moved toward the style's" toward before.png a.png style.png
check "the same seed gives the same pixels" same a.png b.png
expect_file_text range.txt caught
expect_file_text model.txt caught
grep -qF "/nonexistent/vgg19.safetensors" "$log" || fail "the model error does not name the file"
echo "ok: the model error names the file"
check "errors leave the image untouched" same before.png bad.png
notices=$(grep -c '^neural-style: VGG-19 model not found; using the built-in network' "$log" || true)
[ "$notices" = 1 ] || fail "expected one built-in network notice on stderr for two runs, got $notices"
echo "ok: batch runs say the built-in network is used, once per GIMP session"
