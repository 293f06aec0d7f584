#!/bin/bash
# tools/xen.sh OBJDIR
#
# Builds the Xen hypervisor used to test Petrel, once, and caches it:
#   OBJDIR/xen/xen        multiboot ELF (boot it with qemu -kernel)
#   OBJDIR/xen/xen-syms   same with symbols (to decode Xen crash addresses)
#   OBJDIR/xen/config     the .config it was built with
#   OBJDIR/xen/VERSION    version string; written last, marks the cache complete
# Build log: OBJDIR/xen-build.log
#
# Debian's binary Xen is built without 32-bit PV support, so this fetches
# Debian's xen source package (apt-get source: Debian's patches applied) and
# builds only the hypervisor from defconfig + CONFIG_PV32=y + CONFIG_PV_LINEAR_PT=y
# (debug off).  The build runs in a temporary directory under OBJDIR and is
# moved into place at the end, so a failed build never looks complete.
#
# Environment: XEN_SRC_VERSION=<Debian version of the xen source package>
# to pin one (default: the newest that can be downloaded).
set -eu

say() { echo "xen: $*"; }
die() { echo "xen: error: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || { echo "usage: $0 OBJDIR" >&2; exit 1; }
mkdir -p "$1" || die "cannot create $1"
OBJDIR=$(cd "$1" && pwd)
OUT=$OBJDIR/xen
LOG=$OBJDIR/xen-build.log

cached() {
    if [ -f "$OUT/xen" ] && [ -s "$OUT/VERSION" ]; then
        say "cached $(cat "$OUT/VERSION")"
        exit 0
    fi
}
cached

# One build at a time per OBJDIR; whoever waited re-checks the cache.
exec 9>"$OBJDIR/.xen.lock"
if ! flock -n 9; then
    say "another xen.sh is building in $OBJDIR, waiting"
    flock 9
fi
cached

START=$(date +%s)
: >"$LOG"

# Run one step with its output in the log; on failure show the log's tail.
step() {
    local what=$1; shift
    say "$what"
    echo "=== $what: $*" >>"$LOG"
    if ! "$@" >>"$LOG" 2>&1; then
        echo "xen: FAILED: $what (log: $LOG); last 20 lines:" >&2
        tail -n 20 "$LOG" >&2
        exit 1
    fi
}

# --- host tools needed to fetch and build the hypervisor (not the Xen tools)
# dpkg-dev: dpkg-source (apt-get source unpacks and patches with it);
# lsb-release: Debian's version-banner patch calls lsb_release.
NEED="gcc make binutils python3 bison flex dpkg-dev xz-utils lsb-release"
missing=
for p in $NEED; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    cmd="apt-get install -y --no-install-recommends$missing"
    if [ "$(id -u)" != 0 ]; then
        echo "xen: error: missing packages:$missing" >&2
        echo "xen: run as root:  $cmd" >&2
        exit 1
    fi
    # shellcheck disable=SC2086  # $missing: one word per package
    step "installing$missing" env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends $missing
fi

# --- source versions known to apt (newest first)
src_versions() { apt-cache showsrc xen 2>/dev/null | sed -n 's/^Version: //p' | sort -urV; }
if [ -n "${XEN_SRC_VERSION:-}" ]; then
    VERSIONS=$XEN_SRC_VERSION
else
    VERSIONS=$(src_versions)
    if [ -z "$VERSIONS" ] && [ "$(id -u)" = 0 ]; then
        # A fresh Debian has no deb-src lines: add them beside the
        # deb ones (same mirrors, suites and keys), then look again.
        SRCLIST=/etc/apt/sources.list.d/petrel-deb-src.sources
        if ! grep -qs 'deb-src' /etc/apt/sources.list /etc/apt/sources.list.d/*; then
            if [ -f /etc/apt/sources.list.d/debian.sources ]; then
                sed 's/^Types:.*/Types: deb-src/' \
                    /etc/apt/sources.list.d/debian.sources > "$SRCLIST"
            elif [ -f /etc/apt/sources.list ]; then
                sed -n 's/^deb \(.*\)/deb-src \1/p' /etc/apt/sources.list \
                    > /etc/apt/sources.list.d/petrel-deb-src.list
            fi
            echo "xen: enabled deb-src entries for apt-get source"
        fi
        step "apt-get update (no xen source package known)" \
            apt-get -o DPkg::Lock::Timeout=600 update
        VERSIONS=$(src_versions)
    fi
    [ -n "$VERSIONS" ] || die "apt knows no 'xen' source package: enable deb-src
  (Types: deb deb-src in /etc/apt/sources.list.d/debian.sources) and run apt-get update"
fi

TMP=$(mktemp -d "$OBJDIR/.xen-build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$TMP"

# --- fetch: the newest version whose files the mirror really has
# (a security-suite version may be listed yet not downloadable).
PKGVER=
for v in $VERSIONS; do
    say "apt-get source xen=$v"
    echo "=== apt-get source xen=$v" >>"$LOG"
    # -o APT::Sandbox::User=root: the temp dir is not readable by _apt.
    if apt-get -o APT::Sandbox::User=root source --only-source "xen=$v" >>"$LOG" 2>&1; then
        PKGVER=$v
        break
    fi
    say "  could not fetch xen=$v"
    rm -rf "${TMP:?}"/*
done
if [ -z "$PKGVER" ]; then
    echo "xen: FAILED: apt-get source xen (tried: ${VERSIONS//$'\n'/ }); last 20 lines of $LOG:" >&2
    tail -n 20 "$LOG" >&2
    exit 1
fi
SRC=$(find "$TMP" -mindepth 1 -maxdepth 1 -type d -name 'xen-*' | head -n 1)
[ -n "$SRC" ] && [ -d "$SRC/xen" ] || die "apt-get source produced no xen-*/xen directory in $TMP"

# --- configure: defconfig + PV32 + PV linear page tables, debug off
unset CFLAGS CPPFLAGS CXXFLAGS LDFLAGS MAKEFLAGS
export XEN_TARGET_ARCH=x86_64
export DEB_VERSION=$PKGVER                         # shown in Xen's boot banner
export DEB_MAINTAINER="Petrel test build <petrel@localhost>"
export XEN_WHOAMI=petrel XEN_DOMAIN=localhost
# Reproducible build date: the Debian changelog's.
if ts=$(dpkg-parsechangelog -l "$SRC/debian/changelog" -S Timestamp 2>/dev/null); then
    export XEN_BUILD_DATE XEN_BUILD_TIME
    XEN_BUILD_DATE=$(LC_ALL=C date -u -d "@$ts")
    XEN_BUILD_TIME=$(LC_ALL=C date -u -d "@$ts" +%T)
fi
export WGET=/bin/false GIT=/bin/false              # the build must not download

step "make defconfig" make -C "$SRC/xen" defconfig
printf '%s\n' 'CONFIG_PV=y' 'CONFIG_PV32=y' 'CONFIG_PV_LINEAR_PT=y' \
    '# CONFIG_DEBUG is not set' >>"$SRC/xen/.config"
step "make olddefconfig (+PV32 +PV_LINEAR_PT)" make -C "$SRC/xen" olddefconfig
for want in CONFIG_PV=y CONFIG_PV32=y CONFIG_COMPAT=y CONFIG_PV_LINEAR_PT=y; do
    grep -qx "$want" "$SRC/xen/.config" || die "$want did not stick in xen/.config after olddefconfig"
done
! grep -qx 'CONFIG_DEBUG=y' "$SRC/xen/.config" || die "CONFIG_DEBUG=y in xen/.config"

# --- build the hypervisor only
XENVER=$(make -s -C "$SRC/xen" xenversion)
step "make -C xen -j$(nproc) (Xen $XENVER)" make -C "$SRC/xen" -j"$(nproc)"
[ -s "$SRC/xen/xen" ] || die "build produced no xen/xen"

# --- install: everything first, VERSION last, then one rename into place
mkdir "$TMP/out"
cp "$SRC/xen/xen" "$SRC/xen/xen-syms" "$TMP/out/"
cp "$SRC/xen/.config" "$TMP/out/config"
echo "$XENVER (Debian $PKGVER) PV32" >"$TMP/out/VERSION"
rm -rf "$OUT"
mv "$TMP/out" "$OUT"

say "built $(cat "$OUT/VERSION") -> $OUT/xen in $(( $(date +%s) - START ))s"
