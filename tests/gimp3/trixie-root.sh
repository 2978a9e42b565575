#!/bin/bash
# trixie-root.sh - make (once) and print a Debian trixie root with GIMP 3.
#
#   trixie-root.sh DIR
#
# DIR is a cache made and reused by ../debian-root.sh (debootstrap once,
# a lock, DIR.partial until it has worked, packages added to the list
# below installed in place into a finished root).
#
# Exit 0: DIR is ready.  Exit 77 with the reason on stderr: it cannot be
# made here (not root, no debootstrap, the Debian mirror unreachable).
# Any other status: the set-up failed.
set -euo pipefail

root=${1:?usage: trixie-root.sh DIR}

# GIMP 3 and its headers, the engine's build dependencies, libcurl for
# the model download, gettext for po/, GObject introspection for
# Python-Fu, an X server and xdotool for the interactive case; the Debian
# package tools for the GIMP 3 package (tests/package).
packages=(
    gimp libgimp-3.0-dev gcc libc6-dev meson ninja-build pkg-config gettext
    libopenblas-dev libcjson-dev libgegl-dev libbabl-dev libgtk-3-dev
    libcurl4-openssl-dev
    python3 python3-gi gir1.2-gimp-3.0 xvfb xdotool
    build-essential debhelper dpkg-dev fakeroot lintian
)

exec "$(dirname "$0")/../debian-root.sh" trixie "$root" "${packages[@]}"
