#!/bin/bash
# in-root.sh - run a command inside a Debian root, mounting only for it.
#
#   in-root.sh [--overlay DIR] [--bind[-ro] HOST_DIR:PATH]... ROOT COMMAND [ARG...]
#
# Runs COMMAND chrooted into ROOT with /proc and /dev mounted, each
# HOST_DIR bind-mounted at PATH inside (read-write, or read-only with
# --bind-ro), and a clean environment (PATH, LANG=C.UTF-8, HOME=/root,
# DEBIAN_FRONTEND); COMMAND may start with `env VAR=VALUE` to add more.
# --overlay DIR: ROOT stays untouched; the command sees an overlayfs
# whose lower layer is ROOT and whose writes go to DIR/upper (DIR/work is
# overlayfs's own; DIR/merged the mount point).  DIR/upper is left for the
# caller to inspect and remove.
#
# Everything is mounted in a private mount namespace and unmounted by a
# trap in reverse order, so nothing stays mounted when the command fails
# or is killed.  Needs root.  Exit status: COMMAND's.
set -euo pipefail

overlay=
binds=()
while [ $# -gt 0 ]; do
    case "$1" in
        --overlay) overlay=$2; shift 2 ;;
        --bind) binds+=("rw:$2"); shift 2 ;;
        --bind-ro) binds+=("ro:$2"); shift 2 ;;
        *) break ;;
    esac
done
root=${1:?usage: in-root.sh [--overlay DIR] [--bind[-ro] HOST_DIR:PATH]... ROOT COMMAND [ARG...]}
shift
[ $# -gt 0 ] || { echo "in-root.sh: no command" >&2; exit 2; }

exec unshare --mount --propagation private -- /bin/bash -euc '
    root=$1 overlay=$2 nbinds=$3
    shift 3
    binds=("${@:1:nbinds}")
    shift "$nbinds"
    mounted=() made=()
    cleanup () {
        local i
        for (( i = ${#mounted[@]} - 1; i >= 0; i-- )); do
            umount -R "${mounted[i]}" || umount -l "${mounted[i]}" || true
        done
        for (( i = ${#made[@]} - 1; i >= 0; i-- )); do
            rmdir "${made[i]}" 2> /dev/null || true
        done
    }
    trap cleanup EXIT
    if [ -n "$overlay" ]; then
        mkdir -p "$overlay/upper" "$overlay/work" "$overlay/merged"
        mount -t overlay overlay \
            -o "lowerdir=$root,upperdir=$overlay/upper,workdir=$overlay/work" "$overlay/merged"
        mounted+=("$overlay/merged")
        root=$overlay/merged
    fi
    mount -t proc proc "$root/proc";  mounted+=("$root/proc")
    mount --rbind /dev "$root/dev";   mounted+=("$root/dev")
    for bind in "${binds[@]}"; do
        mode=${bind%%:*} bind=${bind#*:}
        host=${bind%%:*} inside=${bind#*:}
        # the folders made for the mount point, removed (rmdir) at the end
        dir=$inside new=()
        while [ ! -d "$root$dir" ]; do new=("$root$dir" "${new[@]}"); dir=$(dirname "$dir"); done
        mkdir -p "$root$inside";  made+=("${new[@]}")
        mount --bind "$host" "$root$inside";  mounted+=("$root$inside")
        [ "$mode" = rw ] || mount -o remount,bind,ro "$root$inside"
    done
    chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        HOME=/root DEBIAN_FRONTEND=noninteractive "$@"
' in-root.sh "$root" "$overlay" "${#binds[@]}" "${binds[@]}" "$@"
