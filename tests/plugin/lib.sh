#!/bin/bash
# lib.sh - harness of the plug-in tests: real gimp-console-2.10, isolated.
#
# Sourced by each case-*.sh.  Needs (meson sets them):
#   NST_PLUGIN  the built plug-in binary (from the build folder)
#   NST_IMGCMP  the imgcmp checker
#   NST_TESTS   this folder (for lib.scm)
#   NST_GIMP_PLUGINS  GIMP's system plug-in folder (<gimplibdir>/plug-ins)
# The case's folder, its isolation, fail, check, expect_no_error,
# expect_error, expect_file_text and start_xvfb are the core both GIMPs'
# harnesses share (../gimp-case.sh); GIMP 2.10's part is below.
set -euo pipefail

: "${NST_TESTS:?set NST_TESTS to tests/plugin}"

case_root=${TMPDIR:-/tmp}
profile_var=GIMP2_DIRECTORY
# Of GIMP's own plug-ins only the two the cases use are linked in.
gimp_plugins=(script-fu file-png)
log_noise=
. "$(dirname "${BASH_SOURCE[0]}")/../gimp-case.sh"

gimprc="$work/gimprc"
printf '(plug-in-path "%s/plug-ins")\n' "$work" > "$gimprc"

# run_gimp CMD...: one gimp-console session, each CMD one batch command.
# Script-Fu runs each batch command in a fresh interpreter (images stay,
# definitions do not), so every command loads lib.scm first; commands find
# the images made by earlier ones by name (nst-image in lib.scm).  A
# command that fails thus stops only itself.  Output goes to $log.
run_gimp () {
    local args=() cmd
    for cmd in "$@"; do
        args+=(-b "(begin (define nst-out-dir \"$out\") (load \"$NST_TESTS/lib.scm\") $cmd)")
    done
    echo "running gimp-console-2.10 with ${#@} commands"
    timeout "${NST_GIMP_TIMEOUT:-540}" gimp-console-2.10 -i -d -f -c -g "$gimprc" "${args[@]}" -b '(gimp-quit 0)' \
        > "$log" 2>&1 || fail "gimp-console-2.10 did not finish (status $?)"
}

# wait_for_dialog GIMP_PID TRIES: sets $window to the plug-in dialog's X
# window, looking every 0.5 s up to TRIES times; kills GIMP and fails when
# it does not open.
wait_for_dialog () {
    window=
    for _ in $(seq 1 "$2"); do
        window=$(xdotool search --name '^Neural Style Transfer$' 2>/dev/null | head -n 1) && [ -n "$window" ] && break
        sleep 0.5
    done
    [ -n "$window" ] || { kill "$1"; fail "the dialog did not open"; }
}

# click_dialog_button FROM_RIGHT: click the dialog's bottom row FROM_RIGHT
# pixels left of its right edge (GTK 3's default layout puts OK at 56 and
# Cancel at 146).
click_dialog_button () {
    eval "$(xdotool getwindowgeometry --shell "$window")"
    echo "dialog: ${WIDTH}x${HEIGHT} at ${X},${Y}"
    xdotool mousemove $((X + WIDTH - $1)) $((Y + HEIGHT - 30)) click 1
}
