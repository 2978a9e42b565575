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
# cases use; that part, fail, check and the log checks are the core both
# GIMPs' harnesses share (../gimp-case.sh).
set -euo pipefail

case_root=${1:?usage: case-NAME.sh CASES_DIR}
profile_var=GIMP3_DIRECTORY
gimp_plugins=(script-fu python-eval file-png)
# GIMP 3.0 makes each plug-in warn "gimp_flush(): error: Broken pipe" as
# it ends (its own file-png too): not an error of the run.
log_noise='gimp_flush(): error: Broken pipe'
. "$(dirname "${BASH_SOURCE[0]}")/../gimp-case.sh"

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

# wait_for_dialog GIMP_PID TRIES: sets $window to the plug-in's visible
# dialog, looking every 0.5 s up to TRIES times; stops GIMP and fails
# when it does not open.
wait_for_dialog () {
    window=
    for _ in $(seq 1 "$2"); do
        window=$(xdotool search --onlyvisible --name '^Neural Style Transfer$' 2> /dev/null | head -n 1) \
            && [ -n "$window" ] && break
        sleep 0.5
    done
    [ -n "$window" ] || { kill "$1" 2> /dev/null || true; wait "$1" || true; fail "the dialog did not open"; }
}
