#!/bin/bash
# The bad-input matrix's unreadable model file, through the real PDB: a
# model file with mode 000 must fail with a message that names the file
# and says why, and leave the content image byte-identical.
#
# chmod 000 does not stop root, and CI runs as root.  Then GIMP (and so
# the plug-in it starts) runs as the unprivileged user nobody (65534, no
# supplementary groups): a gimp-console-2.10 first on PATH re-executes the
# real one under setpriv, and the case's folder (HOME, profile, plug-ins,
# output) is handed to that user.  The shell around it stays root, so the
# log and the checks are as in every other case.
#
# A control run first loads a readable copy of the same model, on an image
# of its own, and must succeed: the refusal is then the mode's doing, not
# the file's.
. "$(dirname "$0")/lib.sh"

: "${NST_BAD_MODELS:?set NST_BAD_MODELS to the make-bad-models helper}"
models="$work/models"
mkdir -p "$models"
"$NST_BAD_MODELS" "$models" || fail "make-bad-models failed"
cp "$models/good.safetensors" "$models/unreadable.safetensors"
chmod 000 "$models/unreadable.safetensors"

as_gimp=()
if [ "$(id -u)" = 0 ]; then
    as_gimp=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    real_gimp=$(command -v gimp-console-2.10) || fail "no gimp-console-2.10"
    mkdir -p "$work/bin"
    printf '#!/bin/sh\nexec %s %q "$@"\n' "${as_gimp[*]}" "$real_gimp" \
        > "$work/bin/gimp-console-2.10"
    chmod 755 "$work/bin/gimp-console-2.10"
    export PATH="$work/bin:$PATH"
    chown -R 65534:65534 "$work"
    chown 0:0 "$models/unreadable.safetensors"
    echo "running as root: GIMP runs as uid 65534"
fi
# The premise, checked as the user GIMP runs as: this test must not pass
# because the error came from somewhere else.
if "${as_gimp[@]}" test -r "$models/unreadable.safetensors"; then
    fail "$(id -un) (as GIMP runs) can still read a file with mode 000"
fi
"${as_gimp[@]}" test -r "$models/good.safetensors" -a -w "$out" -a -w "$HOME" \
    || fail "the user GIMP runs as cannot use the case's folder $work"

run_gimp '(nst-content "content" 64 64 RGB #t)' \
         '(nst-content "control" 64 64 RGB #f)' \
         '(nst-style "style" 64 64)' \
         '(nst-export (nst-layer "content") "before.png")' \
         "(begin (nst-stylize (nst-layer \"control\") (nst-layer \"style\")
                              '((model . \"$models/good.safetensors\")))
                 (nst-write \"control.txt\" \"done\"))" \
         "(nst-stylize (nst-layer \"content\") (nst-layer \"style\")
                       '((model . \"$models/unreadable.safetensors\")))" \
         '(nst-write-layer-count "content" "layers.txt")' \
         '(nst-export (nst-layer "content") "after.png")'

expect_file_text control.txt done
expect_error "The model file '$models/unreadable.safetensors' could not be loaded: Cannot open"
expect_error "Permission denied"
[ "$(grep -ci 'execution error' "$log")" = 1 ] || fail "more than the one expected error"
expect_file_text layers.txt 1
check "the image is unchanged" same before.png after.png
