#!/bin/bash
# fuzz.sh: fuzz the kernel's parsers of untrusted input on the host.
#
# usage: tools/fuzz.sh [-O objdir] [--seconds N] [--build-only] [--coverage]
#                      [harness ...]
#
# Harnesses (tests/fuzz/fuzz_*.c, libFuzzer): elf64 and elf32
# (kern/exec_elf.c built with ELFSIZE 64 and 32: the amd64 and i386
# kernels' loaders), cpio (kern/subr_cpio.c, the ramdisk).  The kernel's
# own .c files are compiled with its headers and tests/fuzz/shim (the
# host's machine/ types), with -fsanitize=fuzzer,address,undefined.
# Each harness runs for N seconds (default 60) from a seed corpus made
# here: static binaries from the cross compilers, an archive from the
# small newc writer below.  A crash, a sanitizer report or a broken
# invariant fails the run; the input is kept in <objdir>/fuzz/crash/.
# The corpus grows in <objdir>/fuzz/corpus/<harness> from run to run.
# --coverage: afterwards, the kernel file's line and branch coverage
# over that corpus (llvm-cov, a build without sanitizers).
# Exit status: 0 when every harness ran clean, 1 otherwise.
# Installs clang and libclang-rt-14-dev when missing (as root).
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
OBJ=${PETREL_OBJDIR:-$TOP/obj}
SECONDS_EACH=60
BUILD_ONLY=0
COVERAGE=0
ALL="elf64 elf32 cpio"

die() { printf 'fuzz: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-1}"; }

HARNESSES=
while [ $# -gt 0 ]; do
	case $1 in
	-O)	[ $# -ge 2 ] || die "-O needs a directory"; OBJ=$2; shift 2;;
	--seconds)
		[ $# -ge 2 ] || die "--seconds needs a number"
		case $2 in ''|*[!0-9]*) die "--seconds: not a number: $2";; esac
		SECONDS_EACH=$2; shift 2;;
	--build-only) BUILD_ONLY=1; shift;;
	--coverage) COVERAGE=1; shift;;
	-h|--help) usage 0;;
	-*)	die "unknown option $1";;
	*)	case " $ALL " in *" $1 "*) ;; *) die "no harness $1 (have: $ALL)";; esac
		HARNESSES="$HARNESSES $1"; shift;;
	esac
done
HARNESSES=${HARNESSES:-$ALL}
case $OBJ in /*) ;; *) OBJ=$TOP/$OBJ;; esac
FZ=$OBJ/fuzz
mkdir -p "$FZ"

# --- host packages: Debian's clang and its libFuzzer/sanitizer runtimes
NEED="clang libclang-rt-14-dev gcc-x86-64-linux-gnu gcc-i686-linux-gnu"
missing=
for p in $NEED; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q ' installed$' || missing="$missing $p"
done
# On an amd64 host the native gcc is x86_64-linux-gnu-gcc.
if command -v x86_64-linux-gnu-gcc >/dev/null 2>&1; then
	missing=${missing// gcc-x86-64-linux-gnu/}
fi
if [ -n "$missing" ]; then
	[ "$(id -u)" = 0 ] || die "missing packages:$missing (as root: apt-get install$missing)"
	echo "fuzz: installing$missing"
	# shellcheck disable=SC2086  # one word per package
	env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
	    install -y --no-install-recommends $missing >"$FZ/apt.log" 2>&1 ||
	    die "apt-get install failed (log: $FZ/apt.log)"
fi

# --- the harnesses: the kernel's files, never copies
CFLAGS="-std=gnu11 -g -O1 -ffreestanding -fno-builtin -Wall -Wextra
    -Wno-unused-parameter -Wno-sign-compare -Wmissing-prototypes
    -Wstrict-prototypes -Werror -nostdinc -I$TOP/tests/fuzz/shim -I$TOP/sys
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"

COVFLAGS="-fprofile-instr-generate -fcoverage-mapping"

# build NAME FLAGS... FILES...: fuzz_NAME, and fuzz_NAME.cov for
# --coverage (the same without sanitizers, with coverage mapping).
build() {
	local name=$1 out=$FZ/fuzz_$1 flags; shift
	flags=$CFLAGS
	if [ "$COVERAGE" = 1 ]; then
		# shellcheck disable=SC2086  # one word per flag
		clang ${CFLAGS//,address,undefined/} $COVFLAGS "$@" \
		    -o "$out.cov" 2>"$FZ/build-$name.log" ||
		    die "building fuzz_$name.cov failed"
	fi
	# shellcheck disable=SC2086  # CFLAGS: one word per flag
	clang $flags "$@" -o "$out.tmp" 2>"$FZ/build-$name.log" || {
		cat "$FZ/build-$name.log" >&2
		die "building fuzz_$name failed"
	}
	mv "$out.tmp" "$out"
}
for h in $HARNESSES; do
	case $h in
	elf64)	build elf64 -DELFSIZE=64 "$TOP/tests/fuzz/fuzz_elf.c" \
		    "$TOP/sys/kern/exec_elf.c";;
	elf32)	build elf32 -DELFSIZE=32 "$TOP/tests/fuzz/fuzz_elf.c" \
		    "$TOP/sys/kern/exec_elf.c";;
	cpio)	build cpio "$TOP/tests/fuzz/fuzz_cpio.c" \
		    "$TOP/sys/kern/subr_cpio.c";;
	esac
done

# --- seeds, made afresh for each harness run (nothing binary is kept
# in the tree; harnesses run side by side each have their own)
SEED=$FZ/seed
STATIC="-static -nostdlib -ffreestanding -fno-pie -no-pie -O1
    -Wl,--build-id=none -Wl,-z,max-page-size=4096"
# seed_src DIR: a program with text, data and bss to build the seeds from.
seed_src() {
	cat >"$1/start.c" <<'CEOF'
static volatile int counter = 1;
static int zeroes[2048];
void _start(void);
void
_start(void)
{
	for (;;)
		zeroes[counter & 2047] += counter++;
}
CEOF
}
# seed_elf CC SRCDIR DIR: static binaries the way a userland links
# them, plus forms the loader must refuse or take apart.
seed_elf() {
	local cc=$1 src=$2/start.c dir=$3
	# shellcheck disable=SC2086  # STATIC: one word per flag
	$cc $STATIC "$src" -o "$dir/static" &&
	$cc $STATIC -Wl,-z,noseparate-code "$src" -o "$dir/static-noseparate" &&
	$cc $STATIC -Wl,-N "$src" -o "$dir/omagic" 2>/dev/null &&
	$cc -nostdlib -fpie -pie -O1 "$src" -o "$dir/pie" 2>/dev/null &&
	$cc $STATIC -Wl,-T,"$2/nine.ld" "$src" -o "$dir/nine-loads" ||
	    die "$cc cannot build the seed binaries"
}
# nine_ld: a linker script with one PT_LOAD more than ELF_MAXSEG.
nine_ld() {
	local i
	echo 'PHDRS {'
	for i in 0 1 2 3 4 5 6 7 8; do echo "	p$i PT_LOAD;"; done
	echo '}'
	echo 'SECTIONS {'
	echo '	. = 0x400000;'
	echo '	.text : { *(.text*) *(.data*) *(.bss*) *(COMMON) } :p0'
	for i in 1 2 3 4 5 6 7 8; do
		echo "	. = ALIGN(0x1000); .s$i : { BYTE($i) } :p$i"
	done
	echo '	/DISCARD/ : { *(*) }'
	echo '}'
}

# newc_entry NAME MODE [FILE]: one newc entry on stdout (FILE's data);
# hex in the case HEXCASE says (x or X): both are valid.
newc_pad() { head -c $(( (4 - $1 % 4) % 4 )) /dev/zero; }
newc_entry() {
	local name=$1 mode=$2 file=${3:-} size=0 namesize f
	[ -z "$file" ] || size=$(stat -c %s "$file")
	namesize=$(( ${#name} + 1 ))
	NEWC_INO=$((NEWC_INO + 1))
	f=%08$HEXCASE
	# shellcheck disable=SC2059  # the format is built from f
	printf "070701$f$f$f$f$f$f$f$f$f$f$f$f$f" "$NEWC_INO" "$mode" 0 0 1 \
	    1700000000 "$size" 0 0 0 0 "$namesize" 0
	printf '%s\0' "$name"
	newc_pad $((110 + namesize))
	if [ -n "$file" ]; then
		cat "$file"
		newc_pad "$size"
	fi
}

make_seeds() {
	local h=$1 dir=$SEED/$1 src=$SEED/$1.src
	rm -rf "$dir" "$src"
	mkdir -p "$dir" "$src"
	seed_src "$src"
	nine_ld >"$src/nine.ld"
	case $h in
	elf64)	seed_elf x86_64-linux-gnu-gcc "$src" "$dir"
		# The other class: the class check is a path to cover.
		seed_elf i686-linux-gnu-gcc "$src" "$src"
		cp "$src/static" "$dir/static-other-class";;
	elf32)	seed_elf i686-linux-gnu-gcc "$src" "$dir"
		seed_elf x86_64-linux-gnu-gcc "$src" "$src"
		cp "$src/static" "$dir/static-other-class";;
	cpio)	seed_elf x86_64-linux-gnu-gcc "$src" "$src"
		NEWC_INO=0 HEXCASE=x
		{
			newc_entry sbin 040755
			newc_entry sbin/init 0100755 "$src/static"
			newc_entry etc 040755
			newc_entry etc/rc 0100644 "$src/start.c"
			newc_entry TRAILER!!! 0
		} >"$dir/ramdisk"
		HEXCASE=X
		{
			newc_entry ./bin/empty 0100644 /dev/null
			newc_entry TRAILER!!! 0
		} >"$dir/dot-slash-upper-hex";;
	esac
}
for h in $HARNESSES; do
	make_seeds "$h"
done

# The real binaries must be accepted (a loader that rejects them all
# would pass the fuzzing).
for c in 64 32; do
	case " $HARNESSES " in *" elf$c "*) ;; *) continue;; esac
	for f in static static-noseparate; do
		FUZZ_ELF_ACCEPT=1 "$FZ/fuzz_elf$c" "$SEED/elf$c/$f" \
		    >"$FZ/accept-elf$c-$f.log" 2>&1 || {
			cat "$FZ/accept-elf$c-$f.log" >&2
			die "elf$c: the seed binary $f is rejected"
		}
	done
done
[ "$BUILD_ONLY" = 0 ] || { echo "fuzz: built in $FZ"; exit 0; }

# --- run each harness for SECONDS_EACH seconds
status=0
for h in $HARNESSES; do
	corpus=$FZ/corpus/$h crash=$FZ/crash/$h log=$FZ/run-$h.log
	mkdir -p "$corpus" "$crash"
	rc=0
	"$FZ/fuzz_$h" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
	    -timeout=10 -rss_limit_mb=1024 -artifact_prefix="$crash/" \
	    "$corpus" "$SEED/$h" >"$log" 2>&1 || rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
	if [ "$rc" = 0 ]; then
		n=$(find "$corpus" -type f | wc -l)
		echo "fuzz: $h: ok: ${runs:-?} runs in ${SECONDS_EACH} s" \
		    "(${rate:-?} exec/s), ${cov:-cov: ?}, corpus $n"
	else
		echo "fuzz: $h: FAILED (libFuzzer status $rc; log: $log):"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_|.*runtime error)|Test unit written' \
		    "$log" | head -8 | sed 's/^/fuzz:   /'
		status=1
	fi
done

# --- line and branch coverage of the kernel's file over the corpus
if [ "$COVERAGE" = 1 ]; then
	for h in $HARNESSES; do
		case $h in
		cpio) src=$TOP/sys/kern/subr_cpio.c;;
		*) src=$TOP/sys/kern/exec_elf.c;;
		esac
		rm -f "$FZ/cov-$h.profraw"
		LLVM_PROFILE_FILE=$FZ/cov-$h.profraw "$FZ/fuzz_$h.cov" -runs=0 \
		    "$FZ/corpus/$h" "$SEED/$h" >"$FZ/cov-$h.log" 2>&1 ||
		    die "coverage run of $h failed (log: $FZ/cov-$h.log)"
		llvm-profdata merge -o "$FZ/cov-$h.profdata" "$FZ/cov-$h.profraw"
		llvm-cov report "$FZ/fuzz_$h.cov" \
		    -instr-profile="$FZ/cov-$h.profdata" "$src" |
		    awk -v h="$h" '$1 ~ /\.c$/ { n = split($1, p, "/");
			printf "fuzz: %s: coverage of %s: regions %s, lines %s, branches %s\n",
			    h, p[n], $4, $10, $13 }'
		llvm-cov show "$FZ/fuzz_$h.cov" \
		    -instr-profile="$FZ/cov-$h.profdata" "$src" >"$FZ/cov-$h.txt"
	done
fi
exit $status
