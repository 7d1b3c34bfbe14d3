#!/usr/bin/env bash
# apply / upgrade / downgrade against a real server: every target form,
# progress output, failing migrations (rolled back, exit 4, file:line
# messages), rerun after a fix, edited and missing applied files (exit 5),
# garbage files, no-transaction files and --single-transaction.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

conn=$(fresh_db t_apply)
dir=$(workdir)
cd "$dir"
mkdir generated

# mig FILE REV PARENTS MESSAGE UPGRADE DOWNGRADE [HEADER-EXTRA]
mig() {
    printf -- '-- retort migration\n-- Revision: %s\n-- Parents: %s\n-- Created: 2026-01-01 00:00:%02d UTC\n-- Message: %s\n%s\n-- retort:upgrade\n%s\n\n-- retort:downgrade\n%s\n' \
        "$2" "$3" "${#2}" "$4" "${7:-}" "$5" "$6" >"generated/$1"
}
r() { "$RETORT" -d "$conn" "$@"; }
q() { psql_q "$conn" "$1"; }
applied() { q "select string_agg(revision, ' ' order by revision) from retort_version"; }

mig 1.sql a00000000001 base "create users" \
    "CREATE TABLE users (id int PRIMARY KEY, name text);" "DROP TABLE users;"
mig 2.sql a00000000002 a00000000001 "add email" \
    "ALTER TABLE users ADD COLUMN email text;
-- a comment; with a semicolon
INSERT INTO users VALUES (1, 'it''s; fine', E'a\\';b');" \
    "ALTER TABLE users DROP COLUMN email;
DELETE FROM users;"
mig 3.sql a00000000003 a00000000002 "add posts" \
    "CREATE TABLE posts (id int, body text DEFAULT \$\$a;b\$\$);
CREATE FUNCTION one() RETURNS int LANGUAGE sql AS \$fn\$ SELECT 1; \$fn\$;" \
    "DROP FUNCTION one();
DROP TABLE posts;"

# ---- nothing applied yet; upgrade +1, then REV prefix, then the rest
expect_exit 0 r current
expect_contains "$OUT" "(no revision applied)"
expect_exit 0 r upgrade +1
expect_match "$ERR" '^applying a00000000001 create users \.\.\. [0-9]+ ms$'
expect_eq "a00000000001" "$(applied)" "after +1"
expect_exit 0 r upgrade a00000000002
expect_eq "a00000000001 a00000000002" "$(applied)" "after upgrade REV"
expect_eq "it's; fine|a';b" "$(q "select name || '|' || email from users")" "quoted data"
expect_exit 0 r apply
expect_eq "a00000000001 a00000000002 a00000000003" "$(applied)" "after apply"
expect_eq "a;b" "$(q "select column_default from information_schema.columns where table_name='posts' and column_name='body'" | sed "s/'\(.*\)'::text/\1/")" "dollar default"
expect_exit 0 r apply
expect_contains "$ERR" "database is up to date"
expect_exit 0 r -q apply
[[ ! -s $ERR ]] || fail "-q apply printed: $(cat "$ERR")"

# checksums are SHA-256 of the upgrade section
sum=$(awk '/^-- retort:upgrade$/{on=1;next} /^-- retort:downgrade$/{on=0} on' generated/1.sql | sha256sum | cut -d' ' -f1)
expect_eq "$sum" "$(q "select checksum from retort_version where revision='a00000000001'")" "checksum"
expect_eq "create users" "$(q "select message from retort_version where revision='a00000000001'")" "message"

# ---- downgrade forms
expect_exit 0 r downgrade -1
expect_match "$ERR" '^reverting a00000000003 add posts \.\.\. [0-9]+ ms$'
expect_eq "a00000000001 a00000000002" "$(applied)" "after -1"
[[ $(q "select to_regclass('posts') is null") == t ]] || fail "posts still there"
expect_exit 5 r downgrade a0000000000
expect_contains "$ERR" "revision prefix 'a0000000000' is ambiguous; it matches a00000000001, a00000000002, a00000000003"
expect_exit 5 r downgrade a00000000003
expect_contains "$ERR" "revision a00000000003 (add posts) is not applied"
expect_exit 5 r upgrade ffffffffffff
expect_contains "$ERR" "can't locate revision identified by 'ffffffffffff'"
expect_exit 2 r downgrade heads
expect_exit 2 r upgrade -1
expect_exit 2 r upgrade
expect_exit 2 r upgrade a:b
expect_exit 0 r downgrade a00000000001
expect_eq "a00000000001" "$(applied)" "after downgrade REV"
expect_exit 0 r downgrade a00000000001
expect_contains "$ERR" "nothing to downgrade"
expect_exit 0 r downgrade base
expect_eq "" "$(applied)" "after downgrade base"
[[ $(q "select to_regclass('users') is null") == t ]] || fail "users still there"
expect_exit 0 r upgrade head
expect_eq "a00000000001 a00000000002 a00000000003" "$(applied)" "after upgrade head"

# ---- a failing migration: rolled back, exit 4, file:line:col, earlier ones stay
mig 4.sql a00000000004 a00000000003 "broken one" \
    "CREATE TABLE t4 (id int);
INSERT INTO t4 VALUES (1);
INSERT INTO t4
  SELECT nope FROM users;" "DROP TABLE t4;"
mig 5.sql a00000000005 a00000000004 "after broken" "CREATE TABLE t5 ();" "DROP TABLE t5;"
expect_exit 4 r apply
# the statement starts on line 10 of 4.sql; "nope" is at line 11, column 10
expect_contains "$ERR" "generated/4.sql:10: error: migration a00000000004 (broken one) failed"
expect_contains "$ERR" 'generated/4.sql:11:10: error: column "nope" does not exist (SQLSTATE 42703)'
expect_contains "$ERR" "retort: no changes from this migration were kept; earlier migrations stay applied"
expect_contains "$ERR" "applying a00000000004 broken one ... failed"
expect_eq "a00000000001 a00000000002 a00000000003" "$(applied)" "bookkeeping after failure"
[[ $(q "select to_regclass('t4') is null") == t ]] || fail "t4 from the failed migration is visible"
# fix it and rerun
sed -i 's/SELECT nope FROM users/SELECT id FROM users/' generated/4.sql
expect_exit 0 r apply
expect_eq "a00000000001 a00000000002 a00000000003 a00000000004 a00000000005" "$(applied)" "after fix"
expect_eq 2 "$(q 'select count(*) from t4')" "t4 rows"

# ---- an applied file edited afterwards: exit 5, --allow-changed, stamp current
echo "-- an innocent edit" >>generated/2.sql   # lands in the downgrade section: checksum unchanged
expect_exit 0 r apply
sed -i 's/ADD COLUMN email text;/ADD COLUMN email text;  /' generated/2.sql
mig 6.sql a00000000006 a00000000005 "six" "CREATE TABLE t6 ();" "DROP TABLE t6;"
expect_exit 5 r apply
expect_contains "$ERR" "generated/2.sql:7: error: applied migration a00000000002 (add email) was edited after it was applied"
expect_contains "$ERR" "retort stamp current"
[[ $(q "select to_regclass('t6') is null") == t ]] || fail "apply went ahead despite the edited file"
expect_exit 0 r apply --allow-changed
expect_contains "$ERR" "warning: applied migration a00000000002"
[[ $(q "select to_regclass('t6') is not null") == t ]] || fail "--allow-changed did not apply"
expect_exit 0 r stamp current
expect_contains "$ERR" "1 checksum refreshed"
expect_exit 0 r downgrade -1
expect_not_contains "$ERR" "warning"

# ---- an applied revision with no file: exit 5 "can't locate revision"
q "insert into retort_version (revision, checksum) values ('dddddddddddd', 'x')"
expect_exit 5 r apply
expect_contains "$ERR" "can't locate revision 'dddddddddddd' applied to the database"
expect_contains "$ERR" "Restore the missing migration file"
expect_exit 5 r downgrade -1
expect_exit 5 r current
expect_contains "$OUT" "dddddddddddd (unknown revision)"
expect_exit 5 r stamp heads
expect_contains "$ERR" "--purge"
expect_exit 0 r stamp --purge current
[[ $(q "select count(*) from retort_version where revision='dddddddddddd'") == 0 ]] || fail "purge kept the row"

# ---- garbage files: exit 5, each named, nothing runs
printf 'hello\n' >generated/junk.sql
printf -- '-- Revision: xyz\n-- Parents: base\n-- retort:upgrade\n-- retort:downgrade\n' >generated/junk2.sql
printf 'not sql at all' >generated/notes.txt
expect_exit 5 r apply
expect_contains "$ERR" "generated/junk.sql:1: error: SQL before the '-- retort:upgrade' marker"
expect_contains "$ERR" "generated/junk2.sql:1: error: invalid revision id 'xyz'"
expect_contains "$ERR" "the migrations in 'generated' have errors; nothing was done"
expect_not_contains "$ERR" notes.txt
expect_exit 5 r history
rm generated/junk.sql generated/junk2.sql

# an unterminated quote stops the run before anything executes
mig 7.sql a00000000007 a00000000006 "seven" "CREATE TABLE t7 ();" "DROP TABLE t7;"
mig 8.sql a00000000008 a00000000007 "eight" "SELECT 'oops;" "SELECT 1;"
expect_exit 5 r apply
expect_contains "$ERR" "generated/8.sql:8: error: unterminated quoted string in the upgrade section of migration a00000000008"
[[ $(q "select to_regclass('t7') is null") == t ]] || fail "t7 applied although a later file is broken"
rm generated/8.sql
expect_exit 0 r apply

# ---- no-transaction files
mig 9.sql a00000000009 a00000000007 "index concurrently" \
    "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);" \
    "DROP INDEX CONCURRENTLY users_name_idx;" "-- retort:no-transaction"
expect_exit 0 r apply
[[ $(q "select to_regclass('users_name_idx') is not null") == t ]] || fail "concurrent index missing"
expect_exit 2 r downgrade -1 --single-transaction
expect_contains "$ERR" "cannot be part of --single-transaction"
expect_exit 0 r downgrade -1
[[ $(q "select to_regclass('users_name_idx') is null") == t ]] || fail "concurrent index not dropped"
mig 9.sql a00000000009 a00000000007 "index concurrently" \
    "CREATE TABLE nt1 ();
CREATE INDEX CONCURRENTLY bad_idx ON nope (x);" "DROP TABLE nt1;" "-- retort:no-transaction"
expect_exit 4 r apply
expect_contains "$ERR" "runs outside a transaction (-- retort:no-transaction): its statements before line 9 may have been applied"
[[ $(q "select to_regclass('nt1') is not null") == t ]] || fail "no-transaction statement was not autocommitted"
[[ $(q "select count(*) from retort_version where revision='a00000000009'") == 0 ]] || fail "failed no-transaction file recorded"
rm generated/9.sql
q "drop table nt1"

# ---- --single-transaction: a failure keeps nothing of the batch
mig 10.sql a00000000010 a00000000007 "ten" "CREATE TABLE t10 ();" "DROP TABLE t10;"
mig 11.sql a00000000011 a00000000010 "eleven" "SELECT 1/0;" "SELECT 1;"
expect_exit 4 r apply --single-transaction
expect_contains "$ERR" "division by zero (SQLSTATE 22012)"
expect_contains "$ERR" "no changes from this run were kept (--single-transaction)"
[[ $(q "select to_regclass('t10') is null") == t ]] || fail "t10 kept despite --single-transaction"
[[ $(q "select count(*) from retort_version where revision='a00000000010'") == 0 ]] || fail "ten recorded"
mig 11.sql a00000000011 a00000000010 "eleven" "SELECT 1/1;" "SELECT 1;"
expect_exit 0 r apply --single-transaction
expect_eq "a00000000001 a00000000002 a00000000003 a00000000004 a00000000005 a00000000006 a00000000007 a00000000010 a00000000011" "$(applied)" "rows after batch"

# ---- a schema-qualified bookkeeping table in a schema the first migration creates
conn2=$(fresh_db t_apply_vt)
rm -rf generated2 && mkdir generated2
printf -- '-- Revision: b00000000001\n-- Parents: base\n-- retort:upgrade\nCREATE SCHEMA ops;\n-- retort:downgrade\nDROP SCHEMA ops;\n' >generated2/1.sql
expect_exit 0 "$RETORT" -d "$conn2" --migrations generated2 --version-table ops.deploys apply
expect_eq b00000000001 "$(psql_q "$conn2" 'select revision from ops.deploys')" "ops.deploys"
expect_exit 0 "$RETORT" -d "$conn2" --migrations generated2 --version-table ops.deploys current
expect_contains "$OUT" "b00000000001 (head)"
expect_exit 2 "$RETORT" -d "$conn2" --version-table a.b.c apply

# ---- transaction control inside a transactional file is refused up front
conn3=$(fresh_db t_apply_txn)
rm -rf generated3 && mkdir generated3
printf -- '-- Revision: b00000000002\n-- Parents: base\n-- retort:upgrade\nBEGIN;\nCREATE TABLE x ();\nSAVEPOINT s; ROLLBACK TO s; ROLLBACK WORK TO SAVEPOINT s;\nCOMMIT;\n-- retort:downgrade\n' >generated3/1.sql
expect_exit 5 "$RETORT" -d "$conn3" --migrations generated3 apply
expect_contains "$ERR" "generated3/1.sql:4: error: migration b00000000002 controls the transaction itself ('BEGIN')"
expect_contains "$ERR" "generated3/1.sql:7: error: migration b00000000002 controls the transaction itself ('COMMIT')"
expect_not_contains "$ERR" "ROLLBACK"
sed -i '/^BEGIN;$/d; /^COMMIT;$/d' generated3/1.sql
expect_exit 0 "$RETORT" -d "$conn3" --migrations generated3 apply
# CREATE INDEX CONCURRENTLY in a transactional file: PostgreSQL's error plus our hint
printf -- '-- Revision: b00000000003\n-- Parents: b00000000002\n-- retort:upgrade\nCREATE INDEX CONCURRENTLY ON x ((1));\n-- retort:downgrade\n' >generated3/2.sql
expect_exit 4 "$RETORT" -d "$conn3" --migrations generated3 apply
expect_contains "$ERR" "(SQLSTATE 25001)"
expect_contains "$ERR" "hint: This statement cannot run inside a transaction. Put '-- retort:no-transaction' in the header of generated3/2.sql"
# "relation already exists": the hint says stamp
printf -- '-- Revision: b00000000003\n-- Parents: b00000000002\n-- retort:upgrade\nCREATE TABLE y ();\n-- retort:downgrade\nDROP TABLE y;\n' >generated3/2.sql
psql_q "$conn3" "CREATE TABLE y ()"
expect_exit 4 "$RETORT" -d "$conn3" --migrations generated3 apply
expect_contains "$ERR" 'error: relation "y" already exists (SQLSTATE 42P07)'
expect_contains "$ERR" "record the migration as applied without running it: 'retort stamp b00000000003', then run 'retort apply' again"
expect_exit 0 "$RETORT" -d "$conn3" --migrations generated3 stamp b00000000003
expect_exit 0 "$RETORT" -d "$conn3" --migrations generated3 apply
expect_contains "$ERR" "database is up to date"

# ---- failures outside the statements: a deferred constraint at COMMIT, a missing bookkeeping schema
conn4=$(fresh_db t_apply_commit)
rm -rf generated4 && mkdir generated4
printf -- '-- Revision: b00000000004\n-- Parents: base\n-- retort:upgrade\nCREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (pid int REFERENCES p DEFERRABLE INITIALLY DEFERRED);\nINSERT INTO c VALUES (5);\n-- retort:downgrade\n' >generated4/1.sql
expect_exit 4 "$RETORT" -d "$conn4" --migrations generated4 apply
expect_contains "$ERR" "generated4/1.sql:3: error: migration b00000000004 failed at COMMIT (deferred constraints are checked there)"
expect_contains "$ERR" "(SQLSTATE 23503)"
[[ $(psql_q "$conn4" "select to_regclass('c') is null and to_regclass('retort_version') is null") == t ]] \
    || fail "a migration that failed at COMMIT left something behind"
sed -i '/INSERT INTO c/d' generated4/1.sql
expect_exit 4 "$RETORT" -d "$conn4" --migrations generated4 --version-table nosuch.t apply
expect_contains "$ERR" "failed while updating the bookkeeping table nosuch.t"
expect_contains "$ERR" 'schema "nosuch" does not exist (SQLSTATE 3F000)'
[[ $(psql_q "$conn4" "select to_regclass('c') is null") == t ]] || fail "bookkeeping failure kept the migration"

# ---- a downgrade section without SQL under an upgrade that has some: not revertible
printf -- '-- Revision: b00000000005\n-- Parents: base\n-- retort:upgrade\nCREATE TABLE z ();\n-- retort:downgrade\n-- dropping z would lose data; this cannot be undone\n' >generated4/1.sql
psql_q "$conn4" "SET client_min_messages = warning; DROP TABLE IF EXISTS c, p"
expect_exit 0 "$RETORT" -d "$conn4" --migrations generated4 apply
expect_exit 5 "$RETORT" -d "$conn4" --migrations generated4 downgrade base
expect_contains "$ERR" "generated4/1.sql:5: error: migration b00000000005 cannot be reverted: its downgrade section has no SQL"
expect_eq 1 "$(psql_q "$conn4" 'select count(*) from retort_version')" "bookkeeping kept"

# ---- a connection that cannot be made: exit 3
expect_exit 3 "$RETORT" -d "host=/nonexistent dbname=x" apply
