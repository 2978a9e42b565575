#!/bin/bash
# demo.sh - from a fresh Debian 12 machine to a stylised image through GIMP.
#
#   ./data/demo.sh
#
# It installs into the system, so it runs as root: from a root shell as it
# is (a fresh Debian 12 has no sudo), otherwise it starts itself again
# through sudo.
# Installs the build dependencies, builds and installs the plug-in into
# GIMP's system plug-in folder (and its data under /usr/local/share), tries
# to fetch the VGG-19 weights (going on with the built-in network when
# offline), makes a content and a style image, and stylises the one with the
# other in gimp-console-2.10 in batch mode, with a throw-away GIMP profile.
# Prints the result's path.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
prefix=/usr/local
build="$top/build-demo"
out="$build/demo"
start=$(date +%s)

say () {
    echo "demo.sh: $*"
}

if [ "$(id -u)" != 0 ]; then
    command -v sudo > /dev/null || { say "installs into the system: run it as root (no sudo here)"; exit 1; }
    say "installs into the system: going on through sudo"
    exec sudo "$0" "$@"
fi

"$top/data/install-deps.sh"

if [ -f "$build/build.ninja" ]; then
    meson setup --reconfigure "$build" "$top" --prefix="$prefix" > /dev/null
else
    meson setup "$build" "$top" --prefix="$prefix" --buildtype=release
fi
meson compile -C "$build"
meson install -C "$build" --quiet
say "installed the plug-in: $(pkg-config --variable=gimplibdir gimp-2.0)/plug-ins/neural-style/"

if ! "$top/data/fetch-model.sh" "$prefix/share/neural-style/models"; then
    say "no VGG-19 model: going on with the built-in network (results improve with the real model)."
fi

mkdir -p "$out"
profile=$(mktemp -d "${TMPDIR:-/tmp}/nst-demo.XXXXXX")
trap 'rm -rf "$profile"' EXIT
gimp_batch () {
    HOME="$profile/home" GIMP2_DIRECTORY="$profile/gimp" XDG_CONFIG_HOME="$profile/config" \
    XDG_CACHE_HOME="$profile/cache" XDG_DATA_HOME="$profile/data" TMPDIR="$profile" \
        gimp-console-2.10 -i -d -f -b "$1" -b '(gimp-quit 0)' > "$profile/log" 2>&1 || true
    if grep -qi 'execution error' "$profile/log"; then
        cat "$profile/log"
        say "GIMP reported an error (above)."
        exit 1
    fi
    grep '^neural-style:' "$profile/log" || true
}
mkdir -p "$profile/home"

shared="$top/../shared/images"
if [ -f "$shared/chelsea.png" ] && [ -f "$shared/starry_night.jpg" ]; then
    content="$shared/chelsea.png"
    style="$shared/starry_night.jpg"
else
    content="$out/content.png"
    style="$out/style.png"
    say "drawing a sample content and style image"
    gimp_batch "(begin (load \"$top/data/examples/sample-images.scm\")
                       (neural-style-sample-images \"$content\" \"$style\"))"
fi

result="$out/stylized.png"
rm -f "$result"
say "stylising $content in the style of $style (256 px, 100 iterations: about half a minute on 2 cores)"
gimp_batch "(begin (load \"$top/data/examples/stylize.scm\")
                   (neural-style-file \"$content\" \"$style\" \"$result\" 60 100 256))"
[ -s "$result" ] || { cat "$profile/log"; say "no result was written."; exit 1; }

say "done in $(( $(date +%s) - start )) s. Result: $result"
