#!/bin/bash
# debian-root.sh - make (once) a Debian root of a release, with packages.
#
#   debian-root.sh RELEASE DIR [PACKAGE...]
#
# DIR is a cache: when DIR/.complete exists and every PACKAGE is
# installed it is reused as it is.  Else the root is built in DIR.partial
# (debootstrap --variant=minbase RELEASE, apt-get update, then the
# packages without recommends) and renamed to DIR only when that has
# worked, so a broken or interrupted set-up is never mistaken for a root.
# A lock (DIR.lock) keeps two test runs from building it at once.  A
# finished root that lacks packages added to a list since it was made
# gets them installed in place (apt-get inside it), not rebuilt.  With no
# PACKAGE the root is the bare minbase system with apt's package lists.
#
# Exit 0: DIR is ready.  Exit 77 with the reason on stderr: it cannot be
# made here (not root, no debootstrap, the Debian mirror unreachable).
# Any other status: the set-up failed.
set -euo pipefail

release=${1:?usage: debian-root.sh RELEASE DIR [PACKAGE...]}
root=${2:?usage: debian-root.sh RELEASE DIR [PACKAGE...]}
shift 2
packages=("$@")
mirror=${NST_DEBIAN_MIRROR:-http://deb.debian.org/debian}
name="debian-root.sh ($release)"

skip () { echo "SKIPPED: $*" >&2; exit 77; }

# ready DIR: DIR is a finished root with every package of the list.
ready () {
    local states
    [ -f "$1/.complete" ] || return 1
    [ ${#packages[@]} -gt 0 ] || return 0
    states=$(chroot "$1" dpkg-query -W -f='${db:Status-Status}\n' "${packages[@]}" 2> /dev/null) \
        || return 1
    ! grep -qvx installed <<< "$states"
}

[ "$(id -u)" = 0 ] || skip "building a chroot needs root (this is uid $(id -u))"
ready "$root" && exit 0

command -v unshare > /dev/null || skip "unshare (util-linux) is not installed"
curl -fsS --max-time 20 -o /dev/null "$mirror/dists/$release/Release" \
    || skip "the Debian mirror $mirror is unreachable"

mkdir -p "$(dirname "$root")"
exec 9> "$root.lock"
flock 9
ready "$root" && exit 0

if [ -f "$root/.complete" ]; then
    target=$root
    echo "$name: installing the packages $root lacks" >&2
else
    command -v debootstrap > /dev/null || skip "debootstrap is not installed (data/install-deps.sh installs it)"
    target="$root.partial"
    rm -rf "$target"
    echo "$name: debootstrap $release into $target" >&2
    debootstrap --variant=minbase "$release" "$target" "$mirror" >&2
fi

cp /etc/resolv.conf "$target/etc/resolv.conf"
# apt-get inside needs /proc and /dev; a private mount namespace takes them
# away again when this command ends, whatever happens.
unshare --mount --propagation private -- /bin/bash -euc '
    mount -t proc proc "$1/proc"
    mount --rbind /dev "$1/dev"
    shift
    root=$1; shift
    chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update
    if [ $# -gt 0 ]; then
        chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y --no-install-recommends "$@"
    fi
    chroot "$root" apt-get clean
    umount -R "$root/dev"
    umount "$root/proc"
' debian-root "$target" "$target" "${packages[@]}" >&2

[ "$target" = "$root" ] && exit 0
touch "$target/.complete"
rm -rf "$root"
mv "$target" "$root"
echo "$name: $root is ready" >&2
