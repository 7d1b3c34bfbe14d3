#!/usr/bin/env bash
# The runner under concurrency and crashes: two runners at once apply each
# migration exactly once; --lock-timeout gives up with exit 3; a runner
# killed with SIGKILL mid-migration leaves nothing of that migration and a
# rerun applies it; a backend terminated mid-migration gives exit 3.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

conn=$(fresh_db t_concurrency)
dir=$(workdir)
cd "$dir"
mkdir generated

mig() {
    printf -- '-- Revision: %s\n-- Parents: %s\n-- Message: %s\n-- retort:upgrade\n%s\n-- retort:downgrade\n%s\n' \
        "$2" "$3" "$4" "$5" "$6" >"generated/$1"
}
q() { psql_q "$conn" "$1"; }

# ---- two runners at once: every migration exactly once
q "CREATE TABLE runs (rev text)"
prev=base
for i in 1 2 3 4 5 6; do
    rev=$(printf 'c%011d' "$i")
    mig "$i.sql" "$rev" "$prev" "step $i" \
        "INSERT INTO runs VALUES ('$rev'); SELECT pg_sleep(0.1);" "DELETE FROM runs WHERE rev = '$rev';"
    prev=$rev
done
"$RETORT" -d "$conn" apply >"$dir/out1" 2>"$dir/err1" &
p1=$!
"$RETORT" -d "$conn" apply >"$dir/out2" 2>"$dir/err2" &
p2=$!
s1=0; wait "$p1" || s1=$?
s2=0; wait "$p2" || s2=$?
[[ $s1 == 0 && $s2 == 0 ]] || fail "concurrent runners exited $s1 and $s2: $(cat "$dir/err1" "$dir/err2")"
expect_eq "6 6" "$(q "select count(*) || ' ' || count(distinct rev) from runs")" "each migration once"
expect_eq 6 "$(q "select count(*) from retort_version")" "bookkeeping rows"
# one of them did the work, the other found nothing left
grep -q "database is up to date" "$dir/err1" "$dir/err2" || fail "no runner reported 'up to date'"

# ---- lock timeout: a slow migration holds the lock; a second runner gives up
mig 7.sql c00000000007 c00000000006 "slow" "SELECT pg_sleep(4);" "SELECT 1;"
"$RETORT" -d "$conn" apply >/dev/null 2>"$dir/err3" &
slow=$!
for _ in $(seq 50); do
    [[ $(q "select count(*) from pg_stat_activity where query like '%pg_sleep(4)%' and pid <> pg_backend_pid()") == 1 ]] && break
    sleep 0.1
done
start=$SECONDS
expect_exit 3 "$RETORT" -d "$conn" apply --lock-timeout 1
expect_contains "$ERR" "another retort runner holds the lock on t_concurrency (waited 1 s)"
((SECONDS - start < 4)) || fail "--lock-timeout 1 waited $((SECONDS - start)) s"
wait "$slow" || fail "the slow runner failed: $(cat "$dir/err3")"
expect_exit 0 "$RETORT" -d "$conn" current
expect_contains "$OUT" "c00000000007 (head), slow"

# ---- SIGKILL mid-migration: nothing of it stays, the rerun applies it
mig 8.sql c00000000008 c00000000007 "killed" \
    "CREATE TABLE half_done (id int); INSERT INTO runs VALUES ('c00000000008'); SELECT pg_sleep(5);" \
    "DROP TABLE half_done; DELETE FROM runs WHERE rev = 'c00000000008';"
"$RETORT" -d "$conn" apply >/dev/null 2>&1 &
victim=$!
for _ in $(seq 50); do
    [[ $(q "select count(*) from pg_stat_activity where query like '%pg_sleep(5)%' and pid <> pg_backend_pid()") == 1 ]] && break
    sleep 0.1
done
{ kill -9 "$victim" && wait "$victim"; } 2>/dev/null || true
[[ $(q "select to_regclass('half_done') is null") == t ]] || fail "half_done is visible after SIGKILL"
[[ $(q "select count(*) from retort_version where revision = 'c00000000008'") == 0 ]] || fail "killed migration recorded"
[[ $(q "select count(*) from runs where rev = 'c00000000008'") == 0 ]] || fail "killed migration's insert visible"
# The orphaned backend still holds the lock until its sleep ends; the rerun waits for it.
mig 8.sql c00000000008 c00000000007 "killed" \
    "CREATE TABLE half_done (id int); INSERT INTO runs VALUES ('c00000000008');" \
    "DROP TABLE half_done; DELETE FROM runs WHERE rev = 'c00000000008';"
expect_exit 0 "$RETORT" -d "$conn" apply --lock-timeout 30
[[ $(q "select to_regclass('half_done') is not null") == t ]] || fail "rerun did not apply the killed migration"
expect_eq 1 "$(q "select count(*) from runs where rev = 'c00000000008'")" "rerun ran it once"

# ---- the server side goes away mid-migration: exit 3, nothing kept
mig 9.sql c00000000009 c00000000008 "terminated" \
    "CREATE TABLE never (id int); SELECT pg_sleep(10);" "DROP TABLE never;"
"$RETORT" -d "$conn" apply >"$dir/out4" 2>"$dir/err4" &
victim=$!
for _ in $(seq 50); do
    [[ $(q "select count(*) from pg_stat_activity where query like '%pg_sleep(10)%' and pid <> pg_backend_pid()") == 1 ]] && break
    sleep 0.1
done
q "select pg_terminate_backend(pid) from pg_stat_activity where query like '%pg_sleep(10)%' and pid <> pg_backend_pid()" >/dev/null
s=0; wait "$victim" || s=$?
[[ $s == 3 ]] || fail "expected exit 3 after the backend was terminated, got $s: $(cat "$dir/err4")"
grep -q "lost the connection to the database while applying migration c00000000009 (terminated)" "$dir/err4" \
    || fail "no 'lost the connection' message: $(cat "$dir/err4")"
[[ $(q "select to_regclass('never') is null") == t ]] || fail "terminated migration left a table"
[[ $(q "select count(*) from retort_version where revision = 'c00000000009'") == 0 ]] || fail "terminated migration recorded"
