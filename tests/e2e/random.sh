#!/usr/bin/env bash
# Randomized schema pairs through the end-to-end proof.
#
#   tests/e2e/random.sh [--count N] [--seed S] [--edits N] [--tables N]
#                       [--max-failures N] [--sql-only]
#
# Pair i uses seed S+i (default S=1, N=100): build/e2e_gen (compiled here
# from tests/e2e/gen_random.c) writes a random schema (before.sql), rows for
# it (data.sql) and a random edit (after.sql); then the same properties as
# the corpus are checked (see tests/e2e/lib.sh): convergence, check, rows
# surviving the upgrade, downgrade base back to before.sql.
#
# A failing pair prints its seed and the exact command that replays it;
# its SQL files and artifacts are kept. --sql-only only checks that the
# generated SQL loads (tests the generator, not retort). Stops after
# --max-failures failing pairs (default 10). Seeds listed in
# tests/e2e/known_failures.txt as rnd_SEED count as known failures.
#
# Like run.sh: uses the server PGHOST points at, or starts a private one.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -uo pipefail

# its own scratch databases, so it can run beside the corpus
E2E_DB_PREFIX=${E2E_DB_PREFIX:-e2e_rnd}
# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

count=100
seed=1
max_failures=10
sql_only=0
gen_args=()
usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
    exit "${1:-0}"
}
while (($#)); do
    case $1 in
        --count) count=${2:?--count needs a number}; shift ;;
        --seed) seed=${2:?--seed needs a number}; shift ;;
        --edits | --tables) gen_args+=("$1" "${2:?$1 needs a number}"); shift ;;
        --max-failures) max_failures=${2:?--max-failures needs a number}; shift ;;
        --sql-only) sql_only=1 ;;
        -h | --help) usage 0 ;;
        *) echo "random.sh: unknown argument '$1'" >&2; usage 2 ;;
    esac
    shift
done
[[ $count =~ ^[0-9]+$ && $seed =~ ^[0-9]+$ && $max_failures =~ ^[0-9]+$ ]] \
    || e2e_die "--count, --seed and --max-failures take non-negative numbers"

# ---- the generator: C, no dependencies, rebuilt when its source changed
gen=$E2E_ROOT/build/e2e_gen
src=$E2E_ROOT/tests/e2e/gen_random.c
if [[ ! -x $gen || $src -nt $gen ]]; then
    mkdir -p "$E2E_ROOT/build"
    ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -o "$gen" "$src" \
        || e2e_die "could not compile $src"
fi

((sql_only)) || e2e_find_retort
e2e_clean_env
work=$(mktemp -d /tmp/retort-rnd.XXXXXX)
cleanup() {
    e2e_drop_dbs "${E2E_DB_PREFIX}_a" "${E2E_DB_PREFIX}_b"
    e2e_stop_cluster
    rm -f "$work/.retort"
    rmdir "$work/cases" "$work" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
e2e_start_cluster
mkdir -p "$work/cases"
if ((!sql_only)); then
    # a private copy of the binary, so a rebuild during the run cannot break it
    cp "$RETORT" "$work/.retort" && RETORT=$work/.retort
fi

replay_cmd() {
    local cmd="tests/e2e/random.sh --seed $1 --count 1"
    ((${#gen_args[@]})) && cmd+=" ${gen_args[*]}"
    echo "$cmd"
}

# --sql-only: before.sql + data.sql and after.sql must load.
sql_check() {
    local cdir=$1 w=$2 dba=${E2E_DB_PREFIX}_a dbb=${E2E_DB_PREFIX}_b
    E2E_FAILS=()
    E2E_DETAILS=()
    mkdir -p "$w"
    e2e_prepare_dbs "$dba" "$dbb" >/dev/null 2>&1 || { _e2e_fail "setup: createdb failed"; return 1; }
    if ! e2e_psql "$dba" -f "$cdir/before.sql" -f "$cdir/data.sql" >"$w/a.log" 2>&1; then
        _e2e_fail "generator: before.sql/data.sql do not load" "  $(grep -m1 ERROR "$w/a.log")"
    fi
    if ! e2e_psql "$dbb" -f "$cdir/after.sql" >"$w/b.log" 2>&1; then
        _e2e_fail "generator: after.sql does not load" "  $(grep -m1 ERROR "$w/b.log")"
    fi
    ((${#E2E_FAILS[@]} == 0))
}

for ((i = 0; i < count; i++)); do
    s=$((seed + i))
    name=rnd_$s
    cdir=$work/cases/$name
    w=$work/$name
    mkdir -p "$cdir"
    if ! summary=$("$gen" "$s" "$cdir" "${gen_args[@]}" 2>&1); then
        e2e_failed=$((e2e_failed + 1))
        echo "FAIL $name: generator failed: $summary"
        continue
    fi
    start=$(e2e_now_tenths)
    ok=0
    if ((sql_only)); then
        sql_check "$cdir" "$w" && ok=1
    else
        e2e_run_case "$name" "$cdir" "$w" && ok=1
    fi
    if ((ok)); then
        rm -rf "$cdir"
    else
        cp "$cdir"/*.sql "$w"/ 2>/dev/null || true
        rm -rf "$cdir"
        E2E_DETAILS+=("edits: $summary" "replay: $(replay_cmd "$s")")
    fi
    e2e_report "$name" "$(($(e2e_now_tenths) - start))" "$ok" "$w"
    if ((e2e_failed >= max_failures && max_failures > 0)); then
        echo "stopping after $e2e_failed failures (--max-failures)"
        break
    fi
done

echo "$e2e_passed passed, $e2e_failed failed, $e2e_known known failures (seeds $seed..$((seed + count - 1)))"
if ((e2e_failed + e2e_known)); then
    echo "artifacts of failing pairs: $work"
fi
((e2e_failed == 0))
