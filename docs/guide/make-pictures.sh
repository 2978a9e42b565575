#!/bin/bash
# make-pictures.sh - the pictures of docs/guide.md, made again.
#
#   docs/guide/make-pictures.sh BUILD_DIR
#
# Runs two benchmarks of BUILD_DIR in real GIMP 2.10 (a build with the
# GIMP 2.10 plug-in): plugin-artist-gallery (each control before and
# after, rocket.jpg in the style of starry_night.jpg and shipwreck.jpg, at
# 320 px) and plugin-guide-dialog (the dialog on rocket.jpg, its preview
# drawn), then writes each picture here as a JPEG of at most 150 KB.  The
# images come from ../shared/images (public domain, see its
# LICENSES.txt and docs/guide/LICENSES.md); nothing is copied from there
# unchanged.  About 6 minutes on two cores.
set -euo pipefail
build=$(cd "${1:?usage: make-pictures.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

meson test -C "$build" --benchmark plugin-artist-gallery plugin-guide-dialog

jpeg () {   # jpeg SOURCE NAME [MAX_GEOMETRY]
    convert "$1" -resize "${3:-480x480>}" -strip -quality 85 -define jpeg:extent=150kb "$here/$2.jpg"
    echo "$here/$2.jpg: $(stat -c %s "$here/$2.jpg") bytes"
}

art=$build/pictures/artist
for name in content starry shipwreck blend-1-1 colours-luminance colours-match detail-0.5 \
            detail-2 selection-feathered style-from-selection regions-mask regions refined \
            opacity-50; do
    jpeg "$art/$name.png" "$name"
done
jpeg "$build/pictures/guide/dialog-gimp2.png" dialog-gimp2 '1000x1000>'
