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
# Exit 0: DIR is ready.  Exit 77 with the reason on stderr: it cannot be
# made here (not root, no debootstrap, the Debian mirror unreachable).
# Any other status: the set-up failed.
set -euo pipefail

root=${1:?usage: trixie-root.sh DIR}
mirror=${NST_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# GIMP 3 and its headers, the engine's build dependencies, gettext for
# po/, and GObject introspection for Python-Fu.
packages=(
    gimp libgimp-3.0-dev gcc libc6-dev meson ninja-build pkg-config gettext
    libopenblas-dev liblbfgs-dev libcjson-dev libgegl-dev libbabl-dev libgtk-3-dev
    python3 python3-gi gir1.2-gimp-3.0
)

skip () { echo "SKIPPED: $*" >&2; exit 77; }

[ -f "$root/.complete" ] && exit 0

[ "$(id -u)" = 0 ] || skip "building a chroot needs root (this is uid $(id -u))"
command -v debootstrap > /dev/null || skip "debootstrap is not installed (data/install-deps.sh installs it)"
command -v unshare > /dev/null || skip "unshare (util-linux) is not installed"
curl -fsS --max-time 20 -o /dev/null "$mirror/dists/trixie/Release" \
    || skip "the Debian mirror $mirror is unreachable"

mkdir -p "$(dirname "$root")"
exec 9> "$root.lock"
flock 9
[ -f "$root/.complete" ] && exit 0

partial="$root.partial"
rm -rf "$partial"
echo "trixie-root.sh: debootstrap trixie into $partial" >&2
debootstrap --variant=minbase trixie "$partial" "$mirror" >&2

cp /etc/resolv.conf "$partial/etc/resolv.conf"
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
' trixie-root "$partial" "$partial" "${packages[@]}" >&2

touch "$partial/.complete"
rm -rf "$root"
mv "$partial" "$root"
echo "trixie-root.sh: $root is ready" >&2
