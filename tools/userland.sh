#!/bin/sh
# tools/userland.sh: build Petrel's C library and programs, and the ramdisk.
#
# usage: tools/userland.sh MACHINE ABI OBJDIR
#	MACHINE	amd64 or i386
#	ABI	netbsd: Petrel's system calls (NetBSD's numbers and calling
#		convention); writes OBJDIR/MACHINE/userland/ and the ramdisk
#		OBJDIR/MACHINE/ramdisk.cpio (cpio "newc").
#		linux: the same programs on Linux's system calls, to run them
#		on a Linux host or as a Linux init:
#		OBJDIR/MACHINE/userland-linux/.
#
# The compilers are the kernel's (x86_64-linux-gnu-gcc, i686-linux-gnu-gcc),
# freestanding: no host headers or libraries, static binaries.  The libc
# stubs are generated from sys/kern/syscalls.master into the object
# directory each time, so they cannot go stale.  A program is a directory
# under bin/ or sbin/ with its .c files; PROGS below lists them.

set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
PROGS="bin/sh bin/echo bin/cat bin/ls bin/ps sbin/init sbin/cpuctl sbin/sysctl"

die() { printf 'userland.sh: error: %s\n' "$*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: tools/userland.sh MACHINE ABI OBJDIR"
MACHINE=$1 ABI=$2 OBJDIR=$3
case $MACHINE in
amd64) CC=x86_64-linux-gnu-gcc MFLAGS="-m64";;
i386) CC=i686-linux-gnu-gcc MFLAGS="-m32 -march=i686";;
*) die "unknown machine '$MACHINE' (amd64 or i386)";;
esac
case $ABI in
netbsd) OUT=$OBJDIR/$MACHINE/userland;;
linux) OUT=$OBJDIR/$MACHINE/userland-linux;;
*) die "unknown ABI '$ABI' (netbsd or linux)";;
esac
command -v "$CC" >/dev/null 2>&1 || die "$CC not found: run ./build.sh tools"

LIBC=$TOP/lib/libc
ARCH=$LIBC/arch/$MACHINE
CFLAGS="$MFLAGS -std=gnu11 -O2 -ffreestanding -fno-builtin -nostdinc
    -isystem $($CC -print-file-name=include) -I$LIBC/include
    -idirafter $TOP/sys
    -fno-stack-protector -fno-pic -fno-pie -ffunction-sections
    -fdata-sections -fno-tree-loop-distribute-patterns
    -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare
    -Wstrict-prototypes -Wmissing-prototypes -Werror"
ASFLAGS="$MFLAGS -fno-pic -I$ARCH"
LDFLAGS="$MFLAGS -static -nostdlib -no-pie -Wl,--gc-sections
    -Wl,-z,noexecstack -Wl,-z,max-page-size=4096 -Wl,--build-id=none"
LIBGCC=$($CC $MFLAGS -print-libgcc-file-name)

rm -rf "$OUT"
mkdir -p "$OUT/obj/libc" "$OUT/bin" "$OUT/sbin"

# cc SRC OBJ [extra flags]
cc() {
	src=$1 obj=$2
	shift 2
	case $src in
	*.S) nice -n 19 $CC $ASFLAGS "$@" -c -o "$obj" "$src";;
	*) nice -n 19 $CC $CFLAGS "$@" -c -o "$obj" "$src";;
	esac || die "compiling $src failed"
}

# ---- libc ---------------------------------------------------------------
objs=
n=0
# cc's argument order is SRC OBJ FLAGS; add() gets SRC [FLAGS].
add() {
	n=$((n + 1))
	src=$1
	shift
	o=$OUT/obj/libc/$n-$(basename "$src" | sed 's/\.[cS]$/.o/')
	cc "$src" "$o" "$@"
	objs="$objs $o"
}

# common/: what the kernel's libkern shares (NetBSD's src/common).
for f in "$TOP"/common/lib/libc/string/*.c "$LIBC"/gen/*.c \
    "$LIBC"/string/*.c "$LIBC"/stdio/*.c "$LIBC"/stdlib/*.c \
    "$LIBC"/sys/*.c; do
	add "$f"
done
if [ "$ABI" = netbsd ]; then
	# Calls with a second result register are written by hand; exit
	# and mmap are wrapped in C (_exit, the pad word of mmap).
	sh "$TOP/sys/kern/makesyscalls.sh" -l "$OUT/obj/syscalls.S" \
	    -w "exit mmap" -x "fork pipe" "$TOP/sys/kern/syscalls.master" ||
	    die "makesyscalls.sh failed"
	add "$OUT/obj/syscalls.S"
	for f in "$ARCH"/sys/*.S; do
		add "$f"
	done
else
	add "$LIBC/linux/linux_sys.c" -I"$ARCH/linux"
	add "$ARCH/linux/syscall.S"
fi
cc "$ARCH/crt0.S" "$OUT/obj/crt0.o"
rm -f "$OUT/libc.a"
${CC%gcc}ar rcs "$OUT/libc.a" $objs || die "ar failed"

# ---- programs -----------------------------------------------------------
for p in $PROGS; do
	name=$(basename "$p")
	pobjs=
	for f in "$TOP/$p"/*.c; do
		o=$OUT/obj/$name-$(basename "$f" .c).o
		cc "$f" "$o"
		pobjs="$pobjs $o"
	done
	nice -n 19 $CC $LDFLAGS -o "$OUT/$p" "$OUT/obj/crt0.o" $pobjs \
	    "$OUT/libc.a" "$LIBGCC" || die "linking $p failed"
done
# Test programs (tests/user/h_*.c), installed as NetBSD has them.
mkdir -p "$OUT/usr/tests/user"
for f in "$TOP"/tests/user/h_*.c; do
	name=$(basename "$f" .c)
	cc "$f" "$OUT/obj/$name.o"
	nice -n 19 $CC $LDFLAGS -o "$OUT/usr/tests/user/$name" \
	    "$OUT/obj/crt0.o" "$OUT/obj/$name.o" "$OUT/libc.a" "$LIBGCC" ||
	    die "linking $name failed"
done
mkdir -p "$OUT/etc"
cp "$TOP/etc/rc" "$OUT/etc/rc"
echo "===> userland $MACHINE/$ABI: $OUT"

[ "$ABI" = netbsd ] || exit 0

# ---- ramdisk ------------------------------------------------------------
# cpio "newc", written here so the image is the same on every host: the
# header is ASCII (magic 070701 and thirteen 8-digit hex fields), the
# name and the data are each padded to 4 bytes; mtimes are 0, inode
# numbers count up, paths have no leading "./" or "/".
IMG=$OBJDIR/$MACHINE/ramdisk.cpio
ino=0
pad4() {
	r=$(( (4 - $1 % 4) % 4 ))
	[ $r -eq 0 ] || head -c "$r" /dev/zero
}
entry() {
	path=$1 mode=$2 file=${3:-}
	ino=$((ino + 1))
	size=0
	[ -z "$file" ] || size=$(wc -c <"$file")
	namesize=$(( ${#path} + 1 ))
	printf '070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x' \
	    "$ino" "$mode" 0 0 1 0 "$size" 0 0 0 0 "$namesize" 0
	printf '%s\0' "$path"
	pad4 $((110 + namesize))
	if [ -n "$file" ]; then
		cat "$file"
		pad4 "$size"
	fi
}
{
	for d in bin sbin etc usr usr/tests usr/tests/user; do
		entry "$d" $((0040755))
	done
	for p in $PROGS; do
		entry "$p" $((0100755)) "$OUT/$p"
	done
	entry etc/rc $((0100644)) "$OUT/etc/rc"
	for f in "$OUT"/usr/tests/user/*; do
		entry "usr/tests/user/${f##*/}" $((0100755)) "$f"
	done
	ino=0
	entry TRAILER!!! 0
} >"$IMG.tmp" || die "writing $IMG failed"
mv "$IMG.tmp" "$IMG"
echo "===> ramdisk $MACHINE: $IMG ($(wc -c <"$IMG") bytes)"
