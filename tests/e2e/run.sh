#!/usr/bin/env bash
# The convergence corpus: every tests/e2e/cases/NN_name/ goes through the
# end-to-end proof of tests/e2e/lib.sh (inspect, autogen, apply, compare the
# catalogs, check, data, downgrade base, compare again).
#
#   tests/e2e/run.sh                 every case
#   tests/e2e/run.sh 12_enum 30_     only cases whose name contains one of
#                                    the arguments
#   tests/e2e/run.sh --list          list the cases
#
# Uses the server PGHOST/PGPORT/PGUSER point at (as under make check);
# without PGHOST it starts a private cluster with scripts/pgcluster.sh and
# stops it at the end. RETORT is the binary (default ./retort); E2E_CASES
# names another folder of cases (the harness's own self-test uses it).
#
# Prints "ok NAME (time)" or "FAIL NAME: property ..." (with a short diff
# and the directory holding the artifacts) per case, "KNOWN-FAIL" for
# failing cases listed in tests/e2e/known_failures.txt, and a final
# "N passed, N failed, N known failures". Exits 1 if anything failed.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -uo pipefail

# shellcheck source=/dev/null
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

patterns=()
list_only=0
for arg in "$@"; do
    case $arg in
        --list) list_only=1 ;;
        -h | --help)
            awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
            exit 0
            ;;
        -*) e2e_die "unknown option $arg (see --help)" ;;
        *) patterns+=("$arg") ;;
    esac
done

cases=()
cases_dir=${E2E_CASES:-$E2E_ROOT/tests/e2e/cases}
for d in "$cases_dir"/*/; do
    [[ -d $d ]] || continue
    n=$(basename "$d")
    if ((${#patterns[@]})); then
        hit=0
        for p in "${patterns[@]}"; do
            [[ $n == *"$p"* ]] && hit=1
        done
        ((hit)) || continue
    fi
    cases+=("$n")
done
((${#cases[@]})) || e2e_die "no case matches: ${patterns[*]:-(none in $cases_dir)}"

if ((list_only)); then
    printf '%s\n' "${cases[@]}"
    exit 0
fi

e2e_find_retort
e2e_clean_env
work=$(mktemp -d /tmp/retort-e2e.XXXXXX)
# A private copy of the binary, so a rebuild during the run cannot break it.
cp "$RETORT" "$work/.retort" && RETORT=$work/.retort
cleanup() {
    e2e_drop_dbs "${E2E_DB_PREFIX}_a" "${E2E_DB_PREFIX}_b"
    e2e_stop_cluster
    rm -f "$work/.retort"
    rmdir "$work" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM
e2e_start_cluster

for n in "${cases[@]}"; do
    start=$(e2e_now_tenths)
    ok=0
    e2e_run_case "$n" "$cases_dir/$n" "$work/$n" && ok=1
    e2e_report "$n" "$(($(e2e_now_tenths) - start))" "$ok" "$work/$n"
done

echo "$e2e_passed passed, $e2e_failed failed, $e2e_known known failures"
if ((e2e_failed + e2e_known)); then
    echo "artifacts of failing cases: $work"
fi
((e2e_failed == 0))
