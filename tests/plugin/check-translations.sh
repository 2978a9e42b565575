#!/bin/sh
# check-translations.sh SOURCE_ROOT - every catalogue in po/LINGUAS
# translates every message the sources mark today: no message missing,
# untranslated or fuzzy (msgcmp), and placeholders that match (msgfmt
# --check).  Extracts the template from po/POTFILES with the keywords of
# meson's 'glib' preset, so a new string without a translation fails here
# rather than showing in English on screen.
set -eu
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$root"
xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
  --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
  --keyword=g_dpgettext2:2c,3 --keyword=Q_ --keyword=ngettext:1,2 \
  --directory="$root" --files-from=po/POTFILES -o "$tmp/neural-style.pot"

status=0
for lang in $(grep -v '^#' po/LINGUAS); do
  if ! msgfmt --check -o /dev/null "po/$lang.po"; then
    echo "po/$lang.po: msgfmt --check failed" >&2
    status=1
  fi
  if ! msgcmp "po/$lang.po" "$tmp/neural-style.pot"; then
    echo "po/$lang.po: misses the messages above (update it with msgmerge)" >&2
    status=1
  fi
done
exit $status
