#!/bin/bash
# tools/xl/run.sh: boot a Petrel kernel as a PV domU under `xl`, with Xen and
# a Debian Linux dom0 in QEMU (TCG), and print the domU's console.
#
# usage: tools/xl/run.sh --objdir OBJDIR --kernel PETREL [--vcpus N]
#            [--maxvcpus M] [--mem MiB] [--args "guest cmdline"]
#            [--timeout S] [--log FILE]
#   --objdir OBJDIR  holds xen/xen (tools/xen.sh) and xl/ (tools/xl/build.sh,
#                    run here if missing)
#   --kernel PETREL  the domU kernel (XEN3_DOMU or XEN3PAE_DOMU)
#   --vcpus N        vcpus= of the domain (default 4)
#   --maxvcpus M     maxvcpus= of the domain (default: not set)
#   --mem MiB        memory= of the domain (default 64)
#   --args STR       extra= (the guest command line; no double quotes)
#   --timeout S      seconds allowed from `xl create` to the domain's end
#                    (default 120); QEMU as a whole gets S + 120 s
#   --log FILE       the whole serial log (Xen, dom0, guest console)
#   --shutdown-after S  run `xl shutdown -w` S seconds after the create
#                    (prints "xl-run: xl shutdown took N s")
#
# stdout: the guest console (xenconsoled's log, streamed by dom0 as "XLD-G| "
# lines, prefix removed).  Progress and diagnostics go to stderr.
# Exit status: 0 the domain powered off (xl: shutdown reason code 0)
#              1 crash or any other failure (Xen/dom0 trouble, create failed)
#              2 timeout (the domain did not end, or QEMU did not)
# Environment: QEMU (default qemu-system-x86_64), XL_XEN_EXTRA (Xen args),
#              XL_SMP (QEMU CPUs = dom0 vCPUs; default min(vcpus, nproc), >= 2)
set -eu

PROG=xl-run
usage() { sed -n '4,19p' "$0" | sed 's/^# \{0,1\}//' >&"${2:-2}"; exit "${1:-1}"; }
die() { echo "$PROG: error: $*" >&2; exit 1; }
isnum() { case $1 in ''|*[!0-9]*) return 1;; *) return 0;; esac; }

OBJDIR='' KERNEL='' VCPUS=4 MAXV='' MEM=64 ARGS='' TIMEOUT=120 LOG='' SHUTAFTER=''
while [ $# -gt 0 ]; do
    case $1 in
        --shutdown-after) [ $# -ge 2 ] || die "$1 needs a value"
            SHUTAFTER=$2; shift 2; continue;;
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
HERE=$(cd "$(dirname "$0")" && pwd)
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

# --- the guest archive, appended to the dom0 initramfs (Linux unpacks
# concatenated archives; zero padding between them is skipped)
G=$WORK/g
mkdir -p "$G/guest"
cp "$KERNEL" "$G/guest/petrel"
{
    echo 'name="petrel"'
    echo 'type="pv"'
    echo 'kernel="/guest/petrel"'
    echo "memory=$MEM"
    echo "vcpus=$VCPUS"
    [ -z "$MAXV" ] || echo "maxvcpus=$MAXV"
    echo "extra=\"$ARGS\""
    echo 'on_poweroff="destroy"'
    echo 'on_reboot="destroy"'
    echo 'on_crash="destroy"'
} >"$G/guest/petrel.cfg"
echo "$TIMEOUT" >"$G/guest/timeout"
[ -z "$SHUTAFTER" ] || echo "$SHUTAFTER" >"$G/guest/shutdown_after"
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

FATAL='XLD-MARK END|Panic on CPU|Hardware Dom0 (crashed|halted|shutdown)|Kernel panic'
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
    grep -aE '^XLD-(ERR|XL |MARK guest-created)' "$LOG" | sed "s/^/$PROG: /" || true
    grep -a '^XLD-SHUTDOWN ' "$LOG" | sed -n "s/^XLD-SHUTDOWN rc=\([0-9]*\) secs=\([0-9.]*\).*/$PROG: xl shutdown took \2 s (rc \1)/p" || true
} >&2

tail_log() {
    echo "$PROG: --- last 40 lines of the serial log${LOG:+ ($LOG)} ---" >&2
    grep -av '^XLD-G| ' "$LOG" | tail -n 40 >&2
    echo "$PROG: ---" >&2
}
case $RESULT in
poweroff)
    echo "$PROG: the domain powered off" >&2
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
    echo "$PROG: FAILED: the domain ended with: $RESULT" >&2
    exit 1;;
esac
