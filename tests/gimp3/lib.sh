#!/bin/bash
# lib.sh - harness of the GIMP 3 cases: real gimp-console-3.0, isolated.
#
# Sourced by each case-*.sh inside the chroot.  inside.sh sets:
#   NST_PLUGIN  the built plug-in     NST_IMGCMP  the pixel checker
#   NST_TESTS   this folder           NST_EXAMPLES  data/examples
#   NST_GIMP_PLUGINS  GIMP 3's plug-in folder (<gimplibdir>/plug-ins)
# and passes the folder under which each case makes its own.  Every case
# gets fresh HOME, GIMP3_DIRECTORY, XDG folders and TMPDIR, and a private
# plug-ins folder holding the plug-in under test in GIMP 3's layout
# (neural-style/neural-style) beside links to the few GIMP plug-ins the
# cases use.  gimp-console's exit status says nothing about batch
# commands, so cases check the log and the files written.
set -euo pipefail

case_name=$(basename "$0" .sh)
mkdir -p "$1"
work=$(mktemp -d "$1/$case_name.XXXXXX")
out="$work/out"
log="$work/gimp.log"

cleanup () {
    local status=$?
    if [ "$status" -ne 0 ] || [ -n "${NST_KEEP:-}" ]; then
        echo "($case_name: files kept in $work)"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

export HOME="$work/home"
export GIMP3_DIRECTORY="$work/gimp-profile"
export XDG_CONFIG_HOME="$work/config"
export XDG_CACHE_HOME="$work/cache"
export XDG_DATA_HOME="$work/data"
export TMPDIR="$work/tmp"
unset NST_MODEL
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_DATA_HOME" "$TMPDIR" "$out" \
         "$work/plug-ins/neural-style"
cp "$NST_PLUGIN" "$work/plug-ins/neural-style/neural-style"
for entry in script-fu python-eval file-png; do
    ln -s "$NST_GIMP_PLUGINS/$entry" "$work/plug-ins/$entry"
done

fail () {
    echo "FAIL ($case_name): $*"
    echo "---- GIMP log ($log) ----"
    cat "$log" 2>/dev/null || true
    exit 1
}

# run_gimp INTERPRETER CMD: one gimp-console-3.0 session running CMD with
# the batch interpreter INTERPRETER (plug-in-script-fu-eval or
# python-fu-eval).  GIMP 3 rewrites the gimprc it is given: a fresh one
# each time.  --quit, not a (gimp-quit) command: GIMP 3 skips the commands
# after a failing one and would wait forever.  Output goes to $log.
run_gimp () {
    local interpreter=$1 cmd=$2
    printf '(plug-in-path "%s/plug-ins")\n' "$work" > "$work/gimprc"
    echo "running gimp-console-3.0 ($interpreter)"
    timeout "${NST_GIMP_TIMEOUT:-600}" gimp-console-3.0 -i -d -f -c -g "$work/gimprc" \
        --batch-interpreter="$interpreter" -b "$cmd" --quit \
        > "$log" 2>&1 < /dev/null || echo "gimp-console-3.0 ended with status $?"
}

# Script-Fu: every command runs after lib.scm is loaded and nst-out-dir set.
run_script_fu () {
    run_gimp plug-in-script-fu-eval \
        "(begin (define nst-out-dir \"$out\") (load \"$NST_TESTS/lib.scm\") $1)"
}

# Python-Fu: `out` is defined for the code.
run_python_fu () {
    run_gimp python-fu-eval "out = '$out'
$1"
}

# GIMP 3.0 makes each plug-in warn "gimp_flush(): error: Broken pipe" as it
# ends (its own file-png too): not an error of the run.
expect_no_error () {
    if grep -vF 'gimp_flush(): error: Broken pipe' "$log" | grep -qiE 'execution error|calling error|^Error|Traceback|\(neural-style:[0-9]+\): .*(WARNING|CRITICAL)'; then
        fail "GIMP reported an error"
    fi
    echo "ok: no error in the GIMP log"
}

# expect_file_text FILE TEXT: FILE (in $out) holds TEXT.
expect_file_text () {
    local file="$out/$1" want=$2 got
    [ -f "$file" ] || fail "$1 was not written"
    got=$(tr -d '\n' < "$file")
    [ "$got" = "$want" ] || fail "$1 is '$got', expected '$want'"
    echo "ok: $1 is '$want'"
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
