#!/bin/bash
# lib.sh - harness of the plug-in tests: real gimp-console-2.10, isolated.
#
# Sourced by each case-*.sh.  Needs (meson sets them):
#   NST_PLUGIN  the built plug-in binary (from the build folder)
#   NST_IMGCMP  the imgcmp checker
#   NST_TESTS   this folder (for lib.scm)
#   NST_GIMP_PLUGINS  GIMP's system plug-in folder (<gimplibdir>/plug-ins)
# Every case gets a fresh temporary folder holding HOME, GIMP2_DIRECTORY,
# the XDG folders, TMPDIR and the only plug-ins folder GIMP searches, with
# the plug-in under test copied in.
# The GIMP profile folder is not created: GIMP then skips its first-run
# setup.  gimp-console's exit code means nothing (it is 0 after a failed
# batch command), so cases check the log and the files written.
# Keep a failed case's folder for a look with NST_KEEP=1.
set -euo pipefail

: "${NST_PLUGIN:?set NST_PLUGIN to the built plug-in}"
: "${NST_IMGCMP:?set NST_IMGCMP to the imgcmp checker}"
: "${NST_TESTS:?set NST_TESTS to tests/plugin}"
: "${NST_GIMP_PLUGINS:?set NST_GIMP_PLUGINS to the GIMP plug-in folder}"

case_name=$(basename "$0" .sh)
work=$(mktemp -d "${TMPDIR:-/tmp}/nst-$case_name.XXXXXX")
out="$work/out"
log="$work/gimp.log"

# Processes a case started (an X server): ended when the case ends.
case_pids=()

cleanup () {
    local status=$? pid
    for pid in "${case_pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ] || [ -n "${NST_KEEP:-}" ]; then
        echo "($case_name: files kept in $work)"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

export HOME="$work/home"
export GIMP2_DIRECTORY="$work/gimp-profile"
export XDG_CONFIG_HOME="$work/config"
export XDG_CACHE_HOME="$work/cache"
export XDG_DATA_HOME="$work/data"
export TMPDIR="$work/tmp"
unset NST_MODEL
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$TMPDIR" "$out" \
         "$work/plug-ins/neural-style"
cp "$NST_PLUGIN" "$work/plug-ins/neural-style/neural-style"

# Of GIMP's own plug-ins only the two the cases use are linked in: the
# plug-in under test is then the only one that registers
# plug-in-neural-style (an installed copy stays out), and start-up does not
# query some 80 other plug-ins.
for entry in script-fu file-png; do
    ln -s "$NST_GIMP_PLUGINS/$entry" "$work/plug-ins/$entry"
done
gimprc="$work/gimprc"
printf '(plug-in-path "%s/plug-ins")\n' "$work" > "$gimprc"

fail () {
    echo "FAIL ($case_name): $*"
    echo "---- GIMP log ($log) ----"
    cat "$log" 2>/dev/null || true
    exit 1
}

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

# start_xvfb: an X server for the dialog cases on a display Xvfb picks
# (it writes the number to fd 3); exports DISPLAY, stopped by cleanup.
start_xvfb () {
    Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp 3> "$work/display" > "$work/xvfb.log" 2>&1 &
    case_pids+=($!)
    for _ in $(seq 1 50); do [ -s "$work/display" ] && break; sleep 0.1; done
    [ -s "$work/display" ] || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
    export DISPLAY=":$(cat "$work/display")"
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

# No failed batch command, Script-Fu error, or GLib warning or critical
# from the plug-in's process.
expect_no_error () {
    if grep -qiE 'execution error|^Error:|\(neural-style:[0-9]+\): .*(WARNING|CRITICAL)' "$log"; then
        fail "GIMP reported an error"
    fi
    echo "ok: no error in the GIMP log"
}

# expect_error PATTERN: an execution error whose message matches PATTERN.
expect_error () {
    grep -qi 'execution error' "$log" || fail "no execution error in the GIMP log"
    grep -qiF -- "$1" "$log" || fail "the error does not say '$1'"
    echo "ok: execution error saying '$1'"
}

# check DESCRIPTION imgcmp-ARGS...: file names are taken in $out.
check () {
    local what=$1
    shift
    local cmd=$1
    shift
    local files=() arg
    for arg in "$@"; do
        if [[ "$arg" == *.png ]]; then files+=("$out/$arg"); else files+=("$arg"); fi
    done
    if "$NST_IMGCMP" "$cmd" "${files[@]}"; then
        echo "ok: $what"
    else
        fail "$what (imgcmp $cmd $*)"
    fi
}

expect_file_text () {
    local file="$out/$1" want=$2
    [ -f "$file" ] || fail "$1 was not written"
    local got
    got=$(tr -d '\n' < "$file")
    [ "$got" = "$want" ] || fail "$1 is '$got', expected '$want'"
    echo "ok: $1 is '$want'"
}
