#!/bin/bash
# Balanced before and after the speed work, side by side: each photo x
# painting pair of ../shared/images stylised at 512 px by the engine of
# OLD_REV with its default schedule then (200 iterations at every level)
# and by this build's Balanced preset, with wall time and final objective
# under each picture.  Writes one JPEG per pair (at most 150 KB) to OUT
# and prints a Markdown table.  Skipped (exit 77) when ../shared/images
# is absent.
#
#   tests/bench/before-after.sh BUILD_DIR [OUT]
#
# OLD_REV (default 83eed44, the last commit before the speed work) is
# built once in a temporary worktree, unless $NST_OLD names an nst binary
# of it.  A run whose log and picture are already in
# BUILD_DIR/pictures/before-after is reused (FORCE=1 runs it again), so
# the slow "before" half is paid once.  The issue's baseline is the old
# engine on its best kernels, so its OpenBLAS core is forced to the CPU's
# level (SkylakeX with AVX-512, Haswell with AVX2; $OLD_CORETYPE to
# choose): OpenBLAS 0.3.21 does not recognise every CPU on its own.  $NST_PAIRS limits the pairs, e.g.
# "chelsea.png:starry_night.jpg coffee.png:shipwreck.jpg".  Times mean
# something only on an idle machine; the script prints the CPU and load.
set -euo pipefail
build=$(cd "${1:?usage: before-after.sh BUILD_DIR [OUT]}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${2:-$root/docs/speed}
images=${NST_SHARED_IMAGES:-$root/../shared/images}
old_rev=${OLD_REV:-83eed44}
work=$build/pictures/before-after
new_nst=$build/nst-core/cli/nst
if [ -z "${OLD_CORETYPE:-}" ]; then
    if grep -qw avx512f /proc/cpuinfo; then OLD_CORETYPE=SkylakeX
    elif grep -qw avx2 /proc/cpuinfo; then OLD_CORETYPE=Haswell
    else OLD_CORETYPE=; fi
fi

if [ ! -d "$images" ]; then
    echo "before-after: skipped: no shared images at $images"
    exit 77
fi
for tool in montage convert; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "before-after: skipped: ImageMagick's $tool is not installed"
        exit 77
    fi
done
mkdir -p "$work/old" "$work/new" "$out"

old_nst=${NST_OLD:-$work/nst-$old_rev}
if [ ! -x "$old_nst" ]; then
    tree=$(mktemp -d)
    trap 'git -C "$root" worktree remove --force "$tree" >/dev/null 2>&1 || true' EXIT
    git -C "$root" worktree add --detach "$tree" "$old_rev" >/dev/null
    meson setup "$tree/build" "$tree" --buildtype=release >/dev/null
    ninja -C "$tree/build" nst-core/cli/nst >/dev/null
    cp "$tree/build/nst-core/cli/nst" "$old_nst"
fi

# run CORE NST DIR NAME CONTENT STYLE ARGS...: one run (OpenBLAS's own
# choice of core when CORE is empty), its log ends with the wall time
run() {
    local core=$1 nst=$2 dir=$3 name=$4 content=$5 style=$6
    shift 6
    if [ -z "${FORCE:-}" ] && [ -s "$dir/$name.png" ] && tail -1 "$dir/$name.log" 2>/dev/null | grep -q '^wall '; then
        return 0
    fi
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE ${core:+OPENBLAS_CORETYPE=$core} \
        /usr/bin/time -f "wall %e s" \
        "$nst" stylize "$images/$content" "$images/$style" -o "$dir/$name.png" --seed 1 "$@" \
        > "$dir/$name.log" 2>&1
}

wall() { tail -1 "$1" | awk '{ print $2 }'; }
loss() { grep -E 'iteration [0-9]+/' "$1" | tail -1 | sed -E 's/.* loss ([0-9.e+-]+).*/\1/'; }
levels() {   # iterations run at each level, e.g. 180/100/50
    grep -E 'iteration [0-9]+/' "$1" | awk '{ if (!($2 in n)) order[k++] = $2; split($4, a, "/"); n[$2] = a[1] }
        END { for (i = 0; i < k; i++) printf "%s%s", (i ? "/" : ""), n[order[i]]; print "" }'
}

echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "before: $old_rev, --size 512 --iterations 200 (every level), OPENBLAS_CORETYPE=${OLD_CORETYPE:-(its own choice)}; after: this build, --size 512 (Balanced), OpenBLAS's own choice"
echo
echo "| pair | before s | after s | speed-up | before objective | after objective | change |"
echo "|---|---|---|---|---|---|---|"
pairs=${NST_PAIRS:-"chelsea.png:starry_night.jpg chelsea.png:shipwreck.jpg coffee.png:starry_night.jpg coffee.png:shipwreck.jpg rocket.jpg:starry_night.jpg rocket.jpg:shipwreck.jpg"}
for pair in $pairs; do
    content=${pair%%:*}
    style=${pair##*:}
    name="${content%.*}-${style%.*}"
    run "$OLD_CORETYPE" "$old_nst" "$work/old" "$name" "$content" "$style" --size 512 --iterations 200
    run "" "$new_nst" "$work/new" "$name" "$content" "$style" --size 512
    t_old=$(wall "$work/old/$name.log")
    t_new=$(wall "$work/new/$name.log")
    l_old=$(loss "$work/old/$name.log")
    l_new=$(loss "$work/new/$name.log")
    awk -v n="$name" -v a="$t_old" -v b="$t_new" -v la="$l_old" -v lb="$l_new" 'BEGIN {
        printf "| %s | %.0f | %.0f | %.1fx | %.4f | %.4f | %+.1f%% |\n", n, a, b, a / b, la, lb, 100 * (lb - la) / la }'
    montage -label "before: $(printf '%.0f' "$t_old") s, objective $(printf '%.4f' "$l_old")" \
        \( "$work/old/$name.png" -resize '400x400>' \) \
        -label "after: $(printf '%.0f' "$t_new") s, objective $(printf '%.4f' "$l_new") ($(levels "$work/new/$name.log") iterations)" \
        \( "$work/new/$name.png" -resize '400x400>' \) \
        -tile 2x1 -geometry +4+4 -pointsize 13 miff:- |
        convert - -strip -quality 82 -define jpeg:extent=150kb "$out/$name.jpg"
done
echo
echo "pictures: $out"
