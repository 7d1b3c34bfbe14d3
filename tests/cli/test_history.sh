#!/usr/bin/env bash
# History commands on a forked history: heads, branches, history (formats
# and ranges), show, current, merge (and its refusals), stamp, and the
# "relation already exists" recovery with stamp.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

conn=$(fresh_db t_history)
dir=$(workdir)
cd "$dir"
mkdir generated templates
cp "$RETORT_ROOT/templates/migration.sql.tmpl" templates/

# mig FILE REV PARENTS DAY MESSAGE UPGRADE DOWNGRADE
mig() {
    printf -- '-- retort migration\n-- Revision: %s\n-- Parents: %s\n-- Created: 2026-01-%02d 00:00:00 UTC\n-- Message: %s\n\n-- retort:upgrade\n%s\n\n-- retort:downgrade\n%s\n' \
        "$2" "$3" "$4" "$5" "$6" "$7" >"generated/$1"
}
r() { "$RETORT" -d "$conn" "$@"; }
q() { psql_q "$conn" "$1"; }
applied() { q "select coalesce(string_agg(revision, ' ' order by revision collate \"C\"), '') from retort_version"; }

#   a1 -- a2 -- a3
#           \-- b3
mig 1.sql a00000000001 base 1 "create users" "CREATE TABLE users (id int);" "DROP TABLE users;"
mig 2.sql a00000000002 a00000000001 2 "add name" "ALTER TABLE users ADD name text;" "ALTER TABLE users DROP name;"
mig 3.sql a00000000003 a00000000002 3 "add posts" "CREATE TABLE posts ();" "DROP TABLE posts;"
mig 4.sql b00000000003 a00000000002 4 "add tags" "CREATE TABLE tags ();" "DROP TABLE tags;"

# ---- empty folders
mkdir empty
expect_exit 0 r --migrations empty history
[[ ! -s $OUT ]] || fail "history of an empty folder printed: $(cat "$OUT")"
expect_exit 0 r --migrations empty heads
expect_exit 0 r --migrations does-not-exist current
expect_contains "$OUT" "(no revision applied)"

# ---- heads, branches, history
expect_exit 0 r heads
expect_eq "a00000000003 (head), add posts
b00000000003 (head), add tags" "$(cat "$OUT")" "heads"
expect_exit 0 r branches
expect_eq "a00000000002 (branchpoint), add name
    -> a00000000003 (head), add posts
    -> b00000000003 (head), add tags" "$(cat "$OUT")" "branches"
expect_exit 0 r history
expect_eq "a00000000002 -> b00000000003 (head), add tags
a00000000002 -> a00000000003 (head), add posts
a00000000001 -> a00000000002 (branchpoint), add name
<base> -> a00000000001, create users" "$(cat "$OUT")" "history"
expect_exit 0 r history -r a00000000002:
expect_eq 3 "$(wc -l <"$OUT")" "history a2:"
expect_exit 0 r history -r :a00000000002
expect_eq "a00000000001 -> a00000000002 (branchpoint), add name
<base> -> a00000000001, create users" "$(cat "$OUT")" "history :a2"
expect_exit 0 r history -r base:b0
expect_eq 3 "$(wc -l <"$OUT")" "history base:b0"
expect_exit 0 r history --rev-range=-1:a00000000003
expect_eq "a00000000002 -> a00000000003 (head), add posts
a00000000001 -> a00000000002 (branchpoint), add name" "$(cat "$OUT")" "history -1:a3"
expect_exit 0 r history -r:a00000000001
expect_eq "<base> -> a00000000001, create users" "$(cat "$OUT")" "history -r:a1"
expect_exit 2 r history -verbose
expect_contains "$ERR" "unknown option '-verbose'"
expect_exit 2 r history -r
expect_contains "$ERR" "option '-r' needs a value"
expect_exit 0 r history -r heads:
expect_eq "a00000000002 -> b00000000003 (head), add tags
a00000000002 -> a00000000003 (head), add posts" "$(cat "$OUT")" "history heads:"
expect_exit 2 r history -r nocolon
expect_exit 5 r history -r zz:
expect_exit 0 r history --verbose -r :a00000000001
expect_contains "$OUT" "Rev: a00000000001"
expect_contains "$OUT" "Parents: base"
expect_contains "$OUT" "Children: a00000000002"
expect_contains "$OUT" "File: generated/1.sql"

# ---- show
expect_exit 0 r show a00000000002
expect_contains "$OUT" "Revision: a00000000002 (branchpoint)"
expect_contains "$OUT" "Parents: a00000000001"
expect_contains "$OUT" "Children: a00000000003, b00000000003"
expect_contains "$OUT" "ALTER TABLE users ADD name text;"
expect_contains "$OUT" "ALTER TABLE users DROP name;"
expect_exit 5 r show a0000000000
expect_contains "$ERR" "ambiguous"
expect_exit 5 r show head
expect_contains "$ERR" "several heads"
expect_exit 2 r show

# ---- several heads: "upgrade head" refuses, "apply" applies both branches
expect_exit 5 r upgrade head
expect_contains "$ERR" "several heads: a00000000003, b00000000003; use 'heads' or merge them with 'retort merge'"
expect_exit 0 r upgrade a00000000003
expect_eq "a00000000001 a00000000002 a00000000003" "$(applied)" "one branch"
expect_exit 0 r history --indicate-current
expect_contains "$OUT" "a00000000002 -> a00000000003 (head) (current), add posts"
expect_contains "$OUT" "a00000000002 -> b00000000003 (head) (pending), add tags"
expect_exit 0 r history -r current:
expect_eq "a00000000002 -> a00000000003 (head), add posts" "$(cat "$OUT")" "history current:"
expect_exit 0 r history -r :current
expect_eq 3 "$(wc -l <"$OUT")" "history :current"
expect_exit 0 r apply
expect_eq "a00000000001 a00000000002 a00000000003 b00000000003" "$(applied)" "both branches"
expect_exit 0 r current
expect_eq "b00000000003 (head), add tags
a00000000003 (head), add posts" "$(cat "$OUT")" "current with two heads"
expect_exit 0 r current --verbose
expect_contains "$OUT" "Checksum: "
expect_contains "$OUT" "(matches the file)"
expect_match "$OUT" '^Applied: 20[0-9]{2}-[0-9]{2}-[0-9]{2} [0-9:]{8} UTC$'
# downgrading one branch leaves the other
expect_exit 0 r downgrade a00000000002
expect_eq "a00000000001 a00000000002" "$(applied)" "downgrade to the branch point"
expect_exit 0 r apply

# ---- merge
expect_exit 2 r merge heads
expect_contains "$ERR" "missing -m MESSAGE"
expect_exit 2 r merge -m x a00000000002 a00000000003
expect_contains "$ERR" "revision a00000000002 is an ancestor of a00000000003; merging them joins nothing"
expect_exit 2 r merge -m x a00000000003
expect_exit 5 r merge -m x heads ffff
expect_exit 2 r merge --message
expect_contains "$ERR" "option '--message' needs a value"
expect_exit 0 r merge --message="Join posts & tags" heads
merge_file=$(cat "$OUT")
[[ -f $merge_file ]] || fail "merge did not print the file it wrote: $merge_file"
[[ $(basename "$merge_file") =~ ^[0-9]{8}_[0-9]{6}_([0-9a-f]{12})_join_posts_tags\.sql$ ]] \
    || fail "bad merge file name: $merge_file"
merge_rev=${BASH_REMATCH[1]}
expect_contains "$merge_file" "-- Parents: a00000000003, b00000000003"
expect_contains "$merge_file" "-- Message: Join posts & tags"
expect_exit 0 r heads
expect_eq "$merge_rev (head) (mergepoint), Join posts & tags" "$(cat "$OUT")" "heads after merge"
expect_exit 0 r upgrade head
expect_contains "$ERR" "applying $merge_rev Join posts & tags"
expect_exit 0 r current
expect_eq "$merge_rev (head) (mergepoint), Join posts & tags" "$(cat "$OUT")" "current after merge"
# a merge has empty sections: reverting it only removes its row
expect_exit 0 r downgrade -1
expect_contains "$ERR" "reverting $merge_rev Join posts & tags"
expect_exit 0 r upgrade heads
expect_exit 0 r history -r -1:head
expect_eq "a00000000003, b00000000003 -> $merge_rev (head) (mergepoint), Join posts & tags
a00000000002 -> b00000000003, add tags" "$(cat "$OUT")" "history of a merge"
# a broken template is refused with its name
printf -- '-- Revision: {revision}\n-- Parents: {parents}\n{oops}\n' >templates/migration.sql.tmpl
mig 5.sql c00000000005 a00000000001 5 "side branch" "SELECT 1;" "SELECT 1;"
expect_exit 2 r merge -m again heads
expect_contains "$ERR" "templates/migration.sql.tmpl': line 3: unknown placeholder '{oops}'"
rm -r templates
expect_exit 2 r merge -m again heads
expect_contains "$ERR" "could not read migration template 'templates/migration.sql.tmpl'"
rm generated/5.sql

# ---- stamp
expect_exit 0 r stamp a00000000002
expect_eq "a00000000001 a00000000002" "$(applied)" "stamp a2"
expect_contains "$ERR" "stamped: 0 revisions recorded, 3 removed"
expect_exit 0 r stamp a00000000002
expect_contains "$ERR" "nothing changed"
expect_exit 0 r stamp base
expect_eq "" "$(applied)" "stamp base"
expect_exit 0 r stamp heads
expect_eq "$(printf '%s\n' a00000000001 a00000000002 a00000000003 "$merge_rev" b00000000003 | LC_ALL=C sort | xargs)" "$(applied)" "stamp heads"
expect_exit 0 r stamp a00000000003 b0
expect_eq "a00000000001 a00000000002 a00000000003 b00000000003" "$(applied)" "stamp two revisions"
expect_exit 5 r stamp nope
expect_exit 2 r stamp
[[ $(q "select to_regclass('posts') is not null") == t ]] || fail "stamp ran SQL"

# ---- "relation already exists": the schema predates retort; stamp, then apply
conn2=$(fresh_db t_history_adopt)
psql_q "$conn2" "CREATE TABLE users (id int); ALTER TABLE users ADD name text;"
expect_exit 4 "$RETORT" -d "$conn2" apply
expect_contains "$ERR" 'error: relation "users" already exists (SQLSTATE 42P07)'
expect_exit 0 "$RETORT" -d "$conn2" stamp a00000000002
expect_exit 0 "$RETORT" -d "$conn2" apply
expect_eq 5 "$(psql_q "$conn2" 'select count(*) from retort_version')" "adopted database rows"
