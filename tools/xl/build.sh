#!/bin/bash
# tools/xl/build.sh: build the Linux dom0 used to run Petrel as a domU under xl.
#
# usage: tools/xl/build.sh OBJDIR
#
# Fetches Debian packages with `apt-get download` (the real package behind
# linux-image-amd64, busybox-static, xen-utils-4.17 and its libraries),
# extracts them with dpkg-deb and assembles a busybox initramfs whose /init
# (tools/xl/init.dom0) starts xenstored and xenconsoled and runs a scenario.
# The Petrel kernel is not part of it: tools/xl/run.sh appends it at run
# time, with the current init.dom0, lib.dom0 and the scenario, which replace
# the copies made here (so those are not part of the cache stamp).
#
# Output (cached; rebuilt only when missing or when this script changed):
#   OBJDIR/xl/vmlinuz           dom0 Linux kernel
#   OBJDIR/xl/dom0-initrd.img   gzip cpio of the dom0 root file system
#   OBJDIR/xl/busybox           static busybox (host-side cpio for run.sh)
#   OBJDIR/xl/packages.txt      the .deb files used
#   OBJDIR/xl/build-stats.txt   timings and sizes
# The result is built in a temporary directory and moved into place.
set -euo pipefail

PROG=xl-build
die() { echo "$PROG: error: $*" >&2; exit 1; }
[ $# -eq 1 ] || { echo "usage: $0 OBJDIR" >&2; exit 1; }
OBJDIR=$1
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OBJDIR" || die "cannot create $OBJDIR"
OBJDIR=$(cd "$OBJDIR" && pwd)
OUT=$OBJDIR/xl
STAMP=$(sha256sum "$0" | cut -c1-16)

if [ -s "$OUT/dom0-initrd.img" ] && [ -s "$OUT/vmlinuz" ] && [ -x "$OUT/busybox" ] &&
   [ "$(cat "$OUT/stamp" 2>/dev/null)" = "$STAMP" ]; then
    echo "$PROG: up to date: $OUT"
    exit 0
fi

for t in apt-get apt-cache dpkg-deb readelf file gzip sha256sum; do
    command -v $t >/dev/null || die "$t not found"
done

T0=$EPOCHREALTIME
TMP=$(mktemp -d "$OBJDIR/.xl-build.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
DEBS=$TMP/debs X=$TMP/x R=$TMP/rootfs N=$TMP/out
mkdir -p "$DEBS" "$X" "$R" "$N"

PKGS="busybox-static xen-utils-4.17 xen-utils-common xenstore-utils
 libxencall1 libxenevtchn1 libxenforeignmemory1 libxengnttab1 libxenmisc4.17
 libxenstore4 libxentoollog1 libxenhypfs1 libxentoolcore1 libxendevicemodel1
 libyajl2 libncurses6 libtinfo6 libc6 libuuid1 zlib1g liblzma5 libzstd1 libgcc-s1"
# linux-image-amd64 is a metapackage: resolve the real image package
KPKG=$(apt-cache depends linux-image-amd64 2>/dev/null |
       awk '/Depends: linux-image-[0-9]/{print $2; exit}')
[ -n "$KPKG" ] || die "cannot resolve linux-image-amd64 (run apt-get update)"

echo "$PROG: downloading $KPKG and the xen tools"
(cd "$DEBS" && apt-get download $PKGS $KPKG) >"$TMP/download.log" 2>&1 ||
    { tail -5 "$TMP/download.log" >&2; die "apt-get download failed"; }
T1=$EPOCHREALTIME
for d in "$DEBS"/*.deb; do dpkg-deb -x "$d" "$X"; done
(cd "$DEBS" && ls *.deb) >"$N/packages.txt"
KVER=$(ls "$X/lib/modules" | head -1)
[ -n "$KVER" ] && [ -f "$X/boot/vmlinuz-$KVER" ] || die "no kernel in $KPKG"
BB=$X/bin/busybox
[ -x "$BB" ] || die "busybox-static did not provide /bin/busybox"
T2=$EPOCHREALTIME

# ---- dom0 root file system ----------------------------------------------
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,usr/lib,etc,proc,sys,dev,tmp,run,root,guest} \
         "$R"/var/{lib/xen,log/xen/console,lock}
ln -s ../run "$R/var/run"
cp "$BB" "$R/bin/busybox"
for a in $("$BB" --list); do [ -e "$R/bin/$a" ] || ln -s busybox "$R/bin/$a"; done

XB=usr/lib/xen-4.17/bin
mkdir -p "$R/$XB"
for b in xl xenstored xenconsoled xen-init-dom0 libxl-save-helper; do
    cp -a "$X/$XB/$b" "$R/$XB/"
    ln -sf "/$XB/$b" "$R/usr/sbin/$b"
done
cp -a "$X"/usr/bin/xenstore* "$R/usr/bin/"     # hard-linked multi-call client
rm -f "$R/usr/bin/xenstore-control"
cp -a "$X/etc/xen" "$R/etc/"                    # xl.conf, hotplug scripts

# shared libraries: recursive DT_NEEDED walk against the extracted packages only
LIBDIRS="$X/lib/x86_64-linux-gnu $X/usr/lib/x86_64-linux-gnu $X/usr/lib/xen-4.17/lib/x86_64-linux-gnu"
declare -A SEEN
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
copy_lib() {   # copy_lib SONAME
    local n=$1 dir f
    [ -n "${SEEN[$n]:-}" ] && return 0
    SEEN[$n]=1
    for dir in $LIBDIRS; do
        f=$dir/$n
        [ -e "$f" ] || continue
        mkdir -p "$R/${dir#$X/}"
        cp -L "$f" "$R/${dir#$X/}/$n"
        for m in $(needed "$f"); do copy_lib "$m"; done
        return 0
    done
    die "library $n not found in the extracted packages"
}
for f in "$R/$XB"/* "$R/usr/bin/xenstore"; do
    file -L "$f" | grep -q ELF || continue
    for m in $(needed "$f"); do copy_lib "$m"; done
done
copy_lib libgcc_s.so.1      # glibc dlopens it (pthread_cancel, backtraces)
mkdir -p "$R/lib64"
cp -L "$X/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$R/lib64/"

# the Xen modules xl needs (XEN_PV_DOM0, HVC_XEN, XENBUS, ... are built in)
MD=lib/modules/$KVER/kernel/drivers/xen
mkdir -p "$R/$MD/xenfs"
for m in xen-privcmd xenfs/xenfs xen-evtchn xen-gntdev xen-gntalloc; do
    cp "$X/$MD/$m.ko" "$R/$MD/$m.ko"
done
echo "$KVER" >"$R/etc/kver"
cp "$HERE/init.dom0" "$R/init"
chmod 755 "$R/init"
mkdir -p "$R/xl"
cp "$HERE/lib.dom0" "$R/xl/lib.dom0"
T3=$EPOCHREALTIME

(cd "$R" && find . | "$BB" cpio -o -H newc 2>/dev/null | gzip -6n) >"$N/dom0-initrd.img"
cp "$X/boot/vmlinuz-$KVER" "$N/vmlinuz"
cp "$BB" "$N/busybox"
T4=$EPOCHREALTIME
{
    echo "kernel package: $KPKG ($KVER)"
    awk -v a="$T0" -v b="$T1" -v c="$T2" -v d="$T3" -v e="$T4" 'BEGIN{
        printf "download %.1f s, extract %.1f s, assemble %.1f s, cpio+gzip %.1f s, total %.1f s\n",
               b-a, c-b, d-c, e-d, e-a}'
    echo "rootfs $(du -sb "$R" | cut -f1) bytes, dom0-initrd.img $(stat -c %s "$N/dom0-initrd.img") bytes, vmlinuz $(stat -c %s "$N/vmlinuz") bytes"
} >"$N/build-stats.txt"
echo "$STAMP" >"$N/stamp"

# atomic replace: the new tree appears under its final name in one rename
rm -rf "$OUT.old"
[ -e "$OUT" ] && mv "$OUT" "$OUT.old"
mv "$N" "$OUT"
rm -rf "$OUT.old"
sed "s/^/$PROG: /" "$OUT/build-stats.txt"
echo "$PROG: built $OUT"
