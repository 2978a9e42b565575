#!/bin/sh
# test-cli.sh - one case of the `nst` command-line tests.
#
#   test-cli.sh NST CLI_TEST_TOOL CASE
#
# Every case works in its own temporary folder on images it generates
# (cli-test-tool make), with the built-in network at 64 px and a few
# iterations, so each takes seconds and needs no model file.  No model is
# searched for: NST_MODEL is emptied and XDG_DATA_HOME points into the
# temporary folder.
set -u

nst="${1:?usage: test-cli.sh NST CLI_TEST_TOOL CASE}"
tool="${2:?usage: test-cli.sh NST CLI_TEST_TOOL CASE}"
case_name="${3:?usage: test-cli.sh NST CLI_TEST_TOOL CASE}"

# meson passes paths relative to the build folder; the cases cd away
case "$nst" in /*) ;; *) nst="$PWD/$nst" ;; esac
case "$tool" in /*) ;; *) tool="$PWD/$tool" ;; esac

dir=$(mktemp -d "${TMPDIR:-/tmp}/nst-cli-test.XXXXXX") || exit 1
trap 'rm -rf "$dir"' EXIT
cd "$dir" || exit 1

NST_MODEL=
XDG_DATA_HOME="$dir/data"
XDG_CACHE_HOME="$dir/cache"
export NST_MODEL XDG_DATA_HOME XDG_CACHE_HOME

failures=0
fast="--builtin --size 64 --levels 1 --iterations 4"

fail () {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

pass () {
    echo "ok: $*"
}

# run EXPECTED_RC DESCRIPTION COMMAND...: stdout in out.txt, stderr in err.txt
run () {
    expected=$1
    what=$2
    shift 2
    "$@" >out.txt 2>err.txt
    rc=$?
    if [ "$rc" -eq "$expected" ]; then
        pass "$what (exit $rc)"
    else
        fail "$what: exit $rc, expected $expected"
        sed 's/^/  stderr: /' err.txt
    fi
}

# stderr_has TEXT DESCRIPTION: the last command's stderr names TEXT
stderr_has () {
    if grep -qF -- "$1" err.txt; then
        pass "$2"
    else
        fail "$2: stderr lacks '$1'"
        sed 's/^/  stderr: /' err.txt
    fi
}

no_file () {
    for f in "$@"; do
        if [ -e "$f" ]; then
            fail "'$f' exists but must not"
        else
            pass "no '$f'"
        fi
    done
    # an atomic write leaves no temporary file behind either
    leftovers=$(ls -A | grep '\.tmp-' || true)
    [ -z "$leftovers" ] || fail "temporary files left: $leftovers"
}

make_images () {
    "$tool" make content.png 64 48 1 || fail "cli-test-tool make content.png"
    "$tool" make alpha.png 64 48 2 alpha || fail "cli-test-tool make alpha.png"
    "$tool" make style.png 64 64 3 || fail "cli-test-tool make style.png"
    "$tool" make style2.png 40 40 4 || fail "cli-test-tool make style2.png"
}

# compare A B: sets w_a h_a w_b h_b diff alpha_diff alpha_a alpha_b
compare () {
    set -- $("$tool" compare "$1" "$2")
    w_a=$1 h_a=$2 w_b=$3 h_b=$4 diff=$5 alpha_diff=$6 alpha_a=$7 alpha_b=$8
}

# at_least X Y: X >= Y, as decimals
at_least () {
    awk -v x="$1" -v y="$2" 'BEGIN { exit !(x >= y) }'
}

# first_eta: the ETA of the last command's first progress line, in seconds
# ("12.3s", "31m40s" or "1h05m"; -1 for "--")
first_eta () {
    grep -m 1 -o 'ETA [^ ]*' err.txt | awk '{
        t = $2; s = 0
        if (t == "--") { print -1; exit }
        if (t ~ /h/) { split(t, a, "h"); s += a[1] * 3600; t = a[2] }
        if (t ~ /m/) { split(t, a, "m"); s += a[1] * 60; t = a[2] }
        sub(/s$/, "", t); s += t; print s }'
}

# first_eta_within MIN MAX WHAT: that ETA is at least MIN and below MAX s
first_eta_within () {
    eta=$(first_eta)
    awk -v s="$eta" -v lo="$1" -v hi="$2" 'BEGIN { exit !(s >= lo && s < hi) }' \
        && pass "$3 ($eta s)" || fail "$3: the ETA is $eta s, not in [$1, $2)"
}

case "$case_name" in
stylize)
    make_images
    run 0 "stylize a 64 x 48 PNG" "$nst" stylize content.png style.png -o out.png $fast -q
    compare content.png out.png
    [ "$w_b x $h_b" = "64 x 48" ] && pass "same size as the content" \
        || fail "output is $w_b x $h_b, content 64 x 48"
    at_least "$diff" 0.005 && pass "output differs from the content (mean |diff| $diff)" \
        || fail "output hardly differs from the content (mean |diff| $diff)"
    [ ! -s err.txt ] && pass "--quiet prints nothing" || fail "--quiet printed: $(cat err.txt)"
    no_file out.png.tmp-*

    run 0 "two styles with blend weights" "$nst" stylize content.png style.png style2.png \
        --style-weights 0.7,0.3 -o two.png $fast
    stderr_has "iteration 4/4" "progress lines on stderr"
    [ -s two.png ] && pass "two.png written" || fail "two.png missing"

    run 0 "two styles, the first masked" "$nst" stylize content.png style.png style2.png \
        --style-mask alpha.png --style-mask none -o masked.png $fast -q
    [ -s masked.png ] && pass "masked.png written" || fail "masked.png missing"
    run 1 "a mask not of the content's size" "$nst" stylize content.png style.png \
        --style-mask style.png -o badmask.png $fast -q
    stderr_has "content's size" "the message says the mask's size is wrong"
    no_file badmask.png

    # a selection of the style (any image of the style's size: its luma)
    "$tool" make selection.png 64 64 5 alpha || fail "cli-test-tool make selection.png"
    run 0 "the style from a selection of it" "$nst" stylize content.png style.png \
        --style-selection selection.png -o selected.png $fast -q
    run 0 "the same without the selection" "$nst" stylize content.png style.png \
        -o whole.png $fast -q
    compare selected.png whole.png
    at_least "$diff" 0.001 && pass "the selection changes the result (mean |diff| $diff)" \
        || fail "the selection made no difference (mean |diff| $diff)"
    run 1 "a selection not of the style's size" "$nst" stylize content.png style.png \
        --style-selection content.png -o badsel.png $fast -q
    stderr_has "its style's size" "the message says the selection's size is wrong"
    no_file badsel.png

    run 0 "adam, noise init, max pool, colour matching, --verbose" "$nst" stylize \
        content.png style.png -o adam.jpg $fast --optimizer adam --init noise --seed 7 \
        --pool max --color match --memory-limit 2G --verbose
    stderr_has "predicted: peak memory" "--verbose prints the estimate"
    [ -s adam.jpg ] && pass "adam.jpg written" || fail "adam.jpg missing"

    # the presets: Draft is one level at 256 px; --size and --iterations
    # given beside a preset win over it
    "$tool" make photo.png 300 200 6 || fail "cli-test-tool make photo.png"
    run 0 "--quality draft" "$nst" stylize photo.png style.png -o draft.png --builtin \
        --quality draft --iterations 2 --verbose
    stderr_has "1 level up to 256 x 171 px" "Draft works at 256 px in one level"
    stderr_has "iteration 2/2" "--iterations overrides the preset's 40"
    run 0 "--quality fine --size 96" "$nst" stylize photo.png style.png -o fine.png --builtin \
        --quality fine --size 96 --iterations 2 --verbose
    stderr_has "up to 96 x 64 px" "--size overrides the preset's 1024 px"
    run 2 "a bad preset" "$nst" stylize photo.png style.png -o bad.png --quality best
    stderr_has "draft" "the message lists the presets"
    no_file bad.png

    # the loss terms of 0.5 and 0.6 reach the engine: each changes the
    # result against the same run with the term off, and a value out of
    # range is refused by name (a usage error, exit 2), writing nothing
    run 0 "the terms off" "$nst" stylize content.png style.png -o off.png $fast -q \
        --chroma-tv-weight 0 --composition-weight 0 --patch-weight 0
    for flag in chroma-tv-weight composition-weight patch-weight; do
        run 0 "--$flag 100" "$nst" stylize content.png style.png -o "$flag.png" $fast -q \
            --chroma-tv-weight 0 --composition-weight 0 --patch-weight 0 --"$flag" 100
        compare off.png "$flag.png"
        at_least "$diff" 0.0005 && pass "--$flag changes the result (mean |diff| $diff)" \
            || fail "--$flag made no difference (mean |diff| $diff)"
    done
    # 0.8's luminance bands likewise: one band against the built-in
    # network's three
    run 0 "--style-bands 1" "$nst" stylize content.png style.png -o bands.png $fast -q \
        --chroma-tv-weight 0 --composition-weight 0 --patch-weight 0 --style-bands 1
    compare off.png bands.png
    at_least "$diff" 0.0005 && pass "--style-bands changes the result (mean |diff| $diff)" \
        || fail "--style-bands made no difference (mean |diff| $diff)"
    run 2 "five style bands" "$nst" stylize content.png style.png -o bad.png $fast \
        --style-bands 5
    stderr_has "style_bands" "the message names the style bands"
    no_file bad.png
    # 0.9's start: the built-in network starts from the synthesis unless
    # told; the synthesis stated is the default's picture
    run 0 "--init content" "$nst" stylize content.png style.png -o from-content.png $fast -q \
        --chroma-tv-weight 0 --composition-weight 0 --patch-weight 0 --init content
    compare off.png from-content.png
    at_least "$diff" 0.0005 && pass "--init content changes the result (mean |diff| $diff)" \
        || fail "--init content made no difference (mean |diff| $diff)"
    run 0 "--init synthesis" "$nst" stylize content.png style.png -o from-synth.png $fast -q \
        --chroma-tv-weight 0 --composition-weight 0 --patch-weight 0 --init synthesis
    compare off.png from-synth.png
    awk -v x="$diff" 'BEGIN { exit !(x == 0) }' && pass "--init synthesis is the built-in default's picture" \
        || fail "--init synthesis differs from the default (mean |diff| $diff)"
    run 0 "--patch-repeat, --patch-layers, --patch-levels" "$nst" stylize content.png \
        style.png -o patch2.png $fast -q --patch-weight 100 --patch-repeat 0 \
        --patch-layers relu2_1 --patch-levels 1
    compare patch-weight.png patch2.png
    at_least "$diff" 0.0005 && pass "the patch settings change the result (mean |diff| $diff)" \
        || fail "the patch settings made no difference (mean |diff| $diff)"
    run 2 "a negative patch repeat" "$nst" stylize content.png style.png -o bad.png $fast \
        --patch-weight 1 --patch-repeat -1
    stderr_has "patch_repeat" "the message names the patch repeat"
    run 2 "a composition weight below -1" "$nst" stylize content.png style.png -o bad.png \
        $fast --composition-weight -5
    stderr_has "composition_weight" "the message names the composition weight"
    run 2 "an unknown patch layer" "$nst" stylize content.png style.png -o bad.png $fast \
        --patch-weight 1 --patch-layers relu9_9
    stderr_has "relu9_9" "the message names the unknown layer"
    no_file bad.png
    ;;

alpha)
    make_images
    run 0 "stylize an RGBA content into a 16-bit PNG" "$nst" stylize alpha.png style.png \
        -o out16.png --bits 16 $fast -q
    compare alpha.png out16.png
    [ "$alpha_b" = 1 ] && pass "output has alpha" || fail "output has no alpha"
    at_least 0.002 "$alpha_diff" && pass "alpha kept (max |diff| $alpha_diff)" \
        || fail "alpha changed (max |diff| $alpha_diff)"
    # IHDR's bit depth is byte 24 of a PNG
    depth=$(od -An -tu1 -j24 -N1 out16.png | tr -d ' ')
    [ "$depth" = 16 ] && pass "16 bits per channel" || fail "PNG bit depth $depth, not 16"

    run 0 "RGB content gives an RGB output" "$nst" stylize content.png style.png -o rgb.png $fast -q
    compare content.png rgb.png
    [ "$alpha_b" = 0 ] && pass "no alpha added" || fail "alpha added to an RGB image"
    ;;

bad-model)
    make_images
    printf 'not a safetensors file, not at all' > bad.safetensors
    run 1 "a corrupt --model" "$nst" stylize content.png style.png -o out.png \
        --model bad.safetensors --size 64 --levels 1 --iterations 2
    stderr_has "bad.safetensors" "the message names the model file"
    run 1 "a missing --model" "$nst" stylize content.png style.png -o out.png \
        --model missing.safetensors --size 64 --levels 1 --iterations 2
    stderr_has "does not exist" "the message says it does not exist"
    mkfifo pipe.safetensors
    run 1 "a pipe as --model" "$nst" stylize content.png style.png -o out.png \
        --model pipe.safetensors --size 64 --levels 1 --iterations 2
    stderr_has "is not a regular file" "the message says a pipe is not a regular file"
    run 1 "a corrupt \$NST_MODEL" env NST_MODEL="$dir/bad.safetensors" "$nst" stylize \
        content.png style.png -o out.png --size 64 --levels 1 --iterations 2
    stderr_has "bad.safetensors" "the message names the file from \$NST_MODEL"
    no_file out.png
    ;;

missing-input)
    make_images
    run 1 "a missing content image" "$nst" stylize nope.png style.png -o out.png $fast
    stderr_has "nope.png" "the message names the missing file"
    run 1 "a missing style image" "$nst" stylize content.png nostyle.png -o out.png $fast
    stderr_has "nostyle.png" "the message names the missing style"
    run 1 "a missing --init image" "$nst" stylize content.png style.png -o out.png \
        --init noinit.png $fast
    stderr_has "noinit.png" "the message names the missing init image"
    no_file out.png
    ;;

corrupt-input)
    make_images
    printf 'GIF89a and then nothing useful' > fake.png
    run 1 "not an image" "$nst" stylize fake.png style.png -o out.png $fast
    stderr_has "fake.png" "the message names the file"
    head -c 400 content.png > cut.png
    run 1 "a truncated PNG" "$nst" stylize cut.png style.png -o out.png $fast
    stderr_has "truncated" "the message says truncated"
    : > empty.png
    run 1 "an empty file" "$nst" stylize empty.png style.png -o out.png $fast
    no_file out.png
    ;;

bad-output)
    make_images
    run 1 "an unknown output type" "$nst" stylize content.png style.png -o out.xyz $fast
    stderr_has ".png" "the message lists the types"
    run 1 "an output folder that does not exist" "$nst" stylize content.png style.png \
        -o nodir/out.png $fast
    stderr_has "nodir" "the message names the folder"
    run 2 "16 bits in a JPEG" "$nst" stylize content.png style.png -o out.jpg --bits 16 $fast
    no_file out.xyz nodir out.jpg
    ;;

model-file)
    make_images
    "$tool" model tiny.safetensors tiny || fail "cli-test-tool model tiny"
    "$tool" model constant.safetensors constant || fail "cli-test-tool model constant"
    run 0 "model info on a tiny model file" "$nst" model info tiny.safetensors
    grep -q "32x32x3x3" out.txt && pass "prints its shapes" || fail "no 32x32x3x3 shape"
    grep -q "look sane" out.txt && pass "its weights look sane" || fail "sanity line missing"
    run 1 "model info on constant weights" "$nst" model info constant.safetensors
    stderr_has "conv3_2" "the message names the wrong layer"
    run 0 "stylize with --model" "$nst" stylize content.png style.png -o tiny.png \
        --model tiny.safetensors --size 64 --levels 1 --iterations 4 -q
    [ -s tiny.png ] && pass "tiny.png written" || fail "tiny.png missing"
    mkdir -p "$XDG_DATA_HOME/neural-style/models"
    cp tiny.safetensors "$XDG_DATA_HOME/neural-style/models/vgg19.safetensors"
    run 0 "stylize finds the model in the user's data folder" "$nst" stylize content.png \
        style.png -o found.png --size 64 --levels 1 --iterations 2 --verbose
    stderr_has "model: $XDG_DATA_HOME" "the model found is the user's"
    ;;

model-info)
    run 0 "model info --builtin" "$nst" model info --builtin
    grep -q "conv5_1" out.txt && pass "lists conv5_1" || fail "conv5_1 not listed"
    grep -q "512x512x3x3" out.txt && pass "prints shapes" || fail "no 512x512x3x3 shape"
    grep -q "look sane" out.txt && pass "weights look sane" || fail "sanity line missing"
    run 0 "model info without a file falls back to the built-in network" "$nst" model info
    grep -q "built-in" out.txt && pass "names the built-in network" || fail "no built-in network"
    ;;

model-info-corrupt)
    printf 'junk' > junk.safetensors
    run 1 "model info on a 4-byte file" "$nst" model info junk.safetensors
    stderr_has "junk.safetensors" "the message names the file"
    # a header length far past the end of the file
    printf '\377\377\377\377\000\000\000\000{}' > huge.safetensors
    run 1 "model info on a header past the end" "$nst" model info huge.safetensors
    run 1 "model info on a missing file" "$nst" model info missing.safetensors
    mkdir -p "$XDG_DATA_HOME/neural-style/models"
    cp junk.safetensors "$XDG_DATA_HOME/neural-style/models/vgg19.safetensors"
    run 1 "a corrupt model in the user's data folder" "$nst" model info
    stderr_has "$XDG_DATA_HOME" "the message names the file found"
    ;;

usage)
    run 2 "no command" "$nst"
    run 2 "an unknown command" "$nst" frobnicate
    run 2 "stylize without images" "$nst" stylize
    run 2 "stylize without a style" "$nst" stylize content.png -o out.png
    run 2 "stylize without -o" "$nst" stylize content.png style.png
    run 2 "an unknown option" "$nst" stylize --frobnicate content.png style.png -o out.png
    run 2 "a bad number" "$nst" stylize content.png style.png -o out.png --iterations many
    run 2 "a bad choice" "$nst" stylize content.png style.png -o out.png --pool median
    run 2 "a bad size" "$nst" stylize content.png style.png -o out.png --memory-limit 3Q
    run 2 "model without a subcommand" "$nst" model
    run 2 "bench with a bad size" "$nst" bench --size 3
    for cmd in "stylize" "model info" "bench" "model" ""; do
        run 0 "nst $cmd --help" "$nst" $cmd --help
        grep -q "Usage" out.txt && pass "help of '$cmd' printed" || fail "no help for '$cmd'"
    done
    ;;

cancel)
    make_images
    "$nst" stylize content.png style.png -o out.png --builtin --size 64 --levels 1 \
        --iterations 100000 2>err.txt &
    pid=$!
    tries=0
    until grep -q "iteration" err.txt 2>/dev/null || [ $tries -ge 600 ]; do
        sleep 0.1
        tries=$((tries + 1))
    done
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    [ "$rc" -eq 130 ] && pass "Ctrl-C exits with 130" || fail "Ctrl-C gave exit $rc"
    stderr_has "cancelled" "says it was cancelled"
    no_file out.png
    ;;

eta)
    # The time left on the first progress line comes from the plan and a
    # kept calibration of this machine when there is one (as in GIMP),
    # else from the run's own pace.  A calibration of a machine 200000
    # times slower than a plausible one (10000 s per evaluation at 128 px,
    # ~1900 s at 64 x 48) must show in the first ETA: the run's pace, far
    # faster, pulls the plan down by at most 10x (nst-fe-eta.c), to some
    # 600 s, while the pace alone says under 1 s.
    make_images
    run 0 "a run without a kept calibration" "$nst" stylize content.png style.png \
        -o plain.png $fast
    first_eta_within 0 60 "without a calibration, the first ETA follows the run's pace"
    "$NST_SEED_CALIBRATION" 200000 || fail "nst-seed-calibration"
    [ -n "$(ls cache/neural-style/calibration-*.ini 2>/dev/null)" ] \
        && pass "the calibration is kept in \$XDG_CACHE_HOME" || fail "no calibration file"
    run 0 "a run with the kept calibration" "$nst" stylize content.png style.png \
        -o calibrated.png $fast
    first_eta_within 100 1e9 "with it, the first ETA comes from the calibration"
    compare plain.png calibrated.png
    awk -v d="$diff" 'BEGIN { exit !(d == 0) }' \
        && pass "the calibration changes only the ETA, not the pixels" \
        || fail "the calibration changed the result (mean |diff| $diff)"
    ;;

*)
    echo "unknown case '$case_name'"
    exit 2
    ;;
esac

if [ "$failures" -ne 0 ]; then
    echo "$case_name: $failures failed"
    exit 1
fi
echo "$case_name: all passed"
exit 0
