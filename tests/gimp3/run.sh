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
# mounted for the run.  Everything is mounted in a private mount namespace
# and unmounted by a trap, so nothing stays mounted when a test fails or
# is killed.  Exit 77 (skipped) with the reason when no chroot can be made.
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

# Inside a private mount namespace: the mounts below are seen by nobody
# else and vanish with it; the trap unmounts them in order anyway.
exec unshare --mount --propagation private -- /bin/bash -euc '
    root=$1 src=$2 work=$3 mnt=$4
    mounted=()
    cleanup () {
        local i
        for (( i = ${#mounted[@]} - 1; i >= 0; i-- )); do
            umount -R "${mounted[i]}" || umount -l "${mounted[i]}" || true
        done
        rmdir "$root$mnt/src" "$root$mnt/work" "$root$mnt" 2>/dev/null || true
    }
    trap cleanup EXIT
    mkdir -p "$root$mnt/src" "$root$mnt/work"
    mount -t proc proc "$root/proc";          mounted+=("$root/proc")
    mount --rbind /dev "$root/dev";           mounted+=("$root/dev")
    mount --bind "$src" "$root$mnt/src";      mounted+=("$root$mnt/src")
    mount -o remount,bind,ro "$root$mnt/src"
    mount --bind "$work" "$root$mnt/work";    mounted+=("$root$mnt/work")
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 NST_KEEP="${NST_KEEP:-}" NST_GIMP3_SANITIZE="${NST_GIMP3_SANITIZE:-}" \
        NST_GIMP3_ONLY="${NST_GIMP3_ONLY:-}" NST_GUIDE_SETTLE="${NST_GUIDE_SETTLE:-}" \
        /bin/bash "$mnt/src/tests/gimp3/inside.sh" "$mnt/src" "$mnt/work"
' run.sh "$root" "$src" "$work" "$mnt"
