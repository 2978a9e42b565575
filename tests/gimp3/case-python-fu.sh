#!/bin/bash
# Python-Fu: data/examples/stylize-folder.py stylises a folder of images
# toward the style; two identical inputs with one seed give identical
# results; a failing run (a model file that does not exist) raises, is
# reported and leaves its image untouched.
. "$(dirname "$0")/lib.sh"

mkdir -p "$out/in"
run_script_fu '
  (let ((a (nst-content "content" 64 64))
        (b (nst-content "content" 64 64))
        (style (nst-style "style" 64 64)))
    (nst-export (car a) "in/a.png")
    (nst-export (car b) "in/b.png")
    (nst-export (car style) "style.png"))'
[ -f "$out/in/b.png" ] && [ -f "$out/style.png" ] || fail "the inputs were not drawn"

run_python_fu "
exec(open('$NST_EXAMPLES/stylize-folder.py').read())
n = stylize_folder(out + '/in', out + '/style.png', out + '/stylised',
                   style_strength=75, working_size=64, iterations=15, seed=99)
open(out + '/count.txt', 'w').write(str(n))
image = _load(out + '/in/a.png')
layer = image.get_layers()[0]
try:
    stylize_layer(image, layer, image.get_layers()[0],
                  model_path='/nonexistent/vgg19.safetensors')
    open(out + '/error.txt', 'w').write('no error')
except RuntimeError as error:
    open(out + '/error.txt', 'w').write(str(error))
Gimp.file_save(Gimp.RunMode.NONINTERACTIVE, image,
               Gio.File.new_for_path(out + '/after-error.png'), None)
"

expect_file_text count.txt 2
check "the folder's images changed" differ in/a.png stylised/a.png
check "their mean colour moved toward the style's" toward in/a.png stylised/a.png style.png
check "the same seed gives the same pixels" same stylised/a.png stylised/b.png
grep -qF "/nonexistent/vgg19.safetensors" "$out/error.txt" || fail "the error does not name the model file: $(cat "$out/error.txt")"
echo "ok: the error names the model file"
check "an error leaves the image untouched" same in/a.png after-error.png
