# lib.sh - the harness of the dialog cases under Xvfb, sourced by each.
#
# Needs NST_DEMO (the dialog demo) and NST_UI_OUT (the build folder for
# screenshots and logs) and `case_name` set by the case.  Gives $demo,
# $out (emptied; $XDG_CACHE_HOME is $out/cache), fail (prints the demo's output), wait_for, find_window,
# start_demo, and an Xvfb server on $DISPLAY that ends with the case, as
# does any pid the case adds to `pids`.
set -euo pipefail
demo=${NST_DEMO:?}
out=${NST_UI_OUT:?}/${case_name:?}
rm -rf "$out"; mkdir -p "$out"
# This machine's calibration is kept here, not in the user's cache.
export XDG_CACHE_HOME="$out/cache"
pids=()
cleanup () { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; }
trap cleanup EXIT
fail () { echo "FAIL: $*"; echo "--- demo stdout"; cat "$out/demo.out" || true;
          echo "--- demo stderr"; cat "$out/demo.err" || true; exit 1; }

# Wait up to $1 seconds for the command in "$@" to succeed.
wait_for () {
    local limit=$1; shift
    for _ in $(seq 1 $((limit * 4))); do "$@" && return 0; sleep 0.25; done
    return 1
}

# Xvfb picks a free display and writes its number to fd 3; another
# server started at the same moment can take it first: then try again.
start_xvfb () {
    rm -f "$out/display"
    # -noreset: no server reset when the last client leaves, which would
    # refuse the next demo that connects meanwhile
    Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp -noreset 3> "$out/display" > "$out/xvfb.log" 2>&1 &
    xvfb_pid=$!
    pids+=($xvfb_pid)
    wait_for 30 test -s "$out/display" || return 1
    export DISPLAY=":$(cat "$out/display")"
    sleep 0.5
    kill -0 "$xvfb_pid" 2> /dev/null && xdotool getmouselocation > /dev/null 2>&1
}
new_display () {
    local attempt
    for attempt in 1 2 3 4 5; do
        start_xvfb && break
        kill "$xvfb_pid" 2> /dev/null || true
        [ "$attempt" = 5 ] && fail "Xvfb did not start: $(cat "$out/xvfb.log")"
    done
    echo "Xvfb on $DISPLAY"
}
new_display

# The dialog's window: by its English title, or with window_by_pid=1 (a
# translated title) the demo's visible window.
window_by_pid=
find_window () {
    if [ -n "$window_by_pid" ]; then
        window=$(xdotool search --onlyvisible --pid "$demo_pid" 2> /dev/null | head -n 1)
    else
        window=$(xdotool search --onlyvisible --name '^Neural Style Transfer$' 2> /dev/null | head -n 1)
    fi
    [ -n "$window" ]
}
window_or_gone () { find_window || ! kill -0 "$demo_pid" 2> /dev/null; }

# start_demo ARGS...: the demo in the background ($demo_pid, output in
# demo.out and demo.err) with its dialog open ($window).  When the demo
# finds no display (its exit status 2, whatever the language of GTK's
# message; seen in CI: the server went away after it had answered), a
# new Xvfb and another try.
start_demo () {
    local attempt rc
    for attempt in 1 2 3; do
        window=
        "$demo" "$@" > "$out/demo.out" 2> "$out/demo.err" &
        demo_pid=$!
        pids+=($demo_pid)
        wait_for 120 window_or_gone || fail "the dialog did not open"
        [ -n "$window" ] && return 0
        rc=0; wait "$demo_pid" || rc=$?
        [ "$rc" = 2 ] || fail "the demo ended (status $rc) before its dialog opened"
        echo "the demo found no display on $DISPLAY: a new Xvfb"
        kill "$xvfb_pid" 2> /dev/null || true
        new_display
    done
    fail "the dialog did not open"
}
