#!/usr/bin/env bash
# Test runner for `make check`.
#
# Starts a throwaway PostgreSQL cluster (scripts/pgcluster.sh), runs every
# unit-test binary in $TEST_BINS and then every executable tests/cli/*.sh,
# and stops the cluster whatever happens.
#
# Environment:
#   TEST_BINS     space-separated unit-test executables (Check programs)
#   RETORT        the retort binary (default ./retort); CLI tests get it as
#                 an absolute path
#   TESTS         only run test programs whose name matches this bash
#                 extended regex; names are unit/BINARY and cli/SCRIPT (no
#                 .sh), e.g. TESTS=unit, TESTS=cli, TESTS='strbuf|usage'
#   VALGRIND=1    run unit binaries under valgrind (with CK_FORK=no)
#   VERBOSE=1     show the output of passing test programs too
#   TEST_TIMEOUT  seconds before a single test program is killed (default 600)
#   KEEP_CLUSTER=1  keep the cluster directory after the run
#
# Test programs get RETORT_TEST_PGHOST/PGPORT/PGUSER and PGHOST, PGPORT,
# PGUSER, PGDATABASE=postgres pointing at the cluster, plus RETORT_ROOT
# (the repository root). CLI tests run from the repository root.
#
# Prints "PASS name (1.2s)" / "FAIL name" per program and a final
# "N passed, N failed"; exits 1 if anything failed.
# Re-run under bash if started as `sh script` (this is a bash script).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

# Resolve paths given relative to the caller's directory, then go to the root.
abspath() {
    local p=$1
    while [[ $p == ./* ]]; do
        p=${p#./}
    done
    case $p in
        /*) printf '%s\n' "$p" ;;
        *) printf '%s\n' "$PWD/$p" ;;
    esac
}

RETORT=$(abspath "${RETORT:-./retort}")
unit_bins=()
for b in ${TEST_BINS:-}; do
    unit_bins+=("$(abspath "$b")")
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

TESTS=${TESTS:-}
VALGRIND=${VALGRIND:-0}
VERBOSE=${VERBOSE:-0}
TEST_TIMEOUT=${TEST_TIMEOUT:-600}

# ------------------------------------------------------------ select tests
# Each entry: "kind<TAB>name<TAB>path"
tests=()
selected() {
    [[ -z $TESTS || $1 =~ $TESTS ]]
}
for b in "${unit_bins[@]}"; do
    name=unit/$(basename "$b")
    if selected "$name"; then
        tests+=("unit"$'\t'"$name"$'\t'"$b")
    fi
done
for s in tests/cli/*.sh; do
    [[ -e $s ]] || continue
    name=cli/$(basename "$s" .sh)
    [[ $s != tests/cli/lib.sh ]] || continue
    if [[ ! -x $s ]]; then
        echo "warning: $s is not executable; skipped (chmod +x it)" >&2
        continue
    fi
    if selected "$name"; then
        tests+=("cli"$'\t'"$name"$'\t'"$root/$s")
    fi
done

if [[ -n $TESTS && ${#tests[@]} == 0 ]]; then
    echo "run-tests: no test program matches TESTS='$TESTS'" >&2
    echo "0 passed, 0 failed"
    exit 1
fi

if [[ $VALGRIND == 1 ]] && ! command -v valgrind >/dev/null 2>&1; then
    echo "run-tests: VALGRIND=1 but valgrind is not installed (scripts/deps.sh --with-valgrind)" >&2
    exit 1
fi

if [[ ! -x $RETORT ]]; then
    echo "warning: $RETORT does not exist or is not executable; CLI tests will fail" >&2
fi

# ------------------------------------------------------------ cluster
# Nothing from the caller's environment may redirect the tests' connections.
while read -r var; do
    unset "$var"
done < <(compgen -e | grep '^PG' || true)

tmp=$(mktemp -d /tmp/retort-test.XXXXXX)
pgdir=$(mktemp -d /tmp/retort-pg.XXXXXX)
current_pid=""
cleaned=0

cleanup() {
    ((cleaned == 0)) || return 0
    cleaned=1
    if [[ -n $current_pid ]]; then
        # timeout(1) forwards this to the test's whole process group.
        kill -TERM "$current_pid" 2>/dev/null || true
        wait "$current_pid" 2>/dev/null || true
    fi
    scripts/pgcluster.sh stop "$pgdir" || true
    rm -rf "$tmp"
}
on_signal() {
    echo "run-tests: interrupted, cleaning up" >&2
    cleanup
    exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM
trap 'on_signal 129' HUP

if ! cluster_env=$(scripts/pgcluster.sh start "$pgdir"); then
    echo "run-tests: could not start a PostgreSQL cluster" >&2
    echo "0 passed, 1 failed"
    exit 1
fi
eval "$cluster_env"
export PGHOST PGPORT PGUSER PGDATABASE
export RETORT_TEST_PGHOST=$PGHOST RETORT_TEST_PGPORT=$PGPORT RETORT_TEST_PGUSER=$PGUSER
export RETORT RETORT_ROOT=$root

# ------------------------------------------------------------ run
now_us() {
    local t=${EPOCHREALTIME//[!0-9]/}
    echo "$((10#$t))"
}

passed=0
failed=0
for entry in "${tests[@]}"; do
    IFS=$'\t' read -r kind name path <<<"$entry"
    log=$tmp/${name//\//_}.log
    cmd=()
    if [[ ! -x $path ]]; then
        echo "$path: not found or not executable (was it built?)" >"$log"
        rc=127
    else
        if [[ $kind == unit && $VALGRIND == 1 ]]; then
            cmd=(env CK_FORK=no valgrind --error-exitcode=99 --leak-check=full
                 --errors-for-leak-kinds=definite --quiet "$path")
        else
            cmd=("$path")
        fi
        start=$(now_us)
        rc=0
        # In the background so a signal reaches our trap at once.
        timeout -k 10 "$TEST_TIMEOUT" "${cmd[@]}" >"$log" 2>&1 </dev/null &
        current_pid=$!
        wait "$current_pid" || rc=$?
        current_pid=""
        end=$(now_us)
        if ((rc == 124)); then
            echo "run-tests: killed after ${TEST_TIMEOUT}s (TEST_TIMEOUT)" >>"$log"
        fi
    fi
    if ((rc == 0)); then
        passed=$((passed + 1))
        el=$(((end - start) / 100000))
        echo "PASS $name ($((el / 10)).$((el % 10))s)"
        if [[ $VERBOSE == 1 ]]; then
            sed 's/^/    /' "$log"
        fi
    else
        failed=$((failed + 1))
        echo "FAIL $name"
        echo "---- output of $name (exit code $rc) ----"
        cat "$log"
        echo "---- last 60 lines of the server log ----"
        tail -n 60 "$pgdir/server.log" 2>/dev/null || true
        echo "----"
    fi
done

echo "$passed passed, $failed failed"
((failed == 0))
