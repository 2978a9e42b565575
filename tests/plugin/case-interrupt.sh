#!/bin/bash
# A run killed half-way, as GIMP's Cancel does (it ends the plug-in
# process), leaves the image as it was: the batch goes on, the content is
# saved after the failed call and is byte-identical to before, with no
# layer added.  A shell loop beside gimp-console finds the plug-in's
# process (by its path in this case's private plug-ins folder), lets it
# work for a moment, then kills it.
. "$(dirname "$0")/lib.sh"

plugin="$work/plug-ins/neural-style/neural-style"
killed="$work/killed"

# GIMP first starts the plug-in to query it ("-query"/"-init"); the run
# itself is the process started with "-run".
killer () {
    local pid="" i
    for i in $(seq 1 1200); do
        pid=$(pgrep -f -x "$plugin -gimp [0-9]+ [0-9]+ -run .*" | head -n 1 || true)
        [ -n "$pid" ] && break
        sleep 0.1
    done
    [ -n "$pid" ] || return 0
    sleep "${NST_KILL_AFTER:-3}"
    kill -KILL "$pid" 2>/dev/null && echo "$pid" > "$killed"
}
killer &
case_pids+=($!)

run_gimp \
    '(nst-content "content" 128 128 RGB #t)' \
    '(nst-style "style" 128 128)' \
    '(nst-export (nst-layer "content") "before.png")' \
    '(nst-stylize (nst-layer "content") (nst-layer "style") (quote ((size . 128) (iterations . 2000) (output . 1))))' \
    '(nst-write-layer-count "content" "layers.txt")' \
    '(nst-export (nst-layer "content") "after.png")'

[ -s "$killed" ] || fail "the plug-in was not found running, or had ended before the kill"
echo "ok: killed the plug-in (pid $(cat "$killed")) during the run"
grep -qiE 'execution error|crashed|plug-in.*(closed|died)' "$log" || fail "GIMP did not report the failed call"
echo "ok: GIMP reports the call as failed"
expect_file_text layers.txt 1
check "the image is unchanged" same before.png after.png
