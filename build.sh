#!/bin/bash
# build.sh: build, boot and test Petrel, in the manner of NetBSD's build.sh.
#
# usage: ./build.sh [-m amd64|i386] [-O objdir] [-j N] [-V] operation ...
#
# operations:
#   tools            check the host; install what is missing (as root) and
#                    build the test hypervisor (Xen with 32-bit PV) once
#   kernel=CONF      build the kernel CONF for the machine (-m)
#   kernels          build every kernel configuration of the machine and
#                    its ramdisk (userland for Petrel, as "userland")
#   userland         build the C library and programs for the machine (-m)
#                    twice (tools/userland.sh): on Petrel's system calls,
#                    into OBJDIR/MACHINE/userland/ with the ramdisk
#                    OBJDIR/MACHINE/ramdisk.cpio, and on Linux's, into
#                    OBJDIR/MACHINE/userland-linux/ (tests/user runs those)
#   run [options]    build a kernel and boot it under Xen in QEMU: the
#                    production one (XEN3_DOMU, XEN3PAE_DOMU), or the test
#                    one (XEN3_DOMU_TEST, XEN3PAE_DOMU_TEST: options KTEST,
#                    KBENCH) when --args has tests=, inject=, bench=,
#                    stress_rounds= or ktest_vcpus=; returns when the kernel
#                    powers off (exit 0); a crash is 1, a timeout 2, a
#                    reboot 3 (tools/boot.sh); the machine's ramdisk is
#                    built too (see userland).  Options:
#                      --conf CONF boot the configuration CONF instead
#                      --vcpus N   vCPUs (default 4)
#                      --mem MiB   memory of the domain (default 64)
#                      --args "kernel arguments" (e.g. "-v tests=all")
#                      --timeout S give up after S seconds (default 300)
#                      --shell     a shell on the console after /etc/rc
#                                  (init -s), interactive; not with --xl
#                      --no-ramdisk boot without the ramdisk (no userland)
#                      --xl        boot it as a domU under xl instead, with a
#                                  Debian Linux dom0 (built once from Debian
#                                  packages); --maxvcpus M sets maxvcpus=
#   test             build both machines' kernels and run the test suite
#                    (it boots the test kernels)
#   bench [--xl|--user] boot the test kernel with 4, 8, 33 and 64 vCPUs (or
#                    $BENCH_VCPUS) and print its measurements, each as a
#                    multiple of a null hypercall: AP serial preparation
#                    per AP, parallel start (first VCPUOP_up to last AP
#                    running), hypercalls per AP; IPI ping-pong round trip
#                    beside an IPI to oneself; TLB flush; xc_broadcast;
#                    --xl: boot Debian's Linux and the kernel as PV domUs
#                    under xl with 4 and 8 vCPUs, print both bring-up times
#                    (Linux "Bringing up" to "Brought up"; Petrel first AP
#                    prepared to last AP running) and their ratio, and the
#                    smallest memory= each boots with all vCPUs running;
#                    --user: tests/user/h_ubench (getpid, sched_yield
#                    switch, cross-CPU pipe round trip, fork, execve,
#                    page faults) on Linux and Petrel as PV domUs under
#                    xl (4 vCPUs, 128 MiB each; 2 rounds) in one QEMU
#                    run, then on Petrel as dom0; a table of ns per
#                    operation, the ratio Linux/Petrel and dom0's in
#                    null hypercalls
#   soak [--minutes N]
#                    on both machines in turn, as a domU under xl: boot the
#                    test kernel's stress cases (10^6 cross-calls, 1000 offline/online
#                    cycles of every AP, cross-calls during hotplug) again
#                    and again for N minutes (default 10) while dom0
#                    re-pins the vCPUs with xl vcpu-pin; then fuzzes the
#                    kernel's ELF and cpio parsers for N more minutes
#                    (tools/fuzz.sh); ends with a summary per machine.
#                    Not part of the tests
#   clean            remove the object directory
#
# options:
#   -m MACHINE   amd64 (default) or i386 (PAE)
#   -O OBJDIR    object directory (default: obj/ in the source tree)
#   -j N         parallel make jobs (default: number of CPUs)
#   -V           show full compiler command lines
set -eu

TOP=$(cd "$(dirname "$0")" && pwd)
MACHINE=amd64
OBJ=$TOP/obj
JOBS=$(nproc 2>/dev/null || echo 2)
VERBOSE=0

msg() { printf '===> %s\n' "$*"; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-1}"; }

default_conf() {
	case $1 in
	amd64) echo XEN3_DOMU;;
	i386) echo XEN3PAE_DOMU;;
	esac
}

# test_conf MACHINE: the production configuration plus the in-kernel
# tests and the benchmarks (options KTEST, KBENCH).
test_conf() {
	echo "$(default_conf "$1")_TEST"
}

# run_conf MACHINE "KERNEL ARGS": what run boots: the production kernel,
# or the test kernel when the arguments ask for what only it has.
run_conf() {
	case " $2" in
	*[[:space:]]tests=*|*[[:space:]]inject=*|*[[:space:]]bench=*|\
	*[[:space:]]stress_rounds=*|*[[:space:]]ktest_vcpus=*)
		test_conf "$1";;
	*)	default_conf "$1";;
	esac
}

all_confs() {
	local m=$1 f
	for f in "$TOP"/sys/arch/"$m"/conf/XEN3*; do
		basename "$f"
	done
}

cross_cc() {
	case $1 in
	amd64) echo x86_64-linux-gnu-gcc;;
	i386) echo i686-linux-gnu-gcc;;
	esac
}

# ---- tools ----------------------------------------------------------------

# "command package" pairs the build and the tests need.
NEEDED="make:make gcc:gcc objcopy:binutils
x86_64-linux-gnu-gcc:gcc-x86-64-linux-gnu
i686-linux-gnu-gcc:gcc-i686-linux-gnu
qemu-system-x86_64:qemu-system-x86
kyua:kyua atf-sh:atf-sh flock:util-linux cpio:cpio"

missing_packages() {
	local pair cmd pkg miss=
	for pair in $NEEDED; do
		cmd=${pair%%:*} pkg=${pair#*:}
		command -v "$cmd" >/dev/null 2>&1 || miss="$miss $pkg"
	done
	[ -f /usr/include/xen/xen.h ] || miss="$miss libxen-dev"
	# On an amd64 host x86_64-linux-gnu-gcc is the native gcc.
	if [ "$(uname -m)" = x86_64 ]; then
		miss=$(echo "$miss" | sed 's/ gcc-x86-64-linux-gnu//')
		command -v x86_64-linux-gnu-gcc >/dev/null 2>&1 ||
		    miss="$miss gcc"
	fi
	echo $miss | tr ' ' '\n' | sort -u | tr '\n' ' '
}

do_tools() {
	local miss
	miss=$(missing_packages)
	if [ -n "${miss// /}" ]; then
		if [ "$(id -u)" != 0 ]; then
			die "missing packages:$miss
  install them with: sudo apt-get install -y $miss"
		fi
		msg "installing:$miss"
		apt-get update -qq >/dev/null ||
		    die "apt-get update failed"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    $miss >"$OBJ/apt-install.log" 2>&1 ||
		    { tail -n 20 "$OBJ/apt-install.log" >&2;
		      die "apt-get install$miss failed (log: $OBJ/apt-install.log)"; }
		miss=$(missing_packages)
		[ -z "${miss// /}" ] || die "still missing after install:$miss"
	fi
	msg "tools: host ready"
	bash "$TOP/tools/xen.sh" "$OBJ"
}

# ---- kernels --------------------------------------------------------------

# Include directories the kernel sources expect: <machine/...>, <x86/...>,
# <xen/...> in the tree and Xen's public headers as <xen/public/...>.
make_includes() {
	local o=$1 m=$2
	mkdir -p "$o/include" "$o/xenpub/xen"
	ln -sfn "$TOP/sys/arch/$m/include" "$o/include/machine"
	ln -sfn "$TOP/sys/arch/x86/include" "$o/include/x86"
	ln -sfn "$TOP/sys/arch/xen/include" "$o/include/xen"
	ln -sfn /usr/include/xen "$o/xenpub/xen/public"
}

do_kernel() {
	local m=$1 conf=$2 cf o cc
	cf=$TOP/sys/arch/$m/conf/$conf
	[ -f "$cf" ] || die "no kernel configuration $conf for $m (looked for sys/arch/$m/conf/$conf; have: $(all_confs "$m" | tr '\n' ' '))"
	[ -f /usr/include/xen/xen.h ] ||
	    die "Xen public headers missing (/usr/include/xen): run ./build.sh tools"
	cc=$(cross_cc "$m")
	command -v "$cc" >/dev/null 2>&1 ||
	    die "$cc not found: run ./build.sh tools"
	o=$OBJ/$m/$conf
	msg "kernel $m/$conf"
	bash "$TOP/tools/config.sh" "$TOP/sys" "$cf" "$o"
	make_includes "$o" "$m"
	make -s -j"$JOBS" -f "$TOP/sys/conf/Makefile.kern" S="$TOP/sys" \
	    O="$o" CONF="$cf" CC="$cc" V="$VERBOSE" ||
	    die "kernel $m/$conf failed to build"
	msg "kernel $m/$conf: $o/petrel"
}

do_kernels() {
	local c
	for c in $(all_confs "$1"); do
		do_kernel "$1" "$c"
	done
	do_userland "$1" netbsd
}

# The user programs and, for the netbsd ABI, the ramdisk image.
do_userland() {
	local m=$1 abi
	shift
	for abi in "$@"; do
		sh "$TOP/tools/userland.sh" "$m" "$abi" "$OBJ" ||
		    die "userland $m/$abi failed to build"
	done
}

# ---- run and test ---------------------------------------------------------

do_run() {
	local vcpus=4 mem=64 args="" timeout=300 conf="" xl=0 maxv=""
	local shell=0 ramdisk=1 rd
	while [ $# -gt 0 ]; do
		case $1 in
		--xl) xl=1; shift;;
		--conf) [ $# -ge 2 ] || die "--conf needs a configuration"
			conf=$2; shift 2;;
		--maxvcpus) [ $# -ge 2 ] || die "--maxvcpus needs a number"
			maxv=$2; shift 2;;
		--vcpus) [ $# -ge 2 ] || die "--vcpus needs a number"
			vcpus=$2; shift 2;;
		--mem) [ $# -ge 2 ] || die "--mem needs MiB"; mem=$2; shift 2;;
		--args) [ $# -ge 2 ] || die "--args needs a string"
			args=$2; shift 2;;
		--timeout) [ $# -ge 2 ] || die "--timeout needs seconds"
			timeout=$2; shift 2;;
		--shell) shell=1; shift;;
		--no-ramdisk) ramdisk=0; shift;;
		*) die "run: unknown option $1 (see ./build.sh -h)";;
		esac
	done
	case $vcpus in ''|*[!0-9]*|0) die "--vcpus wants a positive number, not '$vcpus'";; esac
	case $mem in ''|*[!0-9]*|0) die "--mem wants MiB as a positive number, not '$mem'";; esac
	[ -n "$conf" ] || conf=$(run_conf "$MACHINE" "$args")
	do_tools
	do_kernel "$MACHINE" "$conf"
	do_userland "$MACHINE" netbsd
	rd=$OBJ/$MACHINE/ramdisk.cpio
	[ "$ramdisk" = 1 ] || rd=""
	# -s: init gives a shell after /etc/rc (see init(8)).
	if [ "$shell" = 1 ]; then
		[ "$xl" = 0 ] || die "--shell goes without --xl (xl console -c by hand)"
		args="${args:+$args }-s"
		[ "$timeout" != 300 ] || timeout=86400
	fi
	if [ "$xl" = 1 ]; then
		msg "booting $MACHINE/$conf as a domU under xl ($vcpus vCPUs${maxv:+, maxvcpus $maxv}, $mem MiB)"
		bash "$TOP/tools/xl/build.sh" "$OBJ" ||
		    die "the xl harness (Linux dom0 image) failed to build"
		bash "$TOP/tools/xl/run.sh" --objdir "$OBJ" \
		    --kernel "$OBJ/$MACHINE/$conf/petrel" --vcpus "$vcpus" \
		    ${maxv:+--maxvcpus "$maxv"} --mem "$mem" --args "$args" \
		    --timeout "$timeout" ${rd:+--ramdisk "$rd"} \
		    --log "$OBJ/$MACHINE/$conf/xl-console.log"
		return
	fi
	[ -z "$maxv" ] || die "--maxvcpus goes with --xl"
	msg "booting $MACHINE/$conf under Xen in QEMU ($vcpus vCPUs, $mem MiB)"
	local rc=0
	bash "$TOP/tools/boot.sh" --xen "$OBJ/xen/xen" \
	    --kernel "$OBJ/$MACHINE/$conf/petrel" --vcpus "$vcpus" \
	    --mem "$mem" --args "$args" --timeout "$timeout" \
	    ${rd:+--ramdisk "$rd"} $([ "$shell" = 0 ] || echo --interactive) \
	    --log "$OBJ/$MACHINE/$conf/console.log" || rc=$?
	# boot.sh's status, named: a reboot is not the poweroff run waits for.
	case $rc in
	0) ;;
	2) msg "run: timeout after ${timeout}s (boot.sh exit 2)";;
	3) msg "run: the kernel rebooted instead of powering off (boot.sh exit 3)";;
	*) msg "run: the boot failed: crash, panic or QEMU died (boot.sh exit $rc)";;
	esac
	return $rc
}

do_test() {
	local m
	do_tools
	for m in amd64 i386; do
		do_kernels "$m"
	done
	# once, before the xl cases (which would otherwise race to build it)
	bash "$TOP/tools/xl/build.sh" "$OBJ" ||
	    die "the xl harness (Linux dom0 image) failed to build"
	msg "running the test suite"
	PETREL_OBJDIR=$OBJ bash "$TOP/tools/test.sh" "$OBJ"
}

do_bench() {
	local conf n log xl=0 user=0 prod
	while [ $# -gt 0 ]; do
		case $1 in
		--xl) xl=1; shift;;
		--user) user=1; shift;;
		*) die "bench: unknown option $1 (see ./build.sh -h)";;
		esac
	done
	conf=$(test_conf "$MACHINE")
	do_tools
	do_kernel "$MACHINE" "$conf"
	if [ "$user" = 1 ]; then
		# the domUs boot the production kernel, dom0 the test one
		# (bench=bringup prints the null hypercall, the unit)
		prod=$(default_conf "$MACHINE")
		do_kernel "$MACHINE" "$prod"
		do_userland "$MACHINE" netbsd linux
		msg "bench: h_ubench on Linux and $MACHINE/$prod as domUs, $MACHINE/$conf as dom0"
		bash "$TOP/tools/xl/ubench.sh" --objdir "$OBJ" \
		    --kernel "$OBJ/$MACHINE/$prod/petrel" \
		    --ramdisk "$OBJ/$MACHINE/ramdisk.cpio" \
		    --prog "$OBJ/$MACHINE/userland-linux/usr/tests/user/h_ubench" \
		    --dom0-kernel "$OBJ/$MACHINE/$conf/petrel" \
		    --log "$OBJ/$MACHINE/$prod/ubench.log"
		return
	fi
	do_userland "$MACHINE" netbsd
	if [ "$xl" = 1 ]; then
		msg "bench: Linux and $MACHINE/$conf as domUs under xl"
		bash "$TOP/tools/xl/bench.sh" --objdir "$OBJ" \
		    --kernel "$OBJ/$MACHINE/$conf/petrel" \
		    --log "$OBJ/$MACHINE/$conf/xl-bench.log"
		return
	fi
	for n in ${BENCH_VCPUS:-4 8 33 64}; do
		log=$OBJ/$MACHINE/$conf/bench-$n.log
		msg "bench: $MACHINE/$conf with $n vCPUs"
		if ! bash "$TOP/tools/boot.sh" --xen "$OBJ/xen/xen" \
		    --kernel "$OBJ/$MACHINE/$conf/petrel" --vcpus "$n" \
		    --mem 256 --args "bench=all" --timeout 600 --quiet \
		    --log "$log"; then
			die "bench boot with $n vCPUs failed (console: $log)"
		fi
		grep '^bench:' "$log" | sed 's/^bench: /  /'
	done
}

do_soak() {
	local minutes=10 m conf scn rc=0
	while [ $# -gt 0 ]; do
		case $1 in
		--minutes) [ $# -ge 2 ] || die "soak: --minutes needs a value"
			minutes=$2; shift 2;;
		*) die "soak: unknown option $1 (see ./build.sh -h)";;
		esac
	done
	case $minutes in ''|*[!0-9]*|0) die "soak: --minutes must be a positive number";; esac
	do_tools
	bash "$TOP/tools/xl/build.sh" "$OBJ" ||
	    die "the xl harness (Linux dom0 image) failed to build"
	for m in amd64 i386; do
		conf=$(test_conf "$m")
		do_kernel "$m" "$conf"
		scn=$OBJ/$m/$conf/soak.scn
		{ echo "SOAK_SECS=$((minutes * 60))"; cat "$TOP/tools/xl/soak.scn"; } >"$scn"
		msg "soak: $m/$conf for $minutes minutes as a domU under xl"
		if bash "$TOP/tools/xl/run.sh" --objdir "$OBJ" \
		    --kernel "$OBJ/$m/$conf/petrel" --vcpus 4 --mem 64 \
		    --scenario "$scn" --timeout $((minutes * 60 + 1800)) \
		    --log "$OBJ/$m/$conf/soak.log" >/dev/null \
		    2>"$OBJ/$m/$conf/soak.err"; then
			msg "soak: $m passed"
		else
			msg "soak: $m FAILED (log: $OBJ/$m/$conf/soak.log)"
			grep 'XLD-CHECK .* failed' "$OBJ/$m/$conf/soak.err" || true
			rc=1
		fi
		grep -a 'XLD-NOTE soak: [0-9]* boots' "$OBJ/$m/$conf/soak.log" |
		    sed "s/.*XLD-NOTE soak:/  $m:/" | tr -d '\r'
	done
	# The kernel's parsers of untrusted input, longer than the suite
	# does: a third of the time for each of the three harnesses.
	msg "soak: fuzzing the ELF and cpio parsers for $minutes minutes"
	if bash "$TOP/tools/fuzz.sh" -O "$OBJ" --seconds $((minutes * 60 / 3)); then
		msg "soak: fuzz passed"
	else
		msg "soak: fuzz FAILED (inputs: $OBJ/fuzz/crash/)"
		rc=1
	fi
	return $rc
}

# ---- main -----------------------------------------------------------------

while getopts "m:O:j:Vh" opt; do
	case $opt in
	m) MACHINE=$OPTARG;;
	O) OBJ=$OPTARG;;
	j) JOBS=$OPTARG;;
	V) VERBOSE=1;;
	h) usage 0;;
	*) usage 1;;
	esac
done
shift $((OPTIND - 1))
case $MACHINE in
amd64|i386) ;;
*) die "unknown machine '$MACHINE' (amd64 or i386)";;
esac
case $OBJ in /*) ;; *) OBJ=$PWD/$OBJ;; esac
[ $# -gt 0 ] || usage 1
mkdir -p "$OBJ"

while [ $# -gt 0 ]; do
	op=$1; shift
	case $op in
	tools) do_tools;;
	kernel=*) do_kernel "$MACHINE" "${op#kernel=}";;
	kernels) do_kernels "$MACHINE";;
	userland) do_userland "$MACHINE" netbsd linux;;
	run) do_run "$@"; exit $?;;
	test) do_test; exit $?;;
	bench) do_bench "$@"; exit $?;;
	soak) do_soak "$@"; exit $?;;
	clean) msg "removing $OBJ"; rm -rf "$OBJ";;
	*) die "unknown operation '$op' (see ./build.sh -h)";;
	esac
done
