#!/bin/bash
# install-deps.sh - the Debian 12 packages that neural-style's build, demo
# and tests need, in one list.  Installs only what is missing (so it also
# works offline once everything is there); uses sudo when not root.
set -euo pipefail

packages=(
    # build
    build-essential pkg-config meson ninja-build gettext
    libopenblas-dev libcjson-dev
    libgegl-dev libbabl-dev libgtk-3-dev libgimp2.0-dev
    # run and test the plug-in: gimp-console-2.10, the dialog under Xvfb
    gimp xvfb xauth xdotool imagemagick
    # the dialog in Simplified Chinese (tests/ui: a CJK font)
    fonts-wqy-microhei
    # the model download
    curl ca-certificates libcurl4-openssl-dev
    # the GIMP 3 tests (tests/gimp3): a Debian trixie chroot
    debootstrap
    # the Debian packages (debian/, tests/package): build, lint, copy the source
    debhelper dpkg-dev fakeroot lintian git
    # PyTorch cross-checks and benchmarks (tests/torch, tests/bench)
    python3 python3-numpy python3-torch
    # ... against liblbfgs, whose L-BFGS nst-core/lbfgs.c follows (tests/torch)
    liblbfgs0
    # G'MIC's Stylize: the built-in network's no-download peer (tests/bench/versus-gmic.py)
    gmic
    # memory and sanitizer checks; the loader fuzzer (libFuzzer runtime)
    valgrind clang libclang-rt-14-dev
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps.sh: all ${#packages[@]} packages are installed."
    exit 0
fi

echo "install-deps.sh: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" != 0 ]; then
    command -v sudo > /dev/null || { echo "install-deps.sh: run as root (no sudo here)" >&2; exit 1; }
    as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
