#!/bin/bash
# Translations by GIMP 3's convention: a catalog in locale/ inside the
# plug-in's folder, gettext domain "neural-style", is used without any
# path compiled into the plug-in.  The case writes a two-message catalog
# for an invented language, compiles it into the test's plug-in folder and
# runs GIMP in that language: the procedure's blurb (registered at query
# time) and the error for a style drawable that is not a layer (the
# image's selection mask, named with its id) must come back translated.
. "$(dirname "$0")/lib.sh"

lang=xx
marker="NST-$lang"
catalog="$work/plug-ins/neural-style/locale/$lang/LC_MESSAGES"
mkdir -p "$catalog"
cat > "$work/$lang.po" <<EOF
msgid ""
msgstr ""
"Project-Id-Version: neural-style test\n"
"PO-Revision-Date: 2026-11-22 10:00+0000\n"
"Last-Translator: tests/gimp3/case-locale.sh\n"
"Language-Team: none\n"
"Language: $lang\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

#, c-format
msgid "Argument 'style-drawable' is %s, which is not a layer of an open image."
msgstr "$marker: élément %s, pas un calque."

msgid "Paint the layer in the style of another image"
msgstr "$marker: peindre le calque"
EOF
msgfmt --check -o "$catalog/neural-style.mo" "$work/$lang.po" \
    || fail "msgfmt could not compile the test catalog"
echo "ok: test catalog in $catalog"

# A locale named after the language: gettext ignores LANGUAGE under the C
# and C.UTF-8 locales, and the chroot has no other.  The C.UTF-8 data under
# another name (found through LOCPATH) is enough.
mkdir -p "$work/locales"
cp -r /usr/lib/locale/C.utf8 "$work/locales/${lang}_XX.UTF-8"
# (bash itself cannot switch to it and would say so: quiet.)
{ export LOCPATH="$work/locales" LANG="${lang}_XX.UTF-8" LANGUAGE=$lang; } 2> /dev/null
run_python_fu "
pdb = Gimp.get_pdb()
procedure = pdb.lookup_procedure('plug-in-neural-style')
open(out + '/blurb.txt', 'w').write(procedure.get_blurb())
image = Gimp.Image.new(32, 32, Gimp.ImageBaseType.RGB)
layer = Gimp.Layer.new(image, 'content', 32, 32, Gimp.ImageType.RGB_IMAGE,
                       100, Gimp.LayerMode.NORMAL)
image.insert_layer(layer, None, 0)
mask = image.get_selection()
config = procedure.create_config()
config.set_property('run-mode', Gimp.RunMode.NONINTERACTIVE)
config.set_property('image', image)
config.set_core_object_array('drawables', [layer])
config.set_property('style-drawable', mask)
config.set_property('iterations', 1)
result = procedure.run(config)
open(out + '/status.txt', 'w').write(result.index(0).value_nick)
open(out + '/error.txt', 'w').write(result.index(1) if result.length() > 1 else '')
open(out + '/mask.txt', 'w').write('%s%s%s (id %d)' % (chr(39), mask.get_name(), chr(39), mask.get_id()))
image.delete()
"

expect_file_text blurb.txt "$marker: peindre le calque"
expect_file_text status.txt calling-error
[ -s "$out/mask.txt" ] || fail "the selection mask's name and id were not written"
expect_file_text error.txt "$marker: élément $(cat "$out/mask.txt"), pas un calque."
