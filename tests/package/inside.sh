#!/bin/bash
# inside.sh - the part of the package test that runs inside a clean root
# (through an overlay: its writes go to a throw-away layer).
#
#   inside.sh RELEASE DEB
#
# Runs in /nst-test, which holds DEB, in.png and style.png, and gets
# out/ and the logs.  The package's dependencies are installed first
# (apt-get satisfy with its Depends), so that the root can be listed
# before `apt-get install ./DEB` and compared after the purge: the package
# must leave the root as it found it.  Between the two, the root's own
# gimp-console stylises in.png with the installed plug-in and the
# installed Script-Fu example, with a private HOME.  Exit 0 when all is
# well, 1 with the reason otherwise.
set -euo pipefail

release=${1:?usage: inside.sh RELEASE DEB}
deb=${2:?usage: inside.sh RELEASE DEB}
t=/nst-test
package=gimp-plugin-neural-style
cd "$t"

fail () { echo "FAIL ($release): $*"; exit 1; }

# snapshot FILE: every path of the root with its type, and for what is not
# a folder its size and modification time.  Left out: mounts, this test's
# folder, the state apt and dpkg keep of their own (its package database,
# archive cache, logs), the dynamic linker's cache, and fontconfig's cache
# (GIMP 3 refreshes it as it starts, package or not).
snapshot () {
    find / -xdev \( -path /proc -o -path /dev -o -path /sys -o -path /run -o -path "$t" \
            -o -path /var/lib/dpkg -o -path /var/lib/apt -o -path /var/cache/apt \
            -o -path /var/cache/debconf -o -path /var/cache/ldconfig -o -path /var/cache/fontconfig \
            -o -path /var/log \
            -o -path /etc/ld.so.cache \) -prune \
        -o -type d -printf '%p\td\n' -o -printf '%p\t%y %s %T@\n' | LC_ALL=C sort > "$1"
}

# apt-get with its output in LOG, shown only when it fails.
apt_quiet () {
    local log=$1
    shift
    apt-get "$@" > "$log" 2>&1 || { tail -n 30 "$log"; fail "apt-get $* failed"; }
}

echo "== $release: apt-get update; the package's dependencies"
apt_quiet apt-update.log update
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
apt_quiet apt-depends.log satisfy -y --no-install-recommends "$depends"
snapshot before.list

echo "== $release: apt-get install ./$deb"
apt_quiet apt-install.log install -y --no-install-recommends "./$deb"
dpkg -L "$package" > package.list
echo "the package installs $(wc -l < package.list) paths"
plugin=$(grep -E '^/usr/lib/(.*/)?gimp/[0-9.]+/plug-ins/neural-style/neural-style$' package.list) \
    || fail "the package holds no plug-in in GIMP's plug-in folder"
[ -x "$plugin" ] || fail "$plugin is not executable"
echo "ok: the plug-in is $plugin"
nst --version > nst.log 2>&1 || { cat nst.log; fail "nst --version failed"; }
echo "ok: $(head -n 1 nst.log)"

case "$release" in
    bookworm)
        console=(gimp-console-2.10) exists=gimp-procedural-db-proc-exists end=(-b '(gimp-quit 0)') ;;
    *)
        console=(gimp-console-3.0 --batch-interpreter=plug-in-script-fu-eval)
        exists=gimp-pdb-procedure-exists end=(--quit) ;;
esac
# No Python bytecode beside GIMP 3's own Python plug-ins (root may write there)
export HOME="$t/home" TMPDIR="$t/tmp" PYTHONDONTWRITEBYTECODE=1
export XDG_CONFIG_HOME="$HOME/.config" XDG_CACHE_HOME="$HOME/.cache" XDG_DATA_HOME="$HOME/.local/share"
mkdir -p "$HOME" "$TMPDIR" out
# The procedure is registered (TRUE is 1 in GIMP 2.10's Script-Fu, #t in
# GIMP 3's), then the installed example stylises in.png at 64 px with 10
# iterations: the built-in network, as no model is installed.
cmd="(begin
  (let ((port (open-output-file \"$t/out/registered.txt\"))
        (found (car ($exists \"plug-in-neural-style\"))))
    (display (if (or (eq? found #t) (eqv? found 1)) \"yes\" \"no\") port)
    (close-output-port port))
  (load \"/usr/share/neural-style/examples/stylize-any.scm\")
  (neural-style-any \"$t/in.png\" \"$t/style.png\" \"$t/out/out.png\" 75 10 64))"
echo "== $release: ${console[0]} in batch mode"
SECONDS=0
timeout 900 "${console[@]}" -i -d -f -c -b "$cmd" "${end[@]}" > gimp.log 2>&1 < /dev/null \
    || echo "${console[0]} ended with status $?"
echo "GIMP ran for $SECONDS s"
[ "$(cat out/registered.txt 2> /dev/null)" = yes ] \
    || { cat gimp.log; fail "GIMP does not know plug-in-neural-style"; }
echo "ok: plug-in-neural-style is registered"
if grep -qiE 'execution error|calling error' gimp.log || [ ! -s out/out.png ]; then
    cat gimp.log
    fail "the stylised image was not written"
fi
echo "ok: out/out.png written ($(stat -c %s out/out.png) bytes)"

echo "== $release: apt-get purge $package"
apt_quiet apt-purge.log purge -y "$package"
if dpkg-query -W "$package" > /dev/null 2>&1; then fail "dpkg still knows $package"; fi
ls /var/lib/dpkg/info/"$package".* > /dev/null 2>&1 && fail "dpkg keeps files of $package"
snapshot after.list
cut -f 1 before.list > before.paths
left=0
while read -r path; do
    [ "$path" != /. ] || continue  # dpkg's name for the root folder
    if { [ -e "$path" ] || [ -L "$path" ]; } && ! grep -qxF -- "$path" before.paths; then
        echo "left behind: $path"
        left=1
    fi
done < package.list
[ "$left" = 0 ] || fail "the purge left paths of the package"
if ! diff before.list after.list > root.diff; then
    cat root.diff
    fail "the root differs from before the install (< before, > after)"
fi
echo "ok: every path of the package is gone and the root is as before"
