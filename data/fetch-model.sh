#!/bin/bash
# fetch-model.sh - download the VGG-19 weights for neural-style, verified.
#
# Usage: fetch-model.sh [DEST_DIR]
#   DEST_DIR  where the file goes; default
#             ${XDG_DATA_HOME:-~/.local/share}/neural-style/models, the
#             folder the plug-in searches (a system install also searches
#             <datadir>/neural-style/models).
#   NST_MANIFEST  the manifest to read (default: models.manifest beside
#             this script).
#
# The file is downloaded into DEST_DIR/.NAME.partial, its SHA-256 (and
# its size, when the manifest knows it) is checked, and only then is it
# renamed to its final name in one atomic step: a partial or corrupt
# download never carries the final name.  An interrupted download (Ctrl-C,
# offline) keeps its .partial and the next run resumes it with an HTTP
# range request; the dialog's download (nst-fe-download.c) uses the same
# file, so either can finish what the other started.  A file that fails
# the check is deleted.  Exits non-zero with a message when offline or
# when the check fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
manifest=${NST_MANIFEST:-$here/models.manifest}

die () {
    echo "fetch-model.sh: $*" >&2
    exit 1
}

[ -r "$manifest" ] || die "cannot read the manifest $manifest"

manifest_value () {
    sed -n "s/^$1=//p" "$manifest" | head -n 1 | tr -d '[:space:]'
}

name=$(manifest_value name)
url=$(manifest_value url)
sha256=$(manifest_value sha256)
size=$(manifest_value size)
[ -n "$name" ] && [ -n "$url" ] && [ -n "$sha256" ] \
    || die "the manifest $manifest lacks name=, url= or sha256="

dest=${1:-${XDG_DATA_HOME:-$HOME/.local/share}/neural-style/models}
final="$dest/$name"
mkdir -p "$dest" || die "cannot create $dest"

sha256_of () {
    sha256sum "$1" | cut -d ' ' -f 1
}

if [ -f "$final" ] && [ "$(sha256_of "$final")" = "$sha256" ]; then
    echo "fetch-model.sh: $final is already there and verified."
    exit 0
fi

tmp="$dest/.$name.partial"
touch "$tmp" 2>/dev/null || die "cannot write into $dest"
interrupted () {
    echo "fetch-model.sh: interrupted; $tmp is kept, run this script again to resume." >&2
    exit 130
}
trap interrupted INT TERM

progress=--silent
[ -t 2 ] && progress=--progress-bar
have=$(stat -c %s "$tmp")
if [ -n "$size" ] && [ "$have" -gt "$size" ]; then
    : > "$tmp"      # longer than the file: nothing to resume
    have=0
fi
# download [RESUME]: curl into the .partial, from its end with -C -
download () {
    curl --fail --location --show-error $progress --connect-timeout 20 --retry 2 \
        ${1:+-C -} -o "$tmp" "$url"
}
status=0
if [ -n "$size" ] && [ "$have" = "$size" ]; then
    echo "fetch-model.sh: $tmp is complete; checking it."
elif [ "$have" -gt 0 ]; then
    echo "fetch-model.sh: resuming $url at $have bytes"
    download resume || status=$?
    # 33: the server cannot send a range, 36: the resume failed; then
    # once more from zero
    if [ "$status" = 33 ] || [ "$status" = 36 ]; then
        echo "fetch-model.sh: cannot resume; downloading from the start"
        : > "$tmp"
        status=0
        download || status=$?
    fi
else
    echo "fetch-model.sh: downloading $url"
    download || status=$?
fi
if [ "$status" != 0 ]; then
    [ -s "$tmp" ] || rm -f "$tmp"
    die "could not download $url (offline, or the server refused). Nothing was installed;" \
        "the plug-in keeps using its built-in network. Run this script again when online" \
        "(it resumes)."
fi

if [ -n "$size" ]; then
    got=$(stat -c %s "$tmp")
    [ "$got" = "$size" ] || { rm -f "$tmp";
        die "the download is $got bytes, the manifest says $size; it was deleted. Nothing was installed."; }
fi
got=$(sha256_of "$tmp")
[ "$got" = "$sha256" ] || { rm -f "$tmp";
    die "the download's SHA-256 is $got, the manifest says $sha256; it was deleted. Nothing was installed."; }

chmod 644 "$tmp"
sync "$tmp" 2>/dev/null || true
mv -f "$tmp" "$final"
trap - INT TERM
echo "fetch-model.sh: installed $final"
