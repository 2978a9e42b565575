#!/bin/bash
# gimp-case.sh - the harness core of the GIMP cases, for both GIMPs:
# tests/plugin/lib.sh (gimp-console-2.10) and tests/gimp3/lib.sh
# (gimp-console-3.0 in the trixie chroot) source it, then add how their
# GIMP is started.
#
# The sourcing lib.sh sets first:
#   case_root     the folder under which this case makes its own
#   profile_var   the variable naming GIMP's profile folder
#                 (GIMP2_DIRECTORY, GIMP3_DIRECTORY)
#   gimp_plugins  GIMP's own plug-ins the cases use (an array), linked
#                 from $NST_GIMP_PLUGINS beside the plug-in under test
#   log_noise     a fixed string: log lines holding it are not errors
#                 (empty: none)
# and NST_PLUGIN, NST_IMGCMP, NST_GIMP_PLUGINS are in the environment.
#
# Every case gets a fresh folder holding HOME, the GIMP profile, the XDG
# folders, TMPDIR and the only plug-ins folder GIMP searches, with the
# plug-in under test copied in: an installed copy stays out, and start-up
# does not query GIMP's other plug-ins.  The profile folder is not
# created, so GIMP skips its first-run set-up.  gimp-console's exit status
# says nothing about batch commands: cases check the log and the files
# written.  A failed case's folder is kept (NST_KEEP=1 keeps every one).
set -euo pipefail

: "${NST_PLUGIN:?set NST_PLUGIN to the built plug-in}"
: "${NST_IMGCMP:?set NST_IMGCMP to the imgcmp checker}"
: "${NST_GIMP_PLUGINS:?set NST_GIMP_PLUGINS to the GIMP plug-in folder}"

case_name=$(basename "$0" .sh)
nst_tests_top=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$case_root"
work=$(mktemp -d "$case_root/nst-$case_name.XXXXXX")
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
export "$profile_var=$work/gimp-profile"
export XDG_CONFIG_HOME="$work/config"
export XDG_CACHE_HOME="$work/cache"
export XDG_DATA_HOME="$work/data"
export TMPDIR="$work/tmp"
unset NST_MODEL
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$TMPDIR" "$out" \
         "$work/plug-ins/neural-style"
cp "$NST_PLUGIN" "$work/plug-ins/neural-style/neural-style"
for entry in "${gimp_plugins[@]}"; do
    ln -s "$NST_GIMP_PLUGINS/$entry" "$work/plug-ins/$entry"
done

fail () {
    echo "FAIL ($case_name): $*"
    echo "---- GIMP log ($log) ----"
    cat "$log" 2>/dev/null || true
    exit 1
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

# The log without the lines of $log_noise.
log_lines () {
    if [ -n "$log_noise" ]; then
        grep -vF -- "$log_noise" "$log" || true
    else
        cat "$log"
    fi
}

# No failed batch command, Script-Fu or Python error, or GLib warning or
# critical from the plug-in's process.
expect_no_error () {
    if log_lines | grep -qiE 'execution error|calling error|^Error|Traceback|\(neural-style:[0-9]+\): .*(WARNING|CRITICAL)'; then
        fail "GIMP reported an error"
    fi
    echo "ok: no error in the GIMP log"
}

# expect_error PATTERN: an execution error whose message holds PATTERN.
expect_error () {
    grep -qi 'execution error' "$log" || fail "no execution error in the GIMP log"
    grep -qiF -- "$1" "$log" || fail "the error does not say '$1'"
    echo "ok: execution error saying '$1'"
}

# check DESCRIPTION imgcmp-ARGS...: file names are taken in $out.
check () {
    local what=$1 cmd=$2 files=() arg
    shift 2
    for arg in "$@"; do
        if [[ "$arg" == *.png ]]; then files+=("$out/$arg"); else files+=("$arg"); fi
    done
    "$NST_IMGCMP" "$cmd" "${files[@]}" || fail "$what (imgcmp $cmd $*)"
    echo "ok: $what"
}

# expect_file_text FILE TEXT: FILE (in $out) holds TEXT.
expect_file_text () {
    local file="$out/$1" want=$2 got
    [ -f "$file" ] || fail "$1 was not written"
    got=$(tr -d '\n' < "$file")
    [ "$got" = "$want" ] || fail "$1 is '$got', expected '$want'"
    echo "ok: $1 is '$want'"
}

# README.md's snippets, for the cases that run them as written
# (readme-snippets.py says which KINDs there are): readme_count KIND is
# their number, readme_snippet KIND I the I-th (from 0), with the
# examples' installed path replaced by the source tree's.
readme_count () {
    python3 "$nst_tests_top/readme-snippets.py" "$nst_tests_top/../README.md" count "$1"
}
readme_snippet () {
    python3 "$nst_tests_top/readme-snippets.py" "$nst_tests_top/../README.md" get "$1" "$2" |
        sed "s|/usr/local/share/neural-style/examples|$nst_tests_top/../data/examples|g"
}
