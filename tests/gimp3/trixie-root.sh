#!/bin/bash
# trixie-root.sh - make (once) and print a Debian trixie root with GIMP 3.
#
#   trixie-root.sh DIR
#
# DIR is a cache: when DIR/.complete exists it is reused as it is.  Else
# the root is built in DIR.partial (debootstrap --variant=minbase, then the
# packages below without recommends) and renamed to DIR only when that has
# worked, so a broken or interrupted set-up is never mistaken for a root.
# A lock (DIR.lock) keeps two test runs from building it at once.
#
# A cached root that lacks packages added to the list since it was made
# gets them installed in place (apt-get inside it), not rebuilt.
#
# Exit 0: DIR is ready.  Exit 77 with the reason on stderr: it cannot be
# made here (not root, no debootstrap, the Debian mirror unreachable).
# Any other status: the set-up failed.
set -euo pipefail

root=${1:?usage: trixie-root.sh DIR}
mirror=${NST_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# GIMP 3 and its headers, the engine's build dependencies, libcurl for
# the model download, gettext for po/, GObject introspection for
# Python-Fu, an X server and xdotool for the interactive case.
packages=(
    gimp libgimp-3.0-dev gcc libc6-dev meson ninja-build pkg-config gettext
    libopenblas-dev liblbfgs-dev libcjson-dev libgegl-dev libbabl-dev libgtk-3-dev
    libcurl4-openssl-dev
    python3 python3-gi gir1.2-gimp-3.0 xvfb xdotool
)

skip () { echo "SKIPPED: $*" >&2; exit 77; }

# ready DIR: DIR is a finished root with every package of the list.
ready () {
    local states
    [ -f "$1/.complete" ] || return 1
    states=$(chroot "$1" dpkg-query -W -f='${db:Status-Status}\n' "${packages[@]}" 2> /dev/null) \
        || return 1
    ! grep -qvx installed <<< "$states"
}

[ "$(id -u)" = 0 ] || skip "building a chroot needs root (this is uid $(id -u))"
ready "$root" && exit 0

command -v unshare > /dev/null || skip "unshare (util-linux) is not installed"
curl -fsS --max-time 20 -o /dev/null "$mirror/dists/trixie/Release" \
    || skip "the Debian mirror $mirror is unreachable"

mkdir -p "$(dirname "$root")"
exec 9> "$root.lock"
flock 9
ready "$root" && exit 0

if [ -f "$root/.complete" ]; then
    target=$root
    echo "trixie-root.sh: installing the packages $root lacks" >&2
else
    command -v debootstrap > /dev/null || skip "debootstrap is not installed (data/install-deps.sh installs it)"
    target="$root.partial"
    rm -rf "$target"
    echo "trixie-root.sh: debootstrap trixie into $target" >&2
    debootstrap --variant=minbase trixie "$target" "$mirror" >&2
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
    chroot "$root" /usr/bin/env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "$@"
    chroot "$root" apt-get clean
    umount -R "$root/dev"
    umount "$root/proc"
' trixie-root "$target" "$target" "${packages[@]}" >&2

[ "$target" = "$root" ] && exit 0
touch "$target/.complete"
rm -rf "$root"
mv "$target" "$root"
echo "trixie-root.sh: $root is ready" >&2
