#!/usr/bin/env bash
# Offline mode: upgrade --sql / downgrade --sql print psql scripts without
# connecting; fed to psql -v ON_ERROR_STOP=1 they give the same schema and
# bookkeeping as the online commands, including no-transaction files,
# partial ranges, --single-transaction, and a failing script stopping.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

online=$(fresh_db t_offline_online)
offline=$(fresh_db t_offline_script)
dir=$(workdir)
cd "$dir"
mkdir generated

mig() {
    printf -- '-- Revision: %s\n-- Parents: %s\n-- Created: 2026-01-01 00:00:00 UTC\n-- Message: %s\n%s\n-- retort:upgrade\n%s\n-- retort:downgrade\n%s\n' \
        "$2" "$3" "$4" "${7:-}" "$5" "$6" >"generated/$1"
}
# the schema and bookkeeping of a database, comparable as text
state() {
    pg_dump -d "$1" --schema-only --no-owner --exclude-table=retort_version | grep -v '^--' | grep -v '^$' | grep -v '^\\\(un\)\?restrict'
    psql_q "$1" "select revision, checksum, message from retort_version order by revision"
}

mig 1.sql d00000000001 base "users" \
    "CREATE TABLE users (id int PRIMARY KEY, name text DEFAULT 'it''s');
INSERT INTO users VALUES (1, E'back\\\\slash')" "DROP TABLE users;"
mig 2.sql d00000000002 d00000000001 "function with ; inside" \
    "CREATE FUNCTION add1(i int) RETURNS int LANGUAGE plpgsql AS \$body\$
BEGIN
    RETURN i + 1; -- a comment; in a body
END
\$body\$;" "DROP FUNCTION add1(int);"
mig 3.sql d00000000003 d00000000002 "concurrent index" \
    "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);" \
    "DROP INDEX CONCURRENTLY users_name_idx;" "-- retort:no-transaction"
mig 4.sql d00000000004 d00000000003 "it's quoted" \
    "COMMENT ON TABLE users IS 'the ''users'' table';
CREATE TABLE log (n int);
CREATE RULE users_log AS ON INSERT TO users DO ALSO (INSERT INTO log VALUES (1); INSERT INTO log VALUES (2));
INSERT INTO users VALUES (2, 'two');
CREATE TYPE mood AS ENUM ('ok', 'meh')" "DROP TYPE mood;
DROP RULE users_log ON users;
DROP TABLE log;
DELETE FROM users WHERE id = 2;
COMMENT ON TABLE users IS NULL;"

# no connection is made: a bogus database works
expect_exit 0 "$RETORT" -d "host=/nonexistent dbname=nope" upgrade --sql heads
cp "$OUT" full.sql
expect_contains full.sql "-- retort offline upgrade script: base -> heads (4 migrations)"
expect_contains full.sql "INSERT INTO retort_version (revision, checksum, message) VALUES ('d00000000004', "
expect_contains full.sql "'it''s quoted');"
# the no-transaction statement is outside BEGIN/COMMIT
awk '/^-- apply d00000000003/{on=1} on && /^(BEGIN|CREATE INDEX CONCURRENTLY)/{print; if (/^CREATE/) exit}' full.sql >order.txt
expect_eq "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);" "$(head -1 order.txt)" "no-transaction order"

# ---- equivalence: online upgrade vs the script
expect_exit 0 "$RETORT" -d "$online" apply
psql -X -q -v ON_ERROR_STOP=1 -d "$offline" -f full.sql >/dev/null 2>psql.err || fail "psql failed: $(cat psql.err)"
state "$online" >online.txt
state "$offline" >offline.txt
diff -u online.txt offline.txt >&2 || fail "offline script and online upgrade differ"
grep -q "CREATE INDEX users_name_idx" offline.txt || fail "the comparison missed the index"
expect_eq 4 "$(psql_q "$offline" 'select count(*) from retort_version')" "script bookkeeping"
expect_eq "1 2" "$(psql_q "$online" 'select string_agg(n::text, $$ $$ order by n) from log')" "rule with two actions (online)"
expect_eq "1 2" "$(psql_q "$offline" 'select string_agg(n::text, $$ $$ order by n) from log')" "rule with two actions (offline)"
# the online runner accepts what the script recorded
expect_exit 0 "$RETORT" -d "$offline" apply
expect_contains "$ERR" "database is up to date"

# ---- partial ranges and downgrade scripts
expect_exit 0 "$RETORT" upgrade --sql d00000000002:heads
expect_not_contains "$OUT" "CREATE TABLE users"
expect_contains "$OUT" "(2 migrations)"
expect_exit 0 "$RETORT" upgrade --sql d00000000001:+1
expect_contains "$OUT" "-- apply d00000000002"
expect_not_contains "$OUT" "-- apply d00000000003"
expect_exit 2 "$RETORT" downgrade --sql base
expect_contains "$ERR" "downgrade --sql needs FROM:TO"
expect_exit 0 "$RETORT" downgrade --sql heads:d00000000002
cp "$OUT" down.sql
expect_contains down.sql "-- revert d00000000004"
expect_contains down.sql "DELETE FROM retort_version WHERE revision = 'd00000000003';"
expect_not_contains down.sql "revision = 'd00000000002'"
expect_exit 0 "$RETORT" -d "$online" downgrade d00000000002
psql -X -q -v ON_ERROR_STOP=1 -d "$offline" -f down.sql >/dev/null 2>psql.err || fail "psql failed: $(cat psql.err)"
state "$online" >online.txt
state "$offline" >offline.txt
diff -u online.txt offline.txt >&2 || fail "offline and online downgrades differ"
expect_exit 0 "$RETORT" downgrade --sql heads:-1
expect_contains "$OUT" "(1 migration)"
expect_exit 0 "$RETORT" upgrade --sql heads:heads
expect_contains "$OUT" "(0 migrations)"
expect_contains "$ERR" "nothing to do"
expect_exit 5 "$RETORT" upgrade --sql nope:heads
expect_exit 2 "$RETORT" upgrade --sql +1:heads

# ---- --single-transaction scripts: one BEGIN/COMMIT; refused with no-transaction files
expect_exit 2 "$RETORT" upgrade --sql --single-transaction heads
expect_exit 0 "$RETORT" upgrade --sql --single-transaction d00000000002
expect_eq 1 "$(grep -c '^BEGIN;' "$OUT")" "one BEGIN"

# ---- a failing script stops at the error and keeps nothing of that migration
mig 5.sql d00000000005 d00000000004 "fails" "CREATE TABLE t5 ();
SELECT 1/0;" "DROP TABLE t5;"
fresh=$(fresh_db t_offline_fail)
expect_exit 0 "$RETORT" upgrade --sql heads
cp "$OUT" fail.sql
if psql -X -q -v ON_ERROR_STOP=1 -d "$fresh" -f fail.sql >/dev/null 2>psql.err; then
    fail "psql succeeded on a failing script"
fi
grep -q "division by zero" psql.err || fail "psql error not shown: $(cat psql.err)"
[[ $(psql_q "$fresh" "select to_regclass('t5') is null") == t ]] || fail "t5 kept"
expect_eq 4 "$(psql_q "$fresh" 'select count(*) from retort_version')" "rows before the failure"
