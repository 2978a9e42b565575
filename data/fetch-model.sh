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
# The file is downloaded into a temporary name in DEST_DIR, its SHA-256
# (and its size, when the manifest knows it) is checked, and only then is
# it renamed to its final name in one atomic step: a partial or corrupt
# download never carries the final name.  Exits non-zero with a message
# when offline or when the check fails.
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

tmp=$(mktemp "$dest/.$name.partial.XXXXXX") || die "cannot write into $dest"
trap 'rm -f "$tmp"' EXIT

progress=--silent
[ -t 2 ] && progress=--progress-bar
echo "fetch-model.sh: downloading $url"
if ! curl --fail --location --show-error $progress --connect-timeout 20 --retry 2 \
        -o "$tmp" "$url"; then
    die "could not download $url (offline, or the server refused). Nothing was installed;" \
        "the plug-in keeps using its built-in network. Run this script again when online."
fi

if [ -n "$size" ]; then
    got=$(stat -c %s "$tmp")
    [ "$got" = "$size" ] || die "the download is $got bytes, the manifest says $size. Nothing was installed."
fi
got=$(sha256_of "$tmp")
[ "$got" = "$sha256" ] || die "the download's SHA-256 is $got, the manifest says $sha256. Nothing was installed."

chmod 644 "$tmp"
mv -f "$tmp" "$final"
trap - EXIT
echo "fetch-model.sh: installed $final"
