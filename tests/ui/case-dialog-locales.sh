#!/bin/bash
# The dialog in each language of po/LINGUAS and in English, under Xvfb:
# every label on screen is translated into characters some installed font
# has (Chinese needs a CJK font: fonts-wqy-microhei, data/install-deps.sh)
# and none is cut off: the demo's --check-labels walks the dialog once
# its first preview image is shown and reports labels that Pango
# ellipsized or that GTK gave less room than they need.  The window must
# fit the 1280 x 900 screen, and a translated dialog must not show the
# English title.  Each language's screenshot stays in $NST_UI_OUT as
# case-dialog-locales/dialog-LANG.png.
#
# Needs NST_PO_BUILD (the build's po/ folder: LANG/LC_MESSAGES/*.mo) and
# NST_LINGUAS (po/LINGUAS).
case_name=case-dialog-locales
. "$(dirname "$0")/lib.sh"
po_build=${NST_PO_BUILD:?}
linguas=${NST_LINGUAS:?}

[ -d /usr/lib/locale/C.utf8 ] || { echo "SKIP: no C.utf8 locale data in /usr/lib/locale"; exit 77; }
# A locale named after each language: gettext ignores LANGUAGE under C and
# C.UTF-8, and Debian generates no other locale by default.  The C.UTF-8
# data under another name serve (only the messages are translated).
mkdir -p "$out/locales"

reported () { grep -q '^labels ' "$out/demo.out"; }
english_title () { xdotool search --onlyvisible --name '^Neural Style Transfer$' > /dev/null 2>&1; }

unset LC_ALL LC_MESSAGES
window_by_pid=1
langs=(en $(grep -v '^#' "$linguas"))
status=0
for lang in "${langs[@]}"; do
    if [ "$lang" = en ]; then
        export LANG=C.UTF-8
        unset LANGUAGE LOCPATH
    else
        mo="$po_build/$lang/LC_MESSAGES/neural-style.mo"
        [ -f "$mo" ] || fail "no catalogue $mo (is $lang built?)"
        [ -d "$out/locales/${lang}.UTF-8" ] || cp -r /usr/lib/locale/C.utf8 "$out/locales/${lang}.UTF-8"
        export LOCPATH="$out/locales" LANG="${lang}.UTF-8" LANGUAGE="$lang"
    fi
    start_demo --locale-dir "$po_build" --check-labels --last-style 101
    wait_for 300 reported || fail "$lang: no label report within 300 s"
    import -window root "$out/dialog-$lang.png"
    report=$(grep '^labels ' "$out/demo.out")
    echo "$lang: $report; screenshot $out/dialog-$lang.png"
    grep '^label-' "$out/demo.out" | sed "s/^/$lang: /" || true
    read -r _ n_labels _ n_cut _ n_unknown _ size <<< "$report"
    width=${size%x*}; height=${size#*x}
    [ "$n_labels" -ge 20 ] || { echo "FAIL $lang: only $n_labels labels on screen"; status=1; }
    [ "$n_cut" = 0 ] || { echo "FAIL $lang: $n_cut labels cut off"; status=1; }
    [ "$n_unknown" = 0 ] || { echo "FAIL $lang: $n_unknown labels with characters no font has"; status=1; }
    [ "$width" -le 1280 ] && [ "$height" -le 900 ] \
        || { echo "FAIL $lang: the window ($size) is larger than the 1280 x 900 screen"; status=1; }
    if [ "$lang" != en ] && english_title; then
        echo "FAIL $lang: the dialog's title is still English"; status=1
    fi
    kill "$demo_pid" 2> /dev/null || true
    wait "$demo_pid" 2> /dev/null || true
done
exit $status
