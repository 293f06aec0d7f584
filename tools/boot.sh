#!/bin/bash
# tools/boot.sh: boot Xen + a PV kernel as dom0 in QEMU (TCG) and judge the end.
#
# usage: tools/boot.sh --xen XEN --kernel KERNEL [--vcpus N] [--mem MiB]
#                      [--args "kernel command line"] [--log FILE]
#                      [--timeout SECONDS] [--ramdisk FILE] [--quiet]
#                      [--interactive]
#   --vcpus N      dom0 vCPUs (default 4); QEMU gets min(N, nproc) CPUs
#   --mem MiB      dom0 memory (default 64); QEMU gets max(512, MiB+256)
#   --args STR     dom0 kernel command line (no commas: QEMU splits -initrd on them)
#   --log FILE     console log (Xen + dom0, \r and terminal escapes removed)
#   --timeout S    give up after S seconds (default 120)
#   --ramdisk FILE dom0's second module (Petrel's root: start_info mod_start)
#   --quiet        do not stream the console to stdout, no success line
#   --interactive  the console's input is this terminal (else none)
#
# Exit status: 0  dom0 powered off ("Hardware Dom0 halted", or Xen "Entering
#                 ACPI S5 state")
#              1  failure: dom0 crashed, Xen panicked, QEMU exited early, bad usage
#              2  timeout
#              3  dom0 rebooted ("Hardware Dom0 shutdown: rebooting"): not a
#                 poweroff, so a caller that wants one sees a failure
# Environment: QEMU (default qemu-system-x86_64), BOOT_XEN_EXTRA (extra Xen args).
set -eu

PROG=boot
usage() {   # usage [STATUS]: the header above; to stdout for --help
    if [ "${1:-1}" = 0 ]; then sed -n '4,15p' "$0" | sed 's/^# \{0,1\}//'
    else sed -n '4,15p' "$0" | sed 's/^# \{0,1\}//' >&2; fi
    exit "${1:-1}"
}
die() { echo "$PROG: error: $*" >&2; exit 1; }
isnum() { case $1 in ''|*[!0-9]*) return 1;; *) return 0;; esac; }

XEN='' KERNEL='' VCPUS=4 MEM=64 ARGS='' LOG='' TIMEOUT=120 QUIET=0 RAMDISK=''
QIN=/dev/null
while [ $# -gt 0 ]; do
    case $1 in
        --xen|--kernel|--vcpus|--mem|--args|--log|--timeout|--ramdisk)
            [ $# -ge 2 ] || die "$1 needs a value"
            case $1 in
                --xen) XEN=$2;; --kernel) KERNEL=$2;; --vcpus) VCPUS=$2;;
                --mem) MEM=$2;; --args) ARGS=$2;; --log) LOG=$2;; --timeout) TIMEOUT=$2;;
                --ramdisk) RAMDISK=$2;;
            esac
            shift 2;;
        --quiet) QUIET=1; shift;;
        --interactive) QIN=/dev/stdin; shift;;
        -h|--help) usage 0;;
        *) echo "$PROG: error: unknown argument '$1'" >&2; usage;;
    esac
done

[ -n "$XEN" ] || die "--xen XEN is required (build it with tools/xen.sh OBJDIR)"
[ -n "$KERNEL" ] || die "--kernel KERNEL is required"
[ -f "$XEN" ] && [ -r "$XEN" ] || die "Xen image '$XEN' not found or not readable"
[ -f "$KERNEL" ] && [ -r "$KERNEL" ] || die "kernel '$KERNEL' not found or not readable"
# (Xen 4.17 dies with an early page fault in bzimage_headroom on an empty module)
[ -s "$KERNEL" ] || die "kernel '$KERNEL' is empty"
case $KERNEL in *,*|*' '*) die "kernel path '$KERNEL' must not contain a comma or a space (QEMU -initrd)";; esac
case $ARGS in *,*) die "--args must not contain a comma: QEMU splits -initrd on commas ('$ARGS')";; esac
isnum "$VCPUS" && [ "$VCPUS" -ge 1 ] || die "--vcpus must be a positive integer (got '$VCPUS')"
isnum "$MEM" && [ "$MEM" -ge 1 ] || die "--mem must be a positive integer of MiB (got '$MEM')"
isnum "$TIMEOUT" && [ "$TIMEOUT" -ge 1 ] || die "--timeout must be a positive integer of seconds (got '$TIMEOUT')"
QEMU=${QEMU:-qemu-system-x86_64}
command -v "$QEMU" >/dev/null || die "$QEMU not found (apt-get install qemu-system-x86)"

NPROC=$(nproc)
SMP=$(( VCPUS < NPROC ? VCPUS : NPROC ))
# MTTCG is much slower when QEMU has more CPUs than the host has cores.
if [ "$SMP" -le "$NPROC" ]; then ACCEL=tcg,thread=multi; else ACCEL=tcg,thread=single; fi
QMEM=$(( MEM + 256 > 512 ? MEM + 256 : 512 ))
XEN_ARGS="console=com1 com1=115200 loglvl=all guest_loglvl=all noreboot dom0=pv"
# The credit scheduler, not Xen's default credit2: under QEMU TCG, credit2
# left runnable vCPUs unscheduled for minutes while a physical CPU idled
# (Xen 4.17.5: three vCPUs with pause_flags=0 and events pending, 'q'/'0'
# debug keys), which hung any vCPU waiting for them (10^4 cross-calls).
XEN_ARGS="$XEN_ARGS sched=credit"
XEN_ARGS="$XEN_ARGS dom0_mem=${MEM}M,max:${MEM}M dom0_max_vcpus=$VCPUS-$VCPUS dom0_vcpus_pin=false"
XEN_ARGS="$XEN_ARGS ${BOOT_XEN_EXTRA:-}"
INITRD="$KERNEL${ARGS:+ $ARGS}"
if [ -n "$RAMDISK" ]; then
    [ -s "$RAMDISK" ] || die "ramdisk '$RAMDISK' not found or empty"
    case $RAMDISK in *,*|*' '*) die "ramdisk path '$RAMDISK' must not contain a comma or a space (QEMU -initrd)";; esac
    INITRD="$INITRD,$RAMDISK"
fi

# --- state and cleanup: only the QEMU and the reader started here are killed
WORK=$(mktemp -d "${TMPDIR:-/tmp}/petrel-boot.XXXXXX")
QPID='' RPID=''
LOGNOTE=" ($LOG)"
if [ -z "$LOG" ]; then LOG=$WORK/console.log; LOGNOTE=; fi
: >"$LOG" || die "cannot write log file '$LOG'"

stop_qemu() {
    [ -n "$QPID" ] || return 0
    if kill -0 "$QPID" 2>/dev/null; then
        kill -TERM "$QPID" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$QPID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$QPID" 2>/dev/null || true
    fi
    wait "$QPID" 2>/dev/null || true
    QPID=
}
cleanup() {
    stop_qemu
    if [ -n "$RPID" ]; then
        kill "$RPID" 2>/dev/null || true
        wait "$RPID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "$PROG: interrupted" >&2; exit 130' INT
trap 'echo "$PROG: terminated" >&2; exit 143' TERM

# --- start: QEMU's COM1 -> FIFO -> filter (strip \r and escapes) -> log (+ stdout)
FIFO=$WORK/serial
mkfifo "$FIFO"
# GNU sed: drop CR, ANSI CSI sequences and ESC c (SeaBIOS clears the screen),
# and put Xen's first line on its own line after SeaBIOS's "Booting from ROM..".
FILTER='s/\r//g; s/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1bc//g; s/^\(Booting from ROM\.*\)(XEN)/\1\n(XEN)/'
if [ "$QUIET" = 1 ]; then
    sed -u -e "$FILTER" <"$FIFO" >>"$LOG" &
else
    { sed -u -e "$FILTER" | tee -p -a "$LOG"; } <"$FIFO" &
fi
RPID=$!

START=${EPOCHREALTIME/./}
"$QEMU" -nodefaults -nographic -no-reboot -monitor none -display none \
    -accel "$ACCEL" -cpu max,-smap -m "$QMEM" -smp "$SMP" \
    -kernel "$XEN" -append "$XEN_ARGS" -initrd "$INITRD" \
    -serial stdio <"$QIN" >"$FIFO" 2>"$WORK/qemu.err" &
QPID=$!

elapsed() {   # seconds since QEMU start, one decimal
    local t=$(( ${EPOCHREALTIME/./} - START ))
    printf '%d.%d' $(( t / 1000000 )) $(( t / 100000 % 10 ))
}

# First end marker in the log (Xen lines end up in the log as they come).
# A dom0 that powers off through ACPI (XENPF_enter_acpi_sleep, e.g. Linux)
# makes Xen enter S5 instead of printing "Hardware Dom0 halted".
MARKERS='Hardware Dom0 (halted|shutdown|crashed)|Entering ACPI S5 state|Panic on CPU|^\(XEN\) \*{40}'
first_marker() { grep -m1 -aE "$MARKERS" "$LOG" || true; }

# After a failure marker give Xen a moment to print the rest (panic reason).
settle() {
    local size=-1 n=0
    while [ $n -lt 30 ]; do
        local now; now=$(wc -c <"$LOG")
        [ "$now" = "$size" ] && break
        size=$now; n=$((n + 1)); sleep 0.3
    done
}

DEADLINE=$(( START + TIMEOUT * 1000000 ))
RESULT='' QRC=''
while :; do
    m=$(first_marker)
    if [ -n "$m" ]; then RESULT=marker; break; fi
    if ! kill -0 "$QPID" 2>/dev/null; then
        wait "$QPID" 2>/dev/null && QRC=0 || QRC=$?
        QPID=
        wait "$RPID" 2>/dev/null || true     # reader drains the FIFO to EOF
        RPID=
        m=$(first_marker)
        if [ -n "$m" ]; then RESULT=marker; else RESULT=qemu-exit; fi
        break
    fi
    if [ "${EPOCHREALTIME/./}" -ge "$DEADLINE" ]; then RESULT=timeout; break; fi
    sleep 0.1
done
TIME=$(elapsed)

tail_console() {
    echo "$PROG: --- last 30 console lines$LOGNOTE ---" >&2
    tail -n 30 "$LOG" >&2
    echo "$PROG: ---" >&2
}
finish_stream() {   # end QEMU and let the reader write out everything it has
    stop_qemu
    if [ -n "$RPID" ]; then wait "$RPID" 2>/dev/null || true; RPID=; fi
}
fail() {
    finish_stream
    tail_console
    echo "$PROG: FAILED: $*" >&2
    exit 1
}

case $RESULT in
timeout)
    finish_stream
    tail_console
    echo "$PROG: TIMEOUT after ${TIMEOUT}s" >&2
    exit 2;;
qemu-exit)
    err=$(grep -v 'terminating on signal' "$WORK/qemu.err" | head -n 3 | tr '\n' ' ' || true)
    fail "QEMU exited (status $QRC) after ${TIME}s before dom0 powered off${err:+: $err}";;
esac

case $m in
*'Hardware Dom0 halted'*|*'Entering ACPI S5 state'*)
    finish_stream
    [ "$QUIET" = 1 ] || echo "$PROG: dom0 powered off after ${TIME}s" >&2
    exit 0;;
*'Hardware Dom0 shutdown: rebooting'*)
    finish_stream
    echo "$PROG: REBOOTED: dom0 rebooted after ${TIME}s instead of powering off" >&2
    exit 3;;
*'Hardware Dom0 crashed'*)
    settle
    fail "dom0 crashed after ${TIME}s";;
*'Hardware Dom0 shutdown'*)      # watchdog or unknown reason
    settle
    fail "dom0 shutdown after ${TIME}s: ${m#*Hardware Dom0 shutdown}";;
*)                                # Xen panic (box or "Panic on CPU")
    settle
    why=$(grep -a -A1 -m1 'Panic on CPU' "$LOG" | sed -n '2s/^(XEN) *//p' || true)
    fail "Xen panic after ${TIME}s${why:+: $why}";;
esac
