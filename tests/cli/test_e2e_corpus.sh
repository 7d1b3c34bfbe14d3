#!/usr/bin/env bash
# The convergence corpus (tests/e2e/cases) through the end-to-end proof:
# inspect, autogen, apply, compare catalogs, check, data, downgrade base.
# See tests/e2e/run.sh and TESTING.md; run one case with
# `tests/e2e/run.sh NAME`.
#
# First the harness proves it can fail: the cases in tests/e2e/selftest are
# broken on purpose and must be reported as failing, each for its reason.
set -euo pipefail
root=${RETORT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}

out=$(mktemp /tmp/retort-e2e-selftest.XXXXXX)
trap 'rm -f "$out"' EXIT
rc=0
E2E_CASES=$root/tests/e2e/selftest bash "$root/tests/e2e/run.sh" >"$out" 2>&1 || rc=$?
selftest_fail() {
    echo "e2e self-test: $*" >&2
    sed 's/^/    /' "$out" >&2
    exit 1
}
((rc == 1)) || selftest_fail "run.sh exited $rc on broken cases, expected 1"
grep -q '^FAIL wrong_model: convergence: ' "$out" \
    || selftest_fail "a model that does not describe after.sql was not reported as a convergence failure"
grep -q '^FAIL wrong_expected: data: ' "$out" \
    || selftest_fail "a wrong data_expected.txt was not reported as a data failure"
grep -q '^FAIL bad_sql: setup: database B: after.sql failed' "$out" \
    || selftest_fail "an after.sql that does not load was not reported"
grep -q '^0 passed, 3 failed, 0 known failures$' "$out" \
    || selftest_fail "unexpected summary line"
rm -rf "$(sed -n 's/^artifacts of failing cases: //p' "$out")"
echo "self-test: the harness reports broken cases"

rm -f "$out"
exec bash "$root/tests/e2e/run.sh"
