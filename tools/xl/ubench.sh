#!/bin/bash
# tools/xl/ubench.sh: tests/user/h_ubench on Linux and on Petrel, side by
# side.  In one QEMU run (tools/xl/run.sh --scenario tools/xl/ubench.scn),
# Debian's Linux (the dom0's kernel) and Petrel as PV domUs under xl with
# the same vCPUs and memory, each running the program as (the child of)
# init; then Petrel as dom0 straight from Xen (tools/boot.sh), its test
# kernel with bench=bringup so that the same boot prints the cost of a
# null hypercall, the unit of the last column.
#
# usage: tools/xl/ubench.sh --objdir OBJDIR --kernel PETREL --ramdisk CPIO
#            --prog H_UBENCH [--dom0-kernel PETREL_TEST] [--log FILE]
#   --kernel PETREL     the Petrel domU kernel (production: XEN3_DOMU)
#   --ramdisk CPIO      Petrel's ramdisk, with /usr/tests/user/h_ubench
#   --prog H_UBENCH     the linux-ABI build of h_ubench (Linux's init runs it)
#   --dom0-kernel K     the test kernel (options KBENCH) for the dom0 boot;
#                       without it there is no dom0 column
#   --log FILE          the xl run's serial log (default OBJDIR/ubench.log;
#                       run.sh's stderr in FILE.err, the dom0 boot's console
#                       in FILE.dom0)
# Environment: UBENCH_VCPUS (default 4), UBENCH_MEM (MiB, default 128),
#   UBENCH_ROUNDS (default 2): rounds of Linux then Petrel in the xl run;
#   each figure is the lowest of its rounds (the host's load only adds),
#   the ratio of each round is shown beside it.
# Exit status 0 when every row was measured everywhere.  Not a test.
set -eu

PROG=ubench
die() { echo "$PROG: error: $*" >&2; exit 1; }
OBJDIR='' KERNEL='' RAMDISK='' UPROG='' DOM0K='' LOG=''
while [ $# -gt 0 ]; do
    case $1 in
        --objdir|--kernel|--ramdisk|--prog|--dom0-kernel|--log)
            [ $# -ge 2 ] || die "$1 needs a value"
            case $1 in
                --objdir) OBJDIR=$2;; --kernel) KERNEL=$2;;
                --ramdisk) RAMDISK=$2;; --prog) UPROG=$2;;
                --dom0-kernel) DOM0K=$2;; --log) LOG=$2;;
            esac
            shift 2;;
        *) die "unknown argument '$1' (see the header of $0)";;
    esac
done
[ -n "$OBJDIR" ] && [ -n "$KERNEL" ] && [ -n "$RAMDISK" ] && [ -n "$UPROG" ] ||
    die "--objdir, --kernel, --ramdisk and --prog are required"
for f in "$KERNEL" "$RAMDISK" "$UPROG" ${DOM0K:+"$DOM0K"}; do
    [ -s "$f" ] || die "not found or empty: $f"
done
HERE=$(cd "$(dirname "$0")" && pwd)
OBJDIR=$(cd "$OBJDIR" && pwd) || die "no such directory: $OBJDIR"
LOG=${LOG:-$OBJDIR/ubench.log}
VCPUS=${UBENCH_VCPUS:-4} MEM=${UBENCH_MEM:-128} ROUNDS=${UBENCH_ROUNDS:-2}
for v in $VCPUS $MEM $ROUNDS; do
    case $v in ''|*[!0-9]*|0) die "UBENCH_*: '$v' is not a positive number";; esac
done

bash "$HERE/build.sh" "$OBJDIR" >&2 || die "tools/xl/build.sh failed"
. "$HERE/linux_elf.sh"
LINUX=$(linux_elf "$OBJDIR")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/petrel-ubench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "UB_VCPUS=$VCPUS UB_MEM=$MEM UB_ROUNDS=$ROUNDS" >"$WORK/ubench.conf"

echo "$PROG: Linux $(basename "$LINUX") and $(basename "$(dirname "$KERNEL")") as domUs: vcpus=$VCPUS memory=$MEM, $ROUNDS rounds" >&2
rc=0
bash "$HERE/run.sh" --objdir "$OBJDIR" --kernel "$KERNEL" \
    --scenario "$HERE/ubench.scn" --file "$LINUX:linux" \
    --file "$RAMDISK:ramdisk" --file "$UPROG:h_ubench" \
    --file "$WORK/ubench.conf:ubench.conf" --timeout $((ROUNDS * 1800)) \
    --log "$LOG" >/dev/null 2>"$LOG.err" || rc=$?
U=$(grep -a '^XLD-UBENCH ' "$LOG" | tr -d '\r' || true)
echo "$U" | awk '$4 == "boot"' | sed "s/^XLD-UBENCH /$PROG: domU /" >&2
echo "$U" | grep 'ubench: [a-z_]* failed' | sed "s/^XLD-UBENCH /$PROG: domU /" >&2 || true
echo "$U" | sed -n "s/^XLD-UBENCH linux 1 LINUX-DMESG \(\[[^]]*\] \)*/$PROG: Linux dmesg: /p" >&2

# dom0: "bench: null hypercall (the unit)   632 ns   1.00 x null hypercall"
D=''
if [ -n "$DOM0K" ]; then
    echo "$PROG: $(basename "$(dirname "$DOM0K")") as dom0: vcpus=$VCPUS mem=$MEM, bench=bringup" >&2
    if bash "$HERE/../boot.sh" --xen "$OBJDIR/xen/xen" --kernel "$DOM0K" \
        --vcpus "$VCPUS" --mem "$MEM" --ramdisk "$RAMDISK" \
        --args "bench=bringup init=/usr/tests/user/h_ubench" \
        --timeout 900 --quiet --log "$LOG.dom0"; then :; else
        echo "$PROG: dom0 boot failed (exit $?; console $LOG.dom0)" >&2
        rc=1
    fi
    D=$(grep -a '^ubench: \|^bench: null hypercall' "$LOG.dom0" | tr -d '\r' || true)
    echo "$D" | grep '^ubench: [a-z_]* failed' | sed "s/^/$PROG: dom0 /" >&2 || true
fi

# "KIND ROUND ubench: ROW ns_per_op N ..."; dom0's lines as round 1
{ echo "$U" | sed 's/^XLD-UBENCH //'; echo "$D" | sed 's/^/dom0 1 /'; } | awk '
    $3 == "ubench:" && $5 == "ns_per_op" {
        if (!($4 in seen)) { seen[$4] = 1; order[++n] = $4 }
        v[$1, $2, $4] = $6
        if (!(($1, $4) in best) || $6 < best[$1, $4]) best[$1, $4] = $6
        if ($2 > nr) nr = $2
    }
    $3 == "bench:" && $4 == "null" { unit = $(NF - 5) }
    function f(k, r) { return ((k, r) in best) ? best[k, r] : "-" }
    END {
        printf "ubench: ns per operation, median of 5 runs, the lowest of %d rounds\n", nr
        printf "  (Linux/Petrel above 1: Petrel faster; dom0: Petrel as dom0, x null hypercall)\n"
        printf "  %-10s %10s %10s %7s %-13s %10s %9s\n", "row", "Linux", "Petrel",
            "L/P", "L/P by round", "dom0", "x null hc"
        for (i = 1; i <= n; i++) {
            r = order[i]; q = "-"; x = "-"; br = ""
            if ((("linux", r) in best) && (("petrel", r) in best) && best["petrel", r] > 0)
                q = sprintf("%.2f", best["linux", r] / best["petrel", r])
            for (k = 1; k <= nr; k++)
                br = br (k > 1 ? " " : "") (((("linux", k, r) in v) && (("petrel", k, r) in v) && \
                    v["petrel", k, r] > 0) ? sprintf("%.2f", v["linux", k, r] / v["petrel", k, r]) : "-")
            if ((("dom0", r) in best) && unit > 0)
                x = sprintf("%.1f", best["dom0", r] / unit)
            printf "  %-10s %10s %10s %7s %-13s %10s %9s\n", r, f("linux", r),
                f("petrel", r), q, br, f("dom0", r), x
        }
        if (unit != "")
            printf "  null hypercall in the dom0 boot: %s ns\n", unit
    }'
echo "$PROG: serial log $LOG${DOM0K:+, dom0 console $LOG.dom0}" >&2
if [ $rc -ne 0 ]; then
    tail -n 20 "$LOG.err" >&2
    die "a run failed (exit $rc)"
fi
for k in linux petrel; do
    [ "$(echo "$U" | grep -c "^XLD-UBENCH $k [0-9]* ubench: done: [0-9]* rows, 0 failed")" = "$ROUNDS" ] ||
        die "the $k domU did not run every row in every round (see $LOG)"
done
[ -z "$DOM0K" ] || echo "$D" | grep -q '^ubench: done: [0-9]* rows, 0 failed' ||
    die "the dom0 boot did not run every row (see $LOG.dom0)"
