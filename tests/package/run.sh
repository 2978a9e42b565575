#!/bin/bash
# run.sh - the Debian packages, built and used as a user would use them.
#
#   run.sh SOURCE_DIR WORK_DIR
#
# 1. gimp-plugin-neural-style for GIMP 2.10: `dpkg-buildpackage -us -uc -b`
#    on this Debian 12 host, in a copy of SOURCE_DIR's files (git
#    ls-files: tracked and new files, not ignored ones) in WORK_DIR/bookworm;
#    then lintian.
# 2. The same for GIMP 3 in the trixie root of the GIMP 3 tests
#    (../gimp3/trixie-root.sh, $NST_TRIXIE_ROOT), from a copy in
#    WORK_DIR/trixie bind-mounted into it, so nothing is left in the
#    cached root; then trixie's lintian there.
# 3. Each package in a clean minbase root of its release
#    ($NST_TEST_CACHE/RELEASE-clean, made once by ../debian-root.sh
#    without the build dependencies, so a missing Depends shows), used
#    through an overlay that is thrown away: inside.sh installs the
#    package with apt-get, stylises an image with the root's gimp-console
#    and purges the package, checking that nothing is left.  apt's
#    downloads are kept in $NST_TEST_CACHE/apt-archives/RELEASE, so GIMP
#    is downloaded once.
# The default cache is /var/cache/neural-style-test.  Package names and
# sizes, lintian's output and every step are printed; a lintian error
# fails the test, its warnings do not.
#
# Exit 0: both packages passed.  1: a step failed (said why).  77
# (skipped, with the reason): not root, not Debian 12, a tool missing, or
# the Debian mirror unreachable.
set -euo pipefail

src=$(cd "${1:?usage: run.sh SOURCE_DIR WORK_DIR}" && pwd)
work=${2:?usage: run.sh SOURCE_DIR WORK_DIR}
here=$(cd "$(dirname "$0")" && pwd)
tests=$(dirname "$here")
cache=${NST_TEST_CACHE:-/var/cache/neural-style-test}
trixie_root=${NST_TRIXIE_ROOT:-$cache/trixie}
mirror=${NST_DEBIAN_MIRROR:-http://deb.debian.org/debian}

skip () { echo "SKIPPED: $*" >&2; exit 77; }
fail () { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "chroots and overlays need root (this is uid $(id -u))"
codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ "$codename" = bookworm ] || skip "the GIMP 2.10 package is built on the host, which is not Debian 12 ($codename)"
for tool in git dpkg-buildpackage dh lintian debootstrap unshare convert compare; do
    command -v "$tool" > /dev/null || skip "$tool is not installed (data/install-deps.sh installs it)"
done
curl -fsS --max-time 20 -o /dev/null "$mirror/dists/bookworm/Release" \
    || skip "the Debian mirror $mirror is unreachable"

# need ROOT_MAKER ARGS...: a root is ready, or this test ends with the
# maker's status (77 when it cannot be made here).
need () {
    local status=0
    "$@" || status=$?
    [ "$status" = 0 ] || exit "$status"
}

# copy_source DIR: the files of SOURCE_DIR that git knows or would add,
# as they are in the working tree (so a test of uncommitted work tests
# that work); dpkg-buildpackage writes into its source folder and beside it.
copy_source () {
    mkdir -p "$1"
    git -C "$src" ls-files -z --cached --others --exclude-standard \
        | (cd "$src" && tar --null --files-from=- --ignore-failed-read -cf -) \
        | tar -xf - -C "$1"
}

# show_lintian RELEASE LOG STATUS: print lintian's output; fail on an error
# or when lintian itself did not run (status 1 is its "errors found").
show_lintian () {
    echo "---- lintian ($1) ----"
    cat "$2"
    echo "---- end of lintian ($1) ----"
    [ "$3" = 0 ] || [ "$3" = 1 ] || fail "lintian ($1) ended with status $3"
    if grep -q '^E: ' "$2"; then fail "lintian reports errors in the $1 package"; fi
    echo "ok: no lintian error ($1): $(grep -c '^W: ' "$2" || true) warnings"
}

show_debs () {
    echo "built in $2 s:"
    stat -c '  %n: %s bytes' "$1"/*.deb
}

version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
name=neural-style-${version%-*}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

# 1. GIMP 2.10, on the host
echo "== bookworm: dpkg-buildpackage -us -uc -b (GIMP 2.10, this host)"
SECONDS=0
copy_source "$work/bookworm/$name"
(cd "$work/bookworm/$name" && DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b) > "$work/bookworm/build.log" 2>&1 \
    || { tail -n 40 "$work/bookworm/build.log"; fail "dpkg-buildpackage failed (bookworm)"; }
show_debs "$work/bookworm" "$SECONDS"
status=0
lintian "$work/bookworm"/*.changes > "$work/bookworm/lintian.log" 2>&1 || status=$?
show_lintian bookworm "$work/bookworm/lintian.log" "$status"

# 2. GIMP 3, in the trixie root
echo "== trixie: dpkg-buildpackage -us -uc -b (GIMP 3, in $trixie_root)"
need "$tests/gimp3/trixie-root.sh" "$trixie_root"
SECONDS=0
copy_source "$work/trixie/$name"
inside="/nst/package-$$"
status=0
"$tests/in-root.sh" --bind "$work/trixie:$inside" "$trixie_root" /bin/bash -euc '
    export HOME=$1/home
    mkdir -p "$HOME"
    cd "$1/$2"
    DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b > "$1/build.log" 2>&1 \
        || { tail -n 40 "$1/build.log"; exit 99; }
    lintian "$1"/*.changes > "$1/lintian.log" 2>&1
' package "$inside" "$name" || status=$?
[ "$status" != 99 ] || fail "dpkg-buildpackage failed (trixie)"
show_debs "$work/trixie" "$SECONDS"
show_lintian trixie "$work/trixie/lintian.log" "$status"

# 3. Installed, used and purged in clean roots; the pictures made here
mkdir -p "$work/images"
convert -size 64x48 gradient:'#3050a0-#e0d080' -strip "PNG24:$work/images/in.png"
convert -seed 7 -size 64x64 plasma:red-blue -strip "PNG24:$work/images/style.png"
for release in bookworm trixie; do
    echo "== $release: install, use and purge in a clean root"
    SECONDS=0
    need "$tests/debian-root.sh" "$release" "$cache/$release-clean"
    archives="$cache/apt-archives/$release"
    mkdir -p "$archives/partial"
    test_dir="$work/$release/install"
    mkdir -p "$test_dir"
    deb=$(cd "$work/$release" && echo gimp-plugin-neural-style_*.deb)
    [ -f "$work/$release/$deb" ] || fail "no gimp-plugin-neural-style_*.deb was built for $release"
    cp "$work/$release/$deb" "$here/inside.sh" "$work/images/in.png" "$work/images/style.png" "$test_dir/"
    status=0
    "$tests/in-root.sh" --overlay "$work/$release/overlay" --bind "$test_dir:/nst-test" \
        --bind "$archives:/var/cache/apt/archives" "$cache/$release-clean" \
        /bin/bash /nst-test/inside.sh "$release" "$deb" || status=$?
    rm -rf "$work/$release/overlay"
    [ "$status" = 0 ] || fail "the $release package failed in its clean root (files in $test_dir)"
    changed=$(compare -metric AE "$test_dir/in.png" "$test_dir/out/out.png" null: 2>&1 || true)
    [[ "$changed" =~ ^[0-9]+$ ]] || fail "compare could not compare the images: $changed"
    [ "$changed" -gt 0 ] || fail "the stylised image ($release) equals the input"
    echo "ok: $changed of $((64 * 48)) pixels changed ($release)"
    echo "$release: installed, used and purged in $SECONDS s"
done
echo "both packages passed"
