#!/bin/bash
# The bad-input matrix: each row one plug-in call through the real PDB that
# must fail with a clear message (or, for the odd sizes, work), and the
# content image must be byte-identical afterwards.  Argument errors the
# other cases cover (out-of-range values, a style id that names nothing,
# a missing or garbage model, a job over NST_MEMORY_LIMIT_MB) are not
# repeated here.  Model files come from make-bad-models (st-writer).
#
# NaN and infinity: Script-Fu computes them ((exp 1000.0) is +inf) but
# refuses them for a PDB argument ("Invalid type for argument N"), so they
# never reach the plug-in from Script-Fu; the plug-in's own range check
# also refuses NaN (nst_fe_params_validate, tests/core has no GIMP).
#
# Not here: an unreadable model file.  chmod 000 does not stop root, which
# CI runs as, so case-unreadable-model.sh runs GIMP as an unprivileged
# user for that one row.
. "$(dirname "$0")/lib.sh"

: "${NST_BAD_MODELS:?set NST_BAD_MODELS to the make-bad-models helper}"
models="$work/models"
mkdir -p "$models/a-directory.safetensors"
"$NST_BAD_MODELS" "$models" || fail "make-bad-models failed"

stylize () {   # CONTENT-LAYER STYLE OVERRIDES
    echo "(nst-stylize (nst-layer \"$1\") $2 (quote ($3)))"
}
model () {     # NAME: a model-path override
    echo "(model . \"$models/$1.safetensors\")"
}

# name | batch command | what the log must say between this row's marker
# and the next ("ok" for a call that must succeed)
rows=(
  "one-pixel|(let ((made (nst-content \"dot\" 1 1 RGB #f))) $(stylize dot '(nst-layer "style")' ''))|ok"
  "one-by-20000|(let ((made (nst-content \"line\" 1 20000 RGB #f))) $(stylize line '(nst-layer "style")' ''))|ok"
  "closed-style-image|(let ((gone (cadr (nst-style \"gone\" 32 32)))) (gimp-image-delete (nst-image-of gone)) $(stylize content gone ''))|Argument 'style-drawable' is"
  "channel-as-style|(let* ((image (nst-image-of (nst-layer \"content\"))) (channel (car (gimp-channel-new image 64 64 \"chan\" 50 '(0 0 0))))) (gimp-image-insert-channel image channel 0 0) $(stylize content channel ''))|which is not a layer"
  "nan-strength|$(stylize content '(nst-layer "style")' '(strength . NAN)')|Invalid type for argument 5"
  "inf-content|$(stylize content '(nst-layer "style")' '(content . INF)')|Invalid type for argument 6"
  "nan-detail|$(stylize content '(nst-layer "style")' '(detail . NAN)')|Invalid type for argument 8"
  "negative-size|$(stylize content '(nst-layer "style")' '(size . -64)')|Argument 'working-size' is -64"
  "empty-model|$(stylize content '(nst-layer "style")' "$(model empty)")|$models/empty.safetensors' could not be loaded"
  "truncated-model|$(stylize content '(nst-layer "style")' "$(model truncated)")|$models/truncated.safetensors' could not be loaded"
  "directory-model|$(stylize content '(nst-layer "style")' "$(model a-directory)")|$models/a-directory.safetensors"
  "huge-header-model|$(stylize content '(nst-layer "style")' "$(model huge-header)")|$models/huge-header.safetensors' could not be loaded"
  "wrong-shape-model|$(stylize content '(nst-layer "style")' "$(model wrong-shape)")|$models/wrong-shape.safetensors' could not be loaded"
  "nan-weights-model|$(stylize content '(nst-layer "style")' "$(model nan-weights)")|$models/nan-weights.safetensors' could not be loaded"
)

cmds=('(nst-content "content" 64 64 RGB #t)'
      '(nst-style "style" 64 64)'
      '(nst-export (nst-layer "content") "before.png")')
for row in "${rows[@]}"; do
    IFS='|' read -r name cmd want <<< "$row"
    # Script-Fu has no literal for them: NAN and INF are computed
    cmd=${cmd//NAN/(- (exp 1000.0) (exp 1000.0))}
    cmd=${cmd//INF/(exp 1000.0)}
    cmds+=("(begin (gimp-message \"row $name\") $cmd)")
done
cmds+=('(nst-write-layer-count "content" "layers.txt")'
       '(nst-export (nst-layer "content") "after.png")')
run_gimp "${cmds[@]}"

# The log from a row's marker to the next marker (or the end).
row_log () {
    awk -v start="row $1" '
        index($0, "script-fu-Warning: row ") == 1 { inside = ($0 == "script-fu-Warning: " start); next }
        inside' "$log"
}

for row in "${rows[@]}"; do
    IFS='|' read -r name cmd want <<< "$row"
    part=$(row_log "$name")
    if [ "$want" = ok ]; then
        grep -q 'batch command executed successfully' <<< "$part" \
            || fail "$name: the call did not succeed: $part"
        echo "ok: $name works"
        continue
    fi
    grep -qi 'execution error' <<< "$part" || fail "$name: no execution error: $part"
    grep -qiF -- "$want" <<< "$part" || fail "$name: the error does not say '$want': $part"
    echo "ok: $name fails saying '$want'"
done
expect_file_text layers.txt 1
check "the image is unchanged" same before.png after.png
