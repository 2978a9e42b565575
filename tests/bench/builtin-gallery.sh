#!/bin/bash
# Pictures of the built-in network: content photos x paintings from
# ../shared/images (public domain), stylised by `nst` without a model file,
# with a contact sheet per style setting.  Prints the paths it wrote.
# Skipped (exit 77) when ../shared/images is absent.
#
#   tests/bench/builtin-gallery.sh BUILD_DIR [SIZE] [ITERATIONS]
set -euo pipefail
build=${1:?usage: builtin-gallery.sh BUILD_DIR [SIZE] [ITERATIONS]}
size=${2:-256}
iterations=${3:-150}
here=$(cd "$(dirname "$0")" && pwd)
images=${NST_SHARED_IMAGES:-$here/../../../shared/images}
nst=$build/nst-core/cli/nst
out=$build/pictures/builtin
if [ ! -d "$images" ]; then
    echo "builtin-gallery: skipped: no shared images at $images"
    exit 77
fi
mkdir -p "$out"
contents=(chelsea.png coffee.png)
styles=(starry_night.jpg shipwreck.jpg)
settings=("30:10" "100:10")   # style weight : tv weight
for setting in "${settings[@]}"; do
    sw=${setting%%:*}
    tv=${setting##*:}
    for c in "${contents[@]}"; do
        for s in "${styles[@]}"; do
            name="${c%.*}-${s%.*}-sw${sw}-tv${tv}.png"
            start=$SECONDS
            "$nst" stylize "$images/$c" "$images/$s" -o "$out/$name" --builtin --quiet \
                --size "$size" --iterations "$iterations" --style-weight "$sw" --tv-weight "$tv"
            echo "$out/$name  $((SECONDS - start)) s"
        done
    done
done
if command -v montage >/dev/null 2>&1; then
    for setting in "${settings[@]}"; do
        sw=${setting%%:*}
        tv=${setting##*:}
        montage "$out"/*-sw"$sw"-tv"$tv".png -tile 2x -geometry +2+2 "$out/sheet-sw$sw-tv$tv.png"
        echo "$out/sheet-sw$sw-tv$tv.png"
    done
fi
