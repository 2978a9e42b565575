#!/bin/bash
# run.sh - the GIMP 3 tests: build the plug-in in a Debian trixie chroot
# that has GIMP 3 and run gimp-console-3.0 batch tests there.
#
#   run.sh SOURCE_DIR WORK_DIR
#
# The chroot comes from trixie-root.sh, cached in $NST_TRIXIE_ROOT
# (default /var/cache/neural-style-test/trixie) and reused when present.
# The source tree is bind-mounted read-only into it and WORK_DIR
# read-write (the build and the cases' files go there); /proc and /dev are
# mounted for the run, through tests/in-root.sh.  Exit 77 (skipped) with the reason when no chroot can be made.
set -euo pipefail

src=$(cd "${1:?usage: run.sh SOURCE_DIR WORK_DIR}" && pwd)
work=${2:?usage: run.sh SOURCE_DIR WORK_DIR}
root=${NST_TRIXIE_ROOT:-/var/cache/neural-style-test/trixie}
here=$(dirname "$0")

if [ "$(id -u)" != 0 ]; then
    echo "SKIPPED: mounting and entering a chroot needs root (this is uid $(id -u))" >&2
    exit 77
fi

status=0
"$here/trixie-root.sh" "$root" || status=$?
[ "$status" = 0 ] || exit "$status"

mkdir -p "$work"
work=$(cd "$work" && pwd)
mnt="/nst/run-$$"

# tests/in-root.sh mounts /proc, /dev and the two folders in a private
# mount namespace and unmounts them whatever happens.
exec "$here/../in-root.sh" --bind-ro "$src:$mnt/src" --bind "$work:$mnt/work" "$root" \
    /usr/bin/env NST_KEEP="${NST_KEEP:-}" NST_GIMP3_SANITIZE="${NST_GIMP3_SANITIZE:-}" \
    NST_GIMP3_ONLY="${NST_GIMP3_ONLY:-}" NST_GUIDE_SETTLE="${NST_GUIDE_SETTLE:-}" \
    /bin/bash "$mnt/src/tests/gimp3/inside.sh" "$mnt/src" "$mnt/work"
