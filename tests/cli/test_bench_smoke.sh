#!/usr/bin/env bash
# `make bench` still works: the schema generator is deterministic and
# rejects bad input, the floor capture turns a server log into the same
# statements with their parameters, and a small end-to-end run (N=50, one
# run, no Alembic) times every command and proves that retort's migration
# turns the before database into the after model.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

dir=$(workdir)
gen=$dir/gen_schema
cc -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wvla -Wstrict-prototypes -Wwrite-strings \
    -Wmissing-prototypes -Wshadow -Wformat=2 -I"$RETORT_ROOT/src" \
    -o "$gen" "$RETORT_ROOT/bench/gen_schema.c" || fail "bench/gen_schema.c does not compile"

# --- generator: bad input
expect_exit 2 "$gen"
expect_contains "$ERR" usage
expect_exit 2 "$gen" 0 before
expect_exit 2 "$gen" 10 sideways
expect_exit 2 "$gen" -5 after
expect_exit 2 "$gen" 12x before
expect_exit 2 "$gen" -s nope 10 before
expect_exit 2 "$gen" migrations "$dir/m0" 0

# --- generator: deterministic, before and after differ by a few percent
"$gen" 50 before >"$dir/b1.sql" 2>"$dir/b1.counts"
"$gen" 50 before >"$dir/b2.sql" 2>/dev/null
"$gen" 50 after >"$dir/a1.sql" 2>"$dir/a1.counts"
"$gen" -s 7 50 before >"$dir/s7.sql" 2>/dev/null
cmp -s "$dir/b1.sql" "$dir/b2.sql" || fail "two runs of 'gen_schema 50 before' differ"
! cmp -s "$dir/b1.sql" "$dir/a1.sql" || fail "before and after are identical"
! cmp -s "$dir/b1.sql" "$dir/s7.sql" || fail "another seed gave the same schema"
expect_eq 50 "$(grep -c '^CREATE TABLE' "$dir/b1.sql")" "tables in before"
expect_eq 50 "$(sed -n 's/^tables=//p' "$dir/b1.counts")" "tables= in the counts"
changes=$(sed -n 's/^changes=//p' "$dir/a1.counts")
objects=$(sed -n 's/^objects=//p' "$dir/a1.counts")
[[ $changes -gt 0 && $objects -gt 0 ]] || fail "no changes ($changes) or objects ($objects) counted"
# About 5%: allow 2-10% at this small size.
((changes * 100 >= objects * 2 && changes * 100 <= objects * 10)) \
    || fail "$changes changes in $objects objects is not about 5%"
# Column counts: id plus 5-13 more (6-14), before any change.
awk '/^CREATE TABLE/ { n = 0; next } /^    [a-z]/ && !/CONSTRAINT/ { n++ }
     /^\);/ { if (n < 6 || n > 14) { print "table with " n " columns"; bad = 1 } }
     END { exit bad }' "$dir/b1.sql" || fail "a table has fewer than 6 or more than 14 columns"
for want in 'REFERENCES public\.' 'CREATE UNIQUE INDEX' ' WHERE ' 'CHECK \(' 'COMMENT ON TABLE' \
        'CREATE TYPE public\.state_01 AS ENUM' 'numeric\(' 'varchar\(' 'jsonb' 'uuid' 'timestamptz'; do
    grep -qE -- "$want" "$dir/b1.sql" || fail "the before schema has no $want"
done

# --- the SQL builds real databases, and they differ as planned
conn_b=$(fresh_db t_bench_b)
conn_a=$(fresh_db t_bench_a)
psql -Xq -v ON_ERROR_STOP=1 -d "$conn_b" -f "$dir/b1.sql" >/dev/null || fail "before SQL fails"
psql -Xq -v ON_ERROR_STOP=1 -d "$conn_a" -f "$dir/a1.sql" >/dev/null || fail "after SQL fails"
tb=$(psql_q "$conn_b" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
ta=$(psql_q "$conn_a" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
added=$(sed -n 's/^change_table_added=//p' "$dir/a1.counts")
dropped=$(sed -n 's/^change_table_dropped=//p' "$dir/a1.counts")
expect_eq 50 "$tb" "tables in the before database"
expect_eq $((50 + added - dropped)) "$ta" "tables in the after database"

# --- migration folders
expect_exit 0 "$gen" migrations "$dir/mig" 5
head=$(cat "$OUT")
expect_eq 5 "$(find "$dir/mig" -name '*.sql' | wc -l)" "migration files"
first=$(find "$dir/mig" -name '*.sql' | sort | head -n 1)
expect_contains "$first" "-- Parents: base"
expect_contains "$first" "-- retort:upgrade"
expect_contains "$first" "-- retort:downgrade"
last=$(find "$dir/mig" -name '*.sql' | sort | tail -n 1)
expect_contains "$last" "-- Revision: $head"
[[ $(basename "$last") =~ ^[0-9]{8}_[0-9]{6}_${head}_step_5\.sql$ ]] \
    || fail "file name $(basename "$last") is not YYYYMMDD_HHMMSS_<rev>_<slug>.sql"
# Each file's parent is the previous file's revision.
prev=base
while read -r f; do
    grep -qx -- "-- Parents: $prev" "$f" || fail "$(basename "$f") does not build on $prev"
    prev=$(sed -n 's/^-- Revision: //p' "$f")
    [[ $prev =~ ^[0-9a-f]{12}$ ]] || fail "bad revision id '$prev' in $f"
done < <(find "$dir/mig" -name '*.sql' | sort)

# --- floor capture: parameters substituted, $1 not taken for $10
tab=$'\t'
cat >"$dir/capture.log" <<LOG
2026-01-01 00:00:00.000 UTC [1] LOG:  statement: BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY
2026-01-01 00:00:00.001 UTC [1] LOG:  execute <unnamed>: SELECT n.nspname
${tab}FROM pg_namespace n
${tab}WHERE n.oid = ANY(\$1::oid[]) AND \$2 <> '' AND \$10 IS NULL
2026-01-01 00:00:00.001 UTC [1] DETAIL:  parameters: \$1 = '{2200}', \$2 = 'it''s', \$3 = NULL, \$4 = 'a', \$5 = 'b', \$6 = 'c', \$7 = 'd', \$8 = 'e', \$9 = 'f', \$10 = 'ten, \$1'
2026-01-01 00:00:00.002 UTC [1] LOG:  statement: ROLLBACK
LOG
awk -f "$RETORT_ROOT/bench/floor_capture.awk" "$dir/capture.log" >"$dir/floor.sql"
cat >"$dir/floor.want" <<'SQL'
BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;

SELECT n.nspname
FROM pg_namespace n
WHERE n.oid = ANY('{2200}'::oid[]) AND 'it''s' <> '' AND 'ten, $1' IS NULL;

ROLLBACK;

SQL
diff -u "$dir/floor.want" "$dir/floor.sql" >&2 || fail "floor_capture.awk output is wrong"
expect_eq "" "$(psql -XAtq -v ON_ERROR_STOP=1 -d "$conn_b" -f "$dir/floor.sql")" "captured script result"

# --- bad settings are refused before anything runs
expect_exit 1 env BENCH_SIZES=abc bash "$RETORT_ROOT/bench/run.sh"
expect_contains "$ERR" BENCH_SIZES
expect_exit 1 env BENCH_RUNS=0 bash "$RETORT_ROOT/bench/run.sh"
expect_contains "$ERR" BENCH_RUNS
expect_exit 1 env BENCH_ALEMBIC=maybe bash "$RETORT_ROOT/bench/run.sh"
expect_exit 1 env BENCH_ALEMBIC_RUNS="1000:3 5000" bash "$RETORT_ROOT/bench/run.sh"
expect_contains "$ERR" BENCH_ALEMBIC_RUNS
expect_exit 1 env RETORT=/nonexistent/retort bash "$RETORT_ROOT/bench/run.sh"
expect_contains "$ERR" "no retort binary"

# --- the whole benchmark, small
expect_exit 0 env BENCH_SIZES=50 BENCH_RUNS=1 BENCH_ALEMBIC=0 BENCH_HISTORY_N=200 \
    BENCH_APPLY_N=50 BENCH_RESULTS="$dir/results.md" bash "$RETORT_ROOT/bench/run.sh"
report=$OUT
expect_match "$report" '^Headline \(N=50 tables\): retort autogen [0-9.]+ s = [0-9.]+x the catalog\+XML floor, peak [0-9]+ MB'
for row in 'floor: psql' 'floor: xmllint' 'retort inspect' 'retort autogen' 'retort check' \
        'retort diff' 'retort history, 200 files' 'retort heads, 200 files' \
        'retort current, 200 files' 'retort apply, 50 trivial migrations'; do
    grep -F -- "| $row" "$report" | grep -qE '\| [0-9]+\.[0-9]+ \|' \
        || fail "no timing row for '$row' in the report"
done
expect_match "$report" '^\| 50 \| [0-9]+ \| [0-9]+ in [12] files? \| - \| ok \('
expect_match "$report" '^apply overhead per migration: -?[0-9]+\.[0-9]+ ms'
expect_contains "$report" "Alembic column skipped (BENCH_ALEMBIC=0)"
cmp -s "$report" "$dir/results.md" || fail "BENCH_RESULTS does not hold the report"
expect_contains "$ERR" "verified: the migration makes the before database match the after model"
