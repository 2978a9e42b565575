#!/bin/bash
# Every GIMP 3 snippet of README.md, as written, in gimp-console-3.0:
#  - each Script-Fu call with named arguments (#:), with `image',
#    `drawable', `style-drawable', `second-style' and `sky' bound to a
#    small content image, two style layers of other images (each with a
#    selection) and a channel of the content's image;
#  - each Python-Fu block, on an image with the layers Photo, Painting and
#    Sketch and the channel Sky (GIMP 3's choice names, a boolean, and
#    arrays as plain lists of layers and channels);
#  - each shell block's gimp-console-3.0 commands, in a folder holding
#    photo.png, painting.jpg and photos/ (its gimp-console-2.10 lines are
#    skipped here; the examples' path is the source tree's).
# Every snippet must run without an error and change the picture.
. "$(dirname "$0")/lib.sh"

ln -s "$NST_GIMP_PLUGINS/file-jpeg" "$work/plug-ins/file-jpeg"

n_scheme=$(readme_count scheme-gimp3)
n_python=$(readme_count python)
n_sh=$(readme_count sh-gimp3)
[ "$n_scheme" -ge 2 ] && [ "$n_python" -ge 1 ] && [ "$n_sh" -ge 1 ] ||
    fail "README.md has $n_scheme Script-Fu, $n_python Python-Fu and $n_sh shell snippets for GIMP 3"

# Script-Fu: the names the snippets use, then the snippet, then the
# image before and after.
for i in $(seq 0 $((n_scheme - 1))); do
    run_script_fu "
      (define (with-selection made)
        (gimp-image-select-rectangle (car made) CHANNEL-OP-REPLACE 0 0 32 48)
        made)
      (define made (nst-content \"content\" 48 48))
      (define image (car made))
      (define drawable (cadr made))
      (define style-drawable (cadr (with-selection (nst-style \"style\" 48 48))))
      (define second-style (cadr (with-selection (nst-new-image \"second\" 48 48))))
      (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 0 0 48 20)
      (define sky (car (gimp-selection-save image)))
      (gimp-selection-none image)
      (nst-export image \"scheme-$i-before.png\")
      $(readme_snippet scheme-gimp3 "$i")
      (nst-export image \"scheme-$i-after.png\")
      (nst-write \"scheme-$i.txt\" \"done\")"
    expect_file_text "scheme-$i.txt" done
    expect_no_error
    check "README Script-Fu snippet $i changed the picture" differ "scheme-$i-before.png" "scheme-$i-after.png"
done

# Python-Fu: its image is made in Script-Fu and saved as XCF.
run_script_fu '
  (let* ((made (nst-content "Photo" 48 48))
         (image (car made))
         (painting (car (gimp-layer-new-from-drawable (cadr (nst-style "p" 48 48)) image)))
         (sketch (car (gimp-layer-new-from-drawable (cadr (nst-content "s" 48 48)) image))))
    (gimp-item-set-name painting "Painting")
    (gimp-item-set-name sketch "Sketch")
    (gimp-image-insert-layer image painting 0 1)
    (gimp-image-insert-layer image sketch 0 2)
    (gimp-image-select-rectangle image CHANNEL-OP-REPLACE 0 0 48 20)
    (gimp-item-set-name (car (gimp-selection-save image)) "Sky")
    (gimp-selection-none image)
    (gimp-file-save RUN-NONINTERACTIVE image (nst-out "python.xcf") -1))'
[ -f "$out/python.xcf" ] || fail "the Python-Fu snippets' image was not saved"
for i in $(seq 0 $((n_python - 1))); do
    run_python_fu "
def export(image, name):
    Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image, Gio.File.new_for_path(out + '/' + name), None)
loaded = Gimp.file_load(Gimp.RunMode.NONINTERACTIVE, Gio.File.new_for_path(out + '/python.xcf'))
export(loaded, 'python-$i-before.png')
$(readme_snippet python "$i")
export(loaded, 'python-$i-after.png')
open(out + '/python-$i.txt', 'w').write(' '.join(l.get_name() for l in loaded.get_layers()))
"
    [ -s "$out/python-$i.txt" ] || fail "README Python-Fu snippet $i did not finish"
    echo "ok: layers after Python-Fu snippet $i: $(cat "$out/python-$i.txt")"
    expect_no_error
    check "README Python-Fu snippet $i changed the picture" differ "python-$i-before.png" "python-$i-after.png"
done

# Shell: gimp-console-3.0 with the case's own profile and plug-ins folder
# before the arguments as written.
mkdir -p "$out/photos"
run_script_fu '
  (let ((photo (nst-content "photo" 48 48))
        (other (nst-content "other" 40 48))
        (painting (nst-style "painting" 48 48)))
    (nst-export (car photo) "photo.png")
    (nst-export (car photo) "photos/a.png")
    (nst-export (car other) "photos/b.png")
    (file-jpeg-export #:run-mode RUN-NONINTERACTIVE #:image (car painting)
                      #:file (nst-out "painting.jpg")))'
[ -f "$out/painting.jpg" ] && [ -f "$out/photos/b.png" ] || fail "the shell snippets' files were not made"
for i in $(seq 0 $((n_sh - 1))); do
    printf '(plug-in-path "%s/plug-ins")\n' "$work" > "$work/gimprc"
    (
        cd "$out"
        gimp-console-2.10 () { echo "(a gimp-console-2.10 command: not in GIMP 3's chroot)"; }
        gimp-console-3.0 () { timeout 600 "$(type -P gimp-console-3.0)" -d -f -c -g "$work/gimprc" "$@" < /dev/null; }
        eval "$(readme_snippet sh-gimp3 "$i")"
    ) > "$log" 2>&1 || fail "README shell snippet $i failed"
    expect_no_error
done
check "the README's Script-Fu command stylised photo.png" differ photo.png result.png
check "the README's Python-Fu command stylised photos/a.png" differ photos/a.png stylised/a.png
check "and photos/b.png" differ photos/b.png stylised/b.png
