#!/bin/bash
# tools/xl/bench.sh: Linux and Petrel as PV domUs under xl, in one QEMU run
# (tools/xl/run.sh --scenario tools/xl/bench.scn): the vCPU bring-up time of
# each with the same vCPU count, their ratio, and the smallest memory= each
# boots with all its vCPUs running.  Linux: its dmesg, "smp: Bringing up"
# to "smp: Brought up", which spans each AP's preparation and start, one
# after the other.  Petrel (bench=bringup): the same span, from the first
# AP's preparation (tables, GDT, vcpu_info) to the last AP running; its
# parallel start alone (first VCPUOP_up to last AP running) beside it.
#
# usage: tools/xl/bench.sh --objdir OBJDIR --kernel PETREL [--log FILE]
#   --objdir OBJDIR  as for run.sh; Linux is the dom0's kernel, OBJDIR/xl/vmlinuz
#   --kernel PETREL  the Petrel kernel (XEN3_DOMU or XEN3PAE_DOMU)
#   --log FILE       the serial log (default: OBJDIR/xl-bench.log); run.sh's
#                    stderr goes to FILE.err
# Environment: BENCH_XL_VCPUS  vCPU counts (default "4 8")
#              BENCH_XL_MEM    memory= of the bring-up boots (default 128)
#              BENCH_XL_MEMMAX upper end of the memory= search (default 128)
# Exit status 0 when every measurement was made.  Not part of the tests.
set -eu

PROG=xl-bench
die() { echo "$PROG: error: $*" >&2; exit 1; }
OBJDIR='' KERNEL='' LOG=''
while [ $# -gt 0 ]; do
    case $1 in
        --objdir|--kernel|--log) [ $# -ge 2 ] || die "$1 needs a value"
            case $1 in
                --objdir) OBJDIR=$2;; --kernel) KERNEL=$2;; --log) LOG=$2;;
            esac
            shift 2;;
        *) die "unknown argument '$1' (usage: $0 --objdir OBJDIR --kernel PETREL [--log FILE])";;
    esac
done
[ -n "$OBJDIR" ] && [ -n "$KERNEL" ] || die "--objdir and --kernel are required"
HERE=$(cd "$(dirname "$0")" && pwd)
OBJDIR=$(cd "$OBJDIR" && pwd) || die "no such directory: $OBJDIR"
LOG=${LOG:-$OBJDIR/xl-bench.log}
VCPUS=${BENCH_XL_VCPUS:-4 8} MEM=${BENCH_XL_MEM:-128} MEMMAX=${BENCH_XL_MEMMAX:-128}
for v in $VCPUS $MEM $MEMMAX; do
    case $v in ''|*[!0-9]*|0) die "BENCH_XL_*: '$v' is not a positive number";; esac
done

bash "$HERE/build.sh" "$OBJDIR" >&2 || die "tools/xl/build.sh failed"
. "$HERE/linux_elf.sh"
LINUX=$(linux_elf "$OBJDIR")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/petrel-xlbench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "BENCH_VCPUS='$VCPUS' BENCH_MEM=$MEM BENCH_MEM_VCPUS=4 BENCH_MEM_MAX=$MEMMAX" >"$WORK/bench.conf"

# a generous bound: each Linux boot is ~10 s, a failing one up to 60 s
nboot=$(( $(echo $VCPUS | wc -w) * 2 + 20 ))
echo "$PROG: Linux $(basename "$LINUX") and $(basename "$KERNEL"): vCPUs $VCPUS, memory=$MEM; smallest memory= for 4 vCPUs up to $MEMMAX MiB" >&2
rc=0
bash "$HERE/run.sh" --objdir "$OBJDIR" --kernel "$KERNEL" \
    --scenario "$HERE/bench.scn" --file "$LINUX:linux" \
    --file "$WORK/bench.conf:bench.conf" --timeout $((nboot * 60)) \
    --log "$LOG" >/dev/null 2>"$LOG.err" || rc=$?
grep -a '^xl-run: harness build' "$LOG.err" >&2 || true

B=$(grep -a '^XLD-BENCH ' "$LOG" | tr -d '\r' || true)
fails=$(echo "$B" | awk '$2 == "boot" && $6 == "fail"' | wc -l)
echo "$B" | awk -v vcpus="$VCPUS" -v memmax="$MEMMAX" '
    $2 == "bringup" { t[$3, $4] = $5; c[$3, $4] = $6; st[$3, $4] = $7 }
    $2 == "minmem" { m[$3] = $5 }
    function ms(k, n) { return ((k, n) in t) ? sprintf("%.1f", t[k, n] / 1000) : "-" }
    function mem(k) { return !(k in m) ? "?" : m[k] == 0 ? "> " memmax : m[k] }
    END {
        printf "xl bench: vCPU bring-up as PV domUs under xl (same vCPU count)\n"
        printf "  (Linux: Bringing up to Brought up; Petrel: first AP prepared to last AP running;\n"
        printf "   Petrel start: its first VCPUOP_up to last AP running)\n"
        printf "  %5s  %10s  %10s  %12s  %14s\n", "vCPUs", "Linux ms", "Petrel ms", "Linux/Petrel", "Petrel start ms"
        nv = split(vcpus, v, " ")
        for (i = 1; i <= nv; i++) {
            n = v[i]; r = "-"; s = "-"
            if (((("linux", n) in t) && (("petrel", n) in t)) && t["petrel", n] > 0)
                r = sprintf("%.1f", t["linux", n] / t["petrel", n])
            if (st["petrel", n] != "")
                s = sprintf("%.1f", st["petrel", n] / 1000)
            printf "  %5s  %10s  %10s  %12s  %14s\n", n, ms("linux", n), ms("petrel", n), r, s
            if ((("linux", n) in c && c["linux", n] != n) || (("petrel", n) in c && c["petrel", n] != n))
                printf "  (%s vCPUs: Linux brought up %s, Petrel %s)\n", n, c["linux", n], c["petrel", n]
        }
        printf "smallest memory= with all 4 vCPUs running: Linux %s MiB, Petrel %s MiB\n", mem("linux"), mem("petrel")
    }'
echo "$PROG: $(echo "$B" | grep -c ' boot ' || true) boots, $fails of them failed (most in the memory= search); serial log $LOG" >&2
if [ $rc -ne 0 ]; then
    tail -n 20 "$LOG.err" >&2
    die "tools/xl/run.sh exit $rc"
fi
n=$(echo "$B" | grep -c ' bringup ' || true)
[ "$n" = $(( $(echo $VCPUS | wc -w) * 2 )) ] && echo "$B" | grep -q ' minmem linux ' &&
    echo "$B" | grep -q ' minmem petrel ' || die "some measurements are missing (see $LOG)"
