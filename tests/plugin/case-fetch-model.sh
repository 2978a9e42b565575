#!/bin/bash
# data/fetch-model.sh, offline: it installs a verified file under its final
# name, and a failed or corrupt download leaves neither the final name nor a
# temporary file behind.  file:// URLs stand in for the network.
set -euo pipefail
fetch=${1:?usage: case-fetch-model.sh data/fetch-model.sh}
work=$(mktemp -d "${TMPDIR:-/tmp}/nst-fetch.XXXXXX")
trap 'rm -rf "$work"' EXIT

fail () {
    echo "FAIL (fetch-model): $*"
    exit 1
}

head -c 100000 /dev/urandom > "$work/payload"
good_sha=$(sha256sum "$work/payload" | cut -d ' ' -f 1)

manifest () {  # URL SHA256 SIZE
    printf 'name=model.safetensors\nurl=%s\nsha256=%s\nsize=%s\n' "$1" "$2" "$3" > "$work/manifest"
}

expect_nothing_installed () {
    [ ! -e "$work/dest/model.safetensors" ] || fail "$1: the final name exists"
    [ -z "$(ls -A "$work/dest" 2>/dev/null)" ] || fail "$1: files left behind: $(ls -A "$work/dest")"
    echo "ok: $1 installs nothing"
}

export NST_MANIFEST="$work/manifest"

manifest "file://$work/missing" "$good_sha" ""
if "$fetch" "$work/dest" 2> "$work/err"; then fail "a missing URL succeeded"; fi
grep -q 'could not download' "$work/err" || fail "no clear message when offline: $(cat "$work/err")"
expect_nothing_installed "an unreachable URL"

manifest "file://$work/payload" "0000000000000000000000000000000000000000000000000000000000000000" ""
if "$fetch" "$work/dest" 2> "$work/err"; then fail "a wrong SHA-256 succeeded"; fi
grep -q "SHA-256" "$work/err" || fail "no SHA-256 message: $(cat "$work/err")"
expect_nothing_installed "a wrong SHA-256"

manifest "file://$work/payload" "$good_sha" 99
if "$fetch" "$work/dest" 2> "$work/err"; then fail "a wrong size succeeded"; fi
expect_nothing_installed "a wrong size"

manifest "file://$work/payload" "$good_sha" 100000
"$fetch" "$work/dest" > /dev/null || fail "a good download failed"
cmp -s "$work/payload" "$work/dest/model.safetensors" || fail "the installed file differs"
[ "$(ls -A "$work/dest")" = "model.safetensors" ] || fail "extra files: $(ls -A "$work/dest")"
echo "ok: a verified download is installed under its final name, alone"

"$fetch" "$work/dest" | grep -q 'already there' || fail "a second run did not notice the file"
echo "ok: a second run keeps the verified file"
