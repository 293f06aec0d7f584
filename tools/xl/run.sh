#!/bin/bash
# tools/xl/run.sh: boot a Petrel kernel as a PV domU under `xl`, with Xen and
# a Debian Linux dom0 in QEMU (TCG), and print the domU's console.
#
# usage: tools/xl/run.sh --objdir OBJDIR --kernel PETREL [--vcpus N]
#            [--maxvcpus M] [--mem MiB] [--args "guest cmdline"]
#            [--timeout S] [--log FILE] [--shutdown-after S]
#            [--scenario FILE] [--file SRC[:NAME]]...
#   --objdir OBJDIR  holds xen/xen (tools/xen.sh) and xl/ (tools/xl/build.sh,
#                    run here if missing)
#   --kernel PETREL  the domU kernel (XEN3_DOMU or XEN3PAE_DOMU): /guest/petrel
#   --vcpus N        vcpus= of the domain (default 4)
#   --maxvcpus M     maxvcpus= of the domain (default: not set)
#   --mem MiB        memory= of the domain (default 64)
#   --args STR       extra= (the guest command line; no double quotes)
#   --timeout S      seconds allowed from `xl create` to the domain's end
#                    (default 120); QEMU as a whole gets S + 120 s
#   --log FILE       the whole serial log (Xen, dom0, guest consoles)
#   --shutdown-after S  run `xl shutdown -w` S seconds after the create
#                    (prints "xl-run: xl shutdown took N s")
#   --scenario FILE  busybox sh run by dom0 instead of tools/xl/default.scn
#                    (functions: tools/xl/lib.dom0); its --timeout bounds
#                    are its own, QEMU still gets --timeout + 120 s
#   --file SRC[:NAME]  also put SRC in dom0 as /guest/NAME (default: its
#                    base name)
#   --ramdisk FILE   the domain's ramdisk= (Petrel's root), as /guest/ramdisk
#
# stdout: the console of the guest named petrel (xenconsoled's log, streamed
# by dom0 as "XLD-G| " lines, prefix removed).  Progress and diagnostics go
# to stderr, with the scenario's "XLD-CHECK" lines.
# Exit status: 0 the domain powered off (xl: shutdown reason code 0), or
#                the scenario finished "ok", and no check failed
#              1 crash or any other failure (Xen/dom0 trouble, create
#                failed, a check failed)
#              2 timeout (the domain did not end, or QEMU did not)
# Environment: QEMU (default qemu-system-x86_64), XL_XEN_EXTRA (Xen args),
#              XL_SMP (QEMU CPUs = dom0 vCPUs; default min(vcpus, nproc), >= 2)
set -eu

PROG=xl-run
usage() { sed -n '4,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&"${2:-2}"; exit "${1:-1}"; }
die() { echo "$PROG: error: $*" >&2; exit 1; }
isnum() { case $1 in ''|*[!0-9]*) return 1;; *) return 0;; esac; }

OBJDIR='' KERNEL='' VCPUS=4 MAXV='' MEM=64 ARGS='' TIMEOUT=120 LOG='' SHUTAFTER=''
SCENARIO='' FILES=() RAMDISK=''
while [ $# -gt 0 ]; do
    case $1 in
        --shutdown-after|--scenario|--file|--ramdisk) [ $# -ge 2 ] || die "$1 needs a value"
            case $1 in
                --shutdown-after) SHUTAFTER=$2;; --scenario) SCENARIO=$2;;
                --file) FILES+=("$2");;
                --ramdisk) RAMDISK=$2; FILES+=("$2:ramdisk");;
            esac
            shift 2; continue;;
        --objdir|--kernel|--vcpus|--maxvcpus|--mem|--args|--timeout|--log)
            [ $# -ge 2 ] || die "$1 needs a value"
            case $1 in
                --objdir) OBJDIR=$2;; --kernel) KERNEL=$2;; --vcpus) VCPUS=$2;;
                --maxvcpus) MAXV=$2;; --mem) MEM=$2;; --args) ARGS=$2;;
                --timeout) TIMEOUT=$2;; --log) LOG=$2;;
            esac
            shift 2;;
        -h|--help) usage 0 1;;
        *) echo "$PROG: error: unknown argument '$1'" >&2; usage;;
    esac
done
[ -n "$OBJDIR" ] || die "--objdir OBJDIR is required"
[ -n "$KERNEL" ] || die "--kernel PETREL is required"
[ -s "$KERNEL" ] && [ -r "$KERNEL" ] || die "kernel '$KERNEL' not found, empty or unreadable"
isnum "$VCPUS" && [ "$VCPUS" -ge 1 ] || die "--vcpus must be a positive integer"
[ -z "$MAXV" ] || { isnum "$MAXV" && [ "$MAXV" -ge "$VCPUS" ]; } ||
    die "--maxvcpus must be an integer >= --vcpus"
isnum "$MEM" && [ "$MEM" -ge 1 ] || die "--mem must be a positive integer of MiB"
isnum "$TIMEOUT" && [ "$TIMEOUT" -ge 1 ] || die "--timeout must be a positive integer of seconds"
case $ARGS in *'"'*|*'\'*) die "--args must not contain double quotes or backslashes";; esac
[ -z "$SHUTAFTER" ] || isnum "$SHUTAFTER" || die "--shutdown-after must be an integer of seconds"
HERE=$(cd "$(dirname "$0")" && pwd)
WHAT='scenario finished'
[ -n "$SCENARIO" ] || WHAT='domain ended' SCENARIO=$HERE/default.scn
[ -s "$SCENARIO" ] && [ -r "$SCENARIO" ] || die "scenario '$SCENARIO' not found, empty or unreadable"
for f in ${FILES[@]+"${FILES[@]}"}; do
    [ -r "${f%%:*}" ] && [ -f "${f%%:*}" ] || die "--file: '${f%%:*}' not found or unreadable"
    case ${f#"${f%%:*}"} in :*/*|:) die "--file: NAME must be a plain file name in '$f'";; esac
done
OBJDIR=$(cd "$OBJDIR" && pwd) || die "no such directory: $OBJDIR"
XEN=$OBJDIR/xen/xen
[ -s "$XEN" ] || die "no hypervisor at $XEN (tools/xen.sh $OBJDIR)"
QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null || die "$QEMU not found (apt-get install qemu-system-x86)"

T0=${EPOCHREALTIME/./}
bash "$HERE/build.sh" "$OBJDIR" >&2 || die "tools/xl/build.sh failed"
XL=$OBJDIR/xl
T1=${EPOCHREALTIME/./}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/petrel-xl.XXXXXX")
QPID='' RPID=''
stop_qemu() {
    [ -n "$QPID" ] || return 0
    if kill -0 "$QPID" 2>/dev/null; then
        kill -TERM "$QPID" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QPID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$QPID" 2>/dev/null || true
    fi
    wait "$QPID" 2>/dev/null || true
    QPID=
}
cleanup() {
    stop_qemu
    if [ -n "$RPID" ]; then kill "$RPID" 2>/dev/null || true; wait "$RPID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "$PROG: interrupted" >&2; exit 130' INT
trap 'echo "$PROG: terminated" >&2; exit 143' TERM
[ -n "$LOG" ] || LOG=$WORK/serial.log
: >"$LOG" || die "cannot write log file '$LOG'"

# --- the run's archive, appended to the dom0 initramfs (Linux unpacks
# concatenated archives; zero padding between them is skipped; a later
# member replaces an earlier one, so /init here wins over the cached image's
# and editing init.dom0, lib.dom0 or a scenario needs no image rebuild)
G=$WORK/g
mkdir -p "$G/guest" "$G/xl"
cp "$KERNEL" "$G/guest/petrel"
for f in ${FILES[@]+"${FILES[@]}"}; do
    case $f in *:*) n=${f##*:} f=${f%%:*};; *) n=$(basename "$f");; esac
    cp "$f" "$G/guest/$n"
done
cp "$HERE/init.dom0" "$G/init"
chmod 755 "$G/init"
cp "$HERE/lib.dom0" "$G/xl/lib.dom0"
cp "$SCENARIO" "$G/xl/scenario"
q() { printf "'%s'" "${1//\'/\'\\\'\'}"; }     # single-quoted for sh
{
    echo "XLD_MEM=$MEM XLD_VCPUS=$VCPUS XLD_MAXV=$MAXV XLD_TIMEOUT=$TIMEOUT"
    echo "XLD_SHUTAFTER=$SHUTAFTER XLD_ARGS=$(q "$ARGS")"
    echo "XLD_RAMDISK=${RAMDISK:+/guest/ramdisk}"
} >"$G/xl/defaults"
cp "$XL/dom0-initrd.img" "$WORK/initrd.img"
pad=$(( (4 - $(stat -c %s "$WORK/initrd.img") % 4) % 4 ))
[ "$pad" = 0 ] || head -c "$pad" /dev/zero >>"$WORK/initrd.img"
(cd "$G" && find . | "$XL/busybox" cpio -o -H newc 2>/dev/null | gzip -1n) >>"$WORK/initrd.img"

NPROC=$(nproc)
SMP=${XL_SMP:-$(( VCPUS < NPROC ? VCPUS : NPROC ))}
[ "$SMP" -ge 2 ] || SMP=2
if [ "$SMP" -gt "$NPROC" ]; then ACCEL=tcg,thread=single; else ACCEL=tcg,thread=multi; fi
QMEM=$(( 512 + MEM + 384 )); [ $QMEM -ge 1024 ] || QMEM=1024
XEN_ARGS="console=com1 com1=115200 loglvl=all guest_loglvl=all noreboot dom0=pv"
# The credit scheduler, not Xen's default credit2: under QEMU TCG, credit2
# left runnable vCPUs unscheduled for minutes while a physical CPU idled
# (Xen 4.17.5: three vCPUs with pause_flags=0 and events pending, 'q'/'0'
# debug keys), which hung any vCPU waiting for them (10^4 cross-calls).
XEN_ARGS="$XEN_ARGS sched=credit"
XEN_ARGS="$XEN_ARGS dom0_mem=512M,max:512M dom0_max_vcpus=$SMP ${XL_XEN_EXTRA:-}"
DOM0_ARGS="console=hvc0 earlyprintk=xen loglevel=4"

FIFO=$WORK/serial
mkfifo "$FIFO"
# serial -> log (CR and terminal escapes removed); guest lines -> stdout
FILTER='s/\r//g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g'
{ sed -u -e "$FILTER" | tee -a "$LOG" | sed -un 's/^XLD-G| \{0,1\}//p'; } <"$FIFO" &
RPID=$!

START=${EPOCHREALTIME/./}
"$QEMU" -nodefaults -display none -monitor none -serial stdio -no-reboot \
    -accel "$ACCEL" -cpu max,-smap -smp "$SMP" -m "$QMEM" \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -kernel "$XEN" -append "$XEN_ARGS" \
    -initrd "$XL/vmlinuz $DOM0_ARGS,$WORK/initrd.img" \
    </dev/null >"$FIFO" 2>"$WORK/qemu.err" &
QPID=$!
echo "$PROG: QEMU -smp $SMP -accel $ACCEL -m $QMEM; domU vcpus=$VCPUS${MAXV:+ maxvcpus=$MAXV} memory=$MEM extra=\"$ARGS\"" >&2

# anchored: a domU's "Kernel panic" on its console (XLD-G...) is not fatal
FATAL='^XLD-MARK END|^\(XEN\).*(Panic on CPU|Hardware Dom0 (crashed|halted|shutdown))'
FATAL="$FATAL|^(\[ *[0-9.]+\] )?Kernel panic"
DEADLINE=$(( START + (TIMEOUT + 120) * 1000000 ))
why=
while :; do
    if grep -qaE "$FATAL" "$LOG"; then why=marker; break; fi
    if ! kill -0 "$QPID" 2>/dev/null; then why=qemu-exit; break; fi
    if [ "${EPOCHREALTIME/./}" -ge "$DEADLINE" ]; then why=timeout; break; fi
    sleep 0.2
done
# let the last lines arrive (dom0 sends END before it exits QEMU)
for _ in $(seq 1 25); do kill -0 "$QPID" 2>/dev/null || break; sleep 0.2; done
stop_qemu
wait "$RPID" 2>/dev/null || true
RPID=

ts() {   # ts REGEX: dom0 uptime of the first XLD-MARK matching REGEX
    grep -m1 -aE "XLD-MARK $1" "$LOG" | sed -n 's/.*dom0_uptime=\([0-9.]*\).*/\1/p'
}
sec() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1f", (b-a)/1e6}'; }
RESULT=$(grep -m1 -a '^XLD-RESULT ' "$LOG" | awk '{print $2}')
{
    echo "$PROG: harness build $(sec "$T0" "$T1") s; QEMU wall $(sec "$START" "${EPOCHREALTIME/./}") s;" \
         "dom0 uptime at: ready $(ts dom0-ready), create $(ts guest-create), xl create returned $(ts xl-create-returned), gone $(ts guest-gone)"
    grep -aE '^XLD-(ERR|XLC? |MARK guest-created|CHECK )' "$LOG" | sed "s/^/$PROG: /" || true
    grep -a '^XLD-SHUTDOWN ' "$LOG" | sed -n "s/^XLD-SHUTDOWN rc=\([0-9]*\) secs=\([0-9.]*\).*/$PROG: xl shutdown took \2 s (rc \1)/p" || true
} >&2

tail_log() {
    echo "$PROG: --- last 40 lines of the serial log${LOG:+ ($LOG)} ---" >&2
    grep -av '^XLD-G[|[]' "$LOG" | tail -n 40 >&2
    echo "$PROG: ---" >&2
}
NFAIL=$(grep -ac '^XLD-CHECK .* failed' "$LOG" || true)
if [ "$NFAIL" -gt 0 ] && [ -n "$RESULT" ]; then
    tail_log
    echo "$PROG: FAILED: $NFAIL check(s) failed (scenario result: $RESULT)" >&2
    exit 1
fi
case $RESULT in
poweroff|ok)
    case $RESULT in
        ok) echo "$PROG: the scenario finished ok ($(grep -ac '^XLD-CHECK ' "$LOG" || true) checks)" >&2;;
        *) echo "$PROG: the domain powered off" >&2;;
    esac
    exit 0;;
'')
    tail_log
    if [ "$why" = timeout ]; then echo "$PROG: TIMEOUT: QEMU still running after $((TIMEOUT + 120)) s" >&2; exit 2; fi
    err=$(grep -v 'terminating on signal' "$WORK/qemu.err" | head -n 3 | tr '\n' ' ' || true)
    echo "$PROG: FAILED: no result from dom0 ($why)${err:+: $err}" >&2
    exit 1;;
timeout)
    tail_log
    echo "$PROG: TIMEOUT: the domain did not end within $TIMEOUT s" >&2
    exit 2;;
*)
    tail_log
    echo "$PROG: FAILED: the $WHAT with: $RESULT" >&2
    exit 1;;
esac
