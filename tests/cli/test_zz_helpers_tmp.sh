#!/usr/bin/env bash
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"
conn=$(fresh_db t_helpers)
echo "conn=$conn"
psql_q "$conn" 'create table t(x int); insert into t values (42)'
expect_eq 42 "$(psql_q "$conn" 'select x from t')" "row"
conn=$(fresh_db t_helpers)
expect_eq 0 "$(psql_q "$conn" "select count(*) from pg_tables where tablename='t'")"
d=$(workdir); cd "$d"; echo hi > f; [[ -f $d/f ]] || fail nofile
echo "workdir=$d"
expect_exit 1 false
expect_not_contains "$OUT" foo
on_exit 'echo on_exit ran >&2'
if [[ -n ${WANT_FAIL:-} ]]; then
  expect_contains "$ERR" "not there"
fi
if [[ -n ${WANT_FAIL2:-} ]]; then
  x=$(fresh_db 'Bad-Name')
fi
