#!/bin/bash
# data/fetch-model.sh interrupted half-way: the user's model folder never
# holds a partial download under the final name, and the next run
# resumes it.  The source is a FIFO behind a file:// URL that sends half
# the file and then stalls, so the download is surely in progress when it
# is stopped.
#  - Ctrl-C (SIGINT to the process group), SIGTERM and SIGKILL: the final
#    name does not exist; only the hidden .model.safetensors.partial with
#    the bytes received stays.
#  - Run again on the whole file: it says it resumes at those bytes, and
#    installs a file equal to the source, the partial gone.
set -euo pipefail
fetch=${1:?usage: case-fetch-interrupt.sh data/fetch-model.sh}
work=$(mktemp -d "${TMPDIR:-/tmp}/nst-fetch-int.XXXXXX")
feeder=""
cleanup () {
    [ -z "$feeder" ] || kill "$feeder" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail () {
    echo "FAIL (fetch-interrupt): $*"
    exit 1
}

head -c 200000 /dev/urandom > "$work/payload"
sha=$(sha256sum "$work/payload" | cut -d ' ' -f 1)
printf 'name=model.safetensors\nurl=file://%s\nsha256=%s\nsize=200000\n' \
    "$work/fifo" "$sha" > "$work/manifest"
export NST_MANIFEST="$work/manifest"

# interrupt SIGNAL: start a download, wait until bytes arrive, signal the
# script's whole process group, wait for it to end.
interrupt () {
    local signal=$1 dest="$work/dest-$1" pid i
    rm -f "$work/fifo"
    mkfifo "$work/fifo"
    (head -c 100000 "$work/payload"; exec sleep 60) > "$work/fifo" &
    feeder=$!
    # job control on: the download gets its own process group and, unlike
    # a plain background job, does not start with SIGINT ignored
    set -m
    "$fetch" "$dest" > "$work/out-$signal" 2>&1 &
    pid=$!
    set +m
    for i in $(seq 1 100); do
        [ -n "$(find "$dest" -name '.model.safetensors.partial' -size +0 2>/dev/null)" ] && break
        sleep 0.1
    done
    [ -n "$(find "$dest" -name '.model.safetensors.partial' -size +0 2>/dev/null)" ] \
        || fail "$signal: the download did not start: $(cat "$work/out-$signal")"
    kill -"$signal" -- -"$pid"
    wait "$pid" 2>/dev/null && fail "$signal: the interrupted script exited 0"
    kill "$feeder" 2>/dev/null || true
    wait "$feeder" 2>/dev/null || true
    feeder=""
    [ ! -e "$dest/model.safetensors" ] || fail "$signal: the final name exists"
    echo "ok: $signal during the download: no model.safetensors"
}

for signal in INT TERM KILL; do
    interrupt "$signal"
    left=$(ls -A "$work/dest-$signal")
    [ "$left" = ".model.safetensors.partial" ] || fail "$signal: left behind: '$left'"
    echo "ok: $signal leaves only the hidden partial file"
done

# the next run, on the whole file, resumes where the first stopped
have=$(stat -c %s "$work/dest-INT/.model.safetensors.partial")
printf 'name=model.safetensors\nurl=file://%s\nsha256=%s\nsize=200000\n' \
    "$work/payload" "$sha" > "$work/manifest"
"$fetch" "$work/dest-INT" > "$work/out-resume" 2>&1 || fail "the resumed run failed: $(cat "$work/out-resume")"
grep -q "resuming .* at $have bytes" "$work/out-resume" \
    || fail "the second run did not resume at $have bytes: $(cat "$work/out-resume")"
cmp -s "$work/payload" "$work/dest-INT/model.safetensors" || fail "the resumed file differs from the source"
[ "$(ls -A "$work/dest-INT")" = "model.safetensors" ] || fail "after the resume: $(ls -A "$work/dest-INT")"
echo "ok: the next run resumed at $have bytes and installed the whole file"
