# pictures-lib.sh - sourced by the picture benchmarks (gallery-artist.sh,
# guide-dialog.sh) in place of lib.sh: skips (exit 77) when
# ../shared/images (or $NST_SHARED_IMAGES) is absent, sets $images,
# sources lib.sh, and lets GIMP read JPEG.
images=${NST_SHARED_IMAGES:-$(cd "$(dirname "$0")/../../.." && pwd)/shared/images}
if [ ! -d "$images" ]; then
    echo "$(basename "$0" .sh): skipped: no shared images at $images"
    exit 77
fi
: "${NST_GALLERY_OUT:?set NST_GALLERY_OUT to the folder for the pictures}"
. "$(dirname "$0")/lib.sh"
ln -s "$NST_GIMP_PLUGINS/file-jpeg" "$work/plug-ins/file-jpeg"

# load FILE NAME: a Script-Fu command that opens $images/FILE and names
# its layer NAME
load () {
    echo "(let* ((image (car (gimp-file-load RUN-NONINTERACTIVE \"$images/$1\" \"$images/$1\")))
            (layer (car (gimp-image-get-active-layer image))))
       (gimp-item-set-name layer \"$2\"))"
}
