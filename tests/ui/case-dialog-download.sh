#!/bin/bash
# The model from the dialog, under Xvfb, with real input events: no model
# installed ($XDG_DATA_HOME empty), so the status line names the built-in
# network and the dialog offers "Download the VGG-19 model (575 MB)".
# A local server (tests/plugin/download-server.py, on 127.0.0.1) serves a
# tiny valid model under a test manifest ($NST_MANIFEST).  Alt+B starts
# the download; the file must arrive under its final name in the user's
# model folder, verified, with no partial file left, and the preview must
# switch to it: the status line then names the downloaded file.
# Screenshots before and after go to $NST_UI_OUT.
#
# Needs NST_BAD_MODELS (tests/plugin/make-bad-models, which also writes
# the tiny good model), NST_PYTHON and NST_DOWNLOAD_SERVER.
case_name=case-dialog-download
. "$(dirname "$0")/lib.sh"

"${NST_BAD_MODELS:?}" "$out" > /dev/null
payload="$out/good.safetensors"
"${NST_PYTHON:?}" "${NST_DOWNLOAD_SERVER:?}" "$payload" "$out/server.log" > "$out/server.port" &
pids+=($!)
wait_for 30 test -s "$out/server.port" || fail "the test server did not start"
port=$(head -n 1 "$out/server.port")

printf 'name=vgg19.safetensors\nurl=http://127.0.0.1:%s/model\nsha256=%s\nsize=%s\n' \
    "$port" "$(sha256sum "$payload" | cut -d ' ' -f 1)" "$(stat -c %s "$payload")" \
    > "$out/manifest"
export NST_MANIFEST="$out/manifest"
export XDG_DATA_HOME="$out/data"
unset NST_MODEL
models="$XDG_DATA_HOME/neural-style/models"

start_demo --last-style 100 --iterations 5
echo "dialog window $window"
builtin_shown () { grep -q '^status-line .*built-in' "$out/demo.out"; }
wait_for 120 builtin_shown || fail "the status line never named the built-in network"
sleep 1
import -window root "$out/dialog-download-offered.png"

xdotool windowfocus --sync "$window"; sleep 0.3
xdotool key alt+b
wait_for 60 test -f "$models/vgg19.safetensors" || fail "the model did not arrive in $models"
cmp -s "$payload" "$models/vgg19.safetensors" || fail "the downloaded model differs from the served one"
uses_download () { grep -q "^status-line Model: VGG-19 from $models/vgg19.safetensors" "$out/demo.out"; }
wait_for 120 uses_download || fail "the status line never named the downloaded model"
sleep 1
import -window root "$out/dialog-download-done.png"
if ls -A "$models" | grep -q partial; then
    fail "a partial file was left: $(ls -A "$models")"
fi
grep -q '^/model -$' "$out/server.log" || fail "the server saw no plain request: $(cat "$out/server.log")"

xdotool key Escape
closed () { grep -q '^first-preview-seconds' "$out/demo.out"; }
wait_for 60 closed || fail "Escape did not close the dialog"
wait "$demo_pid" || fail "the demo failed"
echo "ok: downloaded $(stat -c %s "$models/vgg19.safetensors") bytes from 127.0.0.1:$port," \
     "the preview runs on it; screenshots $out/dialog-download-offered.png" \
     "$out/dialog-download-done.png"
