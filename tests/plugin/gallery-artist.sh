#!/bin/bash
# Before/after pictures of each artist control (issue 6), made by the real
# GIMP 2.10 with the plug-in just built, on the public-domain images of
# ../shared/images: rocket.jpg (content) in the style of starry_night.jpg
# and shipwreck.jpg.  Writes PNGs and a contact sheet (with ImageMagick's
# montage, when present) to $NST_GALLERY_OUT and prints their paths.
# A benchmark, not a test: `meson test -C build --benchmark plugin-artist-gallery`.
# Skipped (exit 77) when ../shared/images is absent.
. "$(dirname "$0")/pictures-lib.sh"

export NST_GIMP_TIMEOUT=${NST_GIMP_TIMEOUT:-3000}
size=${NST_GALLERY_SIZE:-320}
iterations=${NST_GALLERY_ITERATIONS:-48}

# Each picture: a new layer above the content, the image flattened into
# a copy and exported (so the layer's opacity shows), the layer removed.
# The first result stays, hidden at the bottom, for the refine picture.
picture () {   # picture FILE OVERRIDES [STYLE]
    echo "(let* ((content (nst-layer \"content\"))
                 (image (nst-image-of content)))
       (nst-stylize content (nst-layer \"${3:-starry}\")
                    (quasiquote ($2 (output . 1) (size . $size) (iterations . $iterations)
                                    (strength . 60) (seed . 1))))
       (let* ((copy (car (gimp-image-duplicate image))))
         (nst-export (car (gimp-image-flatten copy)) \"$1\")
         (gimp-image-delete copy))
       (if (equal? \"$1\" \"starry.png\")
           (let ((first (nst-top-layer \"content\")))
             (gimp-item-set-name first \"first-result\")
             (gimp-item-set-visible first FALSE)
             (gimp-image-lower-item-to-bottom image first))
           (gimp-image-remove-layer image (nst-top-layer \"content\"))))"
}

run_gimp \
    "$(load rocket.jpg content)" \
    "$(load starry_night.jpg starry)" \
    "$(load shipwreck.jpg shipwreck)" \
    '(nst-export (nst-layer "content") "content.png")' \
    "$(picture starry.png '')" \
    "$(picture shipwreck.png '' shipwreck)" \
    "$(picture blend-1-1.png '(more . ((unquote (nst-layer "shipwreck")))) (weights . (1 1))')" \
    "$(picture colours-luminance.png '(colors . 1)')" \
    "$(picture colours-match.png '(colors . 2)')" \
    "$(picture detail-0.5.png '(detail . 0.5)')" \
    "$(picture detail-2.png '(detail . 2.0)')" \
    '(let ((image (nst-image-of (nst-layer "content"))))
       (gimp-context-set-feather TRUE)
       (gimp-context-set-feather-radius 40 40)
       (gimp-image-select-ellipse image CHANNEL-OP-REPLACE 140 60 360 300)
       (gimp-context-set-feather FALSE))' \
    "$(picture selection-feathered.png '')" \
    '(gimp-selection-none (nst-image-of (nst-layer "content")))' \
    '(gimp-image-select-rectangle (nst-image-of (nst-layer "starry")) CHANNEL-OP-REPLACE 0 0 420 640)' \
    "$(picture style-from-selection.png '(style-selection . 1)')" \
    '(gimp-selection-none (nst-image-of (nst-layer "starry")))' \
    "(let* ((content (nst-layer \"content\"))
            (image (nst-image-of content))
            (sky (car (gimp-channel-new image 640 427 \"sky\" 50 '(0 0 0)))))
       (gimp-image-insert-channel image sky 0 0)
       (gimp-context-set-foreground '(255 255 255))
       (gimp-context-set-background '(0 0 0))
       (gimp-drawable-edit-gradient-fill sky GRADIENT-LINEAR 0 FALSE 1 0 FALSE 0 150 0 280)
       (let ((ground (car (gimp-channel-copy sky))))
         (gimp-image-insert-channel image ground 0 0)
         (gimp-item-set-name ground \"ground\")
         (gimp-drawable-invert ground FALSE))
       (nst-export sky \"regions-mask.png\"))" \
    "$(picture regions.png '(more . ((unquote (nst-layer "shipwreck")))) (regions . ((unquote (nst-channel-named "sky")) (unquote (nst-channel-named "ground"))))')" \
    "$(picture refined.png '(init . (unquote (nst-layer "first-result"))) (strength . 80)')" \
    "$(picture opacity-50.png '(opacity . 50)')"

expect_no_error
mkdir -p "$NST_GALLERY_OUT"
cp "$out"/*.png "$NST_GALLERY_OUT"/
ls -1 "$NST_GALLERY_OUT"/*.png
if command -v montage >/dev/null 2>&1; then
    (cd "$NST_GALLERY_OUT" &&
     montage -label '%t' content.png starry.png shipwreck.png blend-1-1.png \
         colours-luminance.png colours-match.png detail-0.5.png detail-2.png \
         selection-feathered.png style-from-selection.png regions-mask.png regions.png \
         refined.png opacity-50.png -tile 4x -geometry 320x+4+4 sheet.png)
    echo "$NST_GALLERY_OUT/sheet.png"
fi
