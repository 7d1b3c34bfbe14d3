#!/usr/bin/env bash
# Self-test of tests/cli/lib.sh and the test cluster (doesn't need retort).
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

conn=$(fresh_db t_lib_selftest)
expect_contains <(echo "$conn") "dbname=t_lib_selftest"
psql_q "$conn" 'CREATE TABLE t (x int); INSERT INTO t VALUES (42)'
expect_eq 42 "$(psql_q "$conn" 'SELECT x FROM t')" "row read back"

# fresh_db really starts from scratch
conn=$(fresh_db t_lib_selftest)
expect_eq 0 "$(psql_q "$conn" "SELECT count(*) FROM pg_tables WHERE tablename = 't'")" \
    "tables in a fresh database"

dir=$(workdir)
[[ -d $dir && -z $(ls -A "$dir") ]] || fail "workdir did not give an empty directory"

expect_exit 3 sh -c 'echo out; echo err >&2; exit 3'
expect_contains "$OUT" out
expect_contains -i "$ERR" ERR
expect_not_contains "$OUT" err
expect_match "$OUT" '^o.t$'
expect_eq 3 "$STATUS" "STATUS"

# a failing expectation fails the (sub)shell with a message
if (expect_exit 0 false) 2>/dev/null; then
    fail "expect_exit did not fail on a wrong exit code"
fi

psql_q postgres 'DROP DATABASE t_lib_selftest'
