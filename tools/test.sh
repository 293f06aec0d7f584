#!/usr/bin/env bash
# tools/test.sh [OBJDIR]
#
# Runs the Petrel test suite (tests/Kyuafile) with Kyua against the kernels
# and Xen in OBJDIR (default: $PETREL_OBJDIR, else <repo>/obj), then prints
# a report.  The last line of output is always
#     N passed, N failed[, N skipped]
# counting Kyua results (passed + expected_failure = passed, failed + broken
# = failed).  Exit status 0 iff nothing failed and at least one test passed.
#
# Files (all in OBJDIR):
#   test-logs/            console logs of every boot (emptied first, so every
#                         run boots fresh) and Kyua's own logs
#   test-results.db       Kyua results file (kyua report --results-file ...)
#
# Environment: PETREL_TEST_JOBS = Kyua parallelism (default 1); PETREL_BOOT
# and the tunables in tests/kernel/ktest_common.subr are passed through.
set -u

root=$(cd "$(dirname "$0")/.." && pwd) || exit 1
obj=${1:-${PETREL_OBJDIR:-$root/obj}}
case $obj in
/*) ;;
*)  obj=$PWD/$obj ;;
esac

final() {
	# final PASSED FAILED SKIPPED
	local line="$1 passed, $2 failed"
	[ "$3" -gt 0 ] && line="$line, $3 skipped"
	echo "$line"
}

if ! command -v kyua >/dev/null 2>&1 || ! command -v atf-sh >/dev/null 2>&1; then
	echo "test.sh: kyua and atf-sh are needed (apt-get install kyua atf-sh)" >&2
	final 0 0 0
	exit 1
fi

mkdir -p "$obj" && obj=$(cd "$obj" && pwd) || {
	echo "test.sh: cannot use objdir $obj" >&2; final 0 0 0; exit 1; }
export PETREL_OBJDIR=$obj
# Test cases run in Kyua's temporary directories: no relative paths.
if [ -n "${PETREL_BOOT:-}" ]; then
	case $PETREL_BOOT in
	/*) ;;
	*)  export PETREL_BOOT=$PWD/$PETREL_BOOT ;;
	esac
fi

logs=$obj/test-logs
results=$obj/test-results.db
rm -rf "$logs" "$results"
mkdir -p "$logs"

# Test programs run straight from the source tree; make sure they can.
for prog in "$root"/tests/*/t_*; do
	[ -f "$prog" ] || continue
	if [ ! -x "$prog" ]; then
		echo "test.sh: warning: $prog was not executable; chmod +x" >&2
		chmod +x "$prog"
	fi
done

# kyua CMD ...: no user configuration, logs in $logs (not ~/.kyua).
k() {
	kyua -c none --logfile="$logs/kyua-$1.log" \
	    -v parallelism="${PETREL_TEST_JOBS:-1}" "$@"
}

echo "===> Running tests/Kyuafile (objdir $obj)"
k test --kyuafile "$root/tests/Kyuafile" --results-file "$results"
kyua_rc=$?

if [ ! -s "$results" ]; then
	echo "test.sh: kyua test (exit $kyua_rc) recorded no results;" \
	    "see $logs/kyua-test.log" >&2
	final 0 0 0
	exit 1
fi

echo
echo "===> Report"
k report --results-file "$results" \
    --results-filter passed,xfail,skipped,broken,failed

# Kyua result type -> count.
counts=$(k db-exec --results-file "$results" --no-headers \
    "SELECT result_type, COUNT(*) FROM test_results GROUP BY result_type")
count() {
	echo "$counts" | awk -F, -v t="$1" '$1 == t { print $2 }' | \
	    grep . || echo 0
}
passed=$(( $(count passed) + $(count expected_failure) ))
failed=$(( $(count failed) + $(count broken) ))
skipped=$(count skipped)

if [ "$failed" -gt 0 ]; then
	echo
	echo "===> Details of failed and broken test cases"
	echo "(console logs: $logs)"
	# The verbose report minus the execution context (environment), the
	# per-case metadata and the lists and summary already shown above.
	k report --results-file "$results" --verbose \
	    --results-filter broken,failed | awk '
		/^===> / {
			ctx = ($0 == "===> Execution context" || \
			    $0 == "===> Summary" || $0 ~ /^===> [A-Z][a-z ]* tests$/)
		}
		ctx { next }
		/^Metadata:$/ { md = 1; next }
		md && /^    / { next }
		md && /^$/ { md = 0; next }
		{ md = 0 }
		{ print }'
fi

echo
final "$passed" "$failed" "$skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
