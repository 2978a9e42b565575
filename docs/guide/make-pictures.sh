#!/bin/bash
# make-pictures.sh - the pictures of docs/guide.md, made again.
#
#   docs/guide/make-pictures.sh BUILD_DIR
#
# Runs two benchmarks of BUILD_DIR in real GIMP 2.10 (a build with the
# GIMP 2.10 plug-in): plugin-artist-gallery (each control before and
# after, rocket.jpg in the style of starry_night.jpg and shipwreck.jpg, at
# 320 px) and plugin-guide-dialog (the dialog on rocket.jpg, its preview
# drawn); then, as root, the same dialog in GIMP 3 (tests/gimp3/
# guide-dialog.sh in the trixie chroot); and writes each picture here as
# a JPEG of at most 150 KB.  The images come from ../shared/images
# (public domain, see its LICENSES.txt and docs/guide/LICENSES.md);
# nothing is copied from there unchanged.  About 8 minutes on two cores.
set -euo pipefail
build=$(cd "${1:?usage: make-pictures.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
images=${NST_SHARED_IMAGES:-$here/../../../shared/images}

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

# GIMP 3's dialog, in the Debian trixie root the GIMP 3 tests use
# (tests/gimp3/run.sh: root only; it builds the GIMP 3 plug-in there).
# The chroot sees only its work folder, so the two images go there as PNG.
if [ "$(id -u)" = 0 ]; then
    g3=$build/pictures/gimp3
    mkdir -p "$g3/images"
    convert "$images/rocket.jpg" "$g3/images/rocket.png"
    convert "$images/starry_night.jpg" "$g3/images/starry_night.png"
    NST_GIMP3_ONLY=guide-dialog "$here/../../tests/gimp3/run.sh" "$here/../.." "$g3"
    jpeg "$g3/images/dialog-gimp3.png" dialog-gimp3 '1000x1000>'
else
    echo "make-pictures: GIMP 3's dialog needs root (a chroot); dialog-gimp3.jpg is unchanged"
fi
