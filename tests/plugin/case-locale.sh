#!/bin/bash
# Translations are found in locale/ inside the plug-in's folder (GIMP 3's
# convention, which the GIMP 2.10 plug-in follows too), not only at the
# path the build installs to.  The case compiles a one-message catalog for
# an invented language into the test's plug-in folder and runs GIMP in
# that language: the error for a style id that names no drawable must come
# back translated.
. "$(dirname "$0")/lib.sh"

command -v msgfmt > /dev/null || { echo "SKIP: msgfmt (gettext) is not installed"; exit 77; }
[ -d /usr/lib/locale/C.utf8 ] || { echo "SKIP: no C.utf8 locale data in /usr/lib/locale"; exit 77; }

lang=xx
marker="NST-$lang"
catalog="$work/plug-ins/neural-style/locale/$lang/LC_MESSAGES"
mkdir -p "$catalog"
cat > "$work/$lang.po" <<EOF
msgid ""
msgstr ""
"Project-Id-Version: neural-style test\n"
"PO-Revision-Date: 2026-11-22 10:00+0000\n"
"Last-Translator: tests/plugin/case-locale.sh\n"
"Language-Team: none\n"
"Language: $lang\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"

#, c-format
msgid "Argument 'style-drawable' is %s, which is not a layer of an open image."
msgstr "$marker: élément %s, pas un calque."
EOF
msgfmt --check -o "$catalog/neural-style.mo" "$work/$lang.po" \
    || fail "msgfmt could not compile the test catalog"
echo "ok: test catalog in $catalog"

# A locale named after the language: gettext ignores LANGUAGE under the C
# and C.UTF-8 locales.  The C.UTF-8 data under another name (found through
# LOCPATH) is enough.
mkdir -p "$work/locales"
cp -r /usr/lib/locale/C.utf8 "$work/locales/${lang}_XX.UTF-8"
# (bash itself cannot switch to it and would say so: quiet.)
{ unset LC_ALL LC_MESSAGES; export LOCPATH="$work/locales" LANG="${lang}_XX.UTF-8" LANGUAGE=$lang; } 2> /dev/null

run_gimp \
    '(nst-content "content" 32 32 RGB #f)' \
    '(nst-stylize (nst-layer "content") 9999 (quote ()))'

expect_error "$marker: élément 9999, pas un calque."
