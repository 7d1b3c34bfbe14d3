#!/usr/bin/env bash
# retort autogen / revision / diff: the example models against an empty
# database give one initial migration that applies and leaves nothing to do;
# adding a notifications table gives exactly its CREATE TABLE, index and FK
# with DROP TABLE as the downgrade; the database must be at head; -m is
# required; a broken or missing template is a clear usage error.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

conn=$(fresh_db t_autogen)
dir=$(workdir)
cd "$dir"
expect_exit 0 "$RETORT" init
# The example models without their notifications table, which this test adds
# itself (and without init's commented-out starter file).
rm models/app.xml
for f in "$RETORT_ROOT"/models/*.xml; do
    [[ $(basename "$f") == notifications.xml ]] || cp "$f" models/
done
R=("$RETORT" -d "$conn")

# -m is required, and nothing else is accepted.
expect_exit 2 "${R[@]}" autogen
expect_contains "$ERR" "a message is required"
expect_exit 2 "${R[@]}" autogen -m x extra
expect_exit 2 "${R[@]}" revision
[[ -z $(ls generated/*.sql 2>/dev/null) ]] || fail "a usage error wrote a migration"

# diff prints the SQL without writing anything.
expect_exit 0 "${R[@]}" diff
expect_contains "$OUT" "CREATE TABLE public.users ("
expect_contains "$OUT" "CREATE EXTENSION pgcrypto;"
[[ -z $(ls generated/*.sql 2>/dev/null) ]] || fail "diff wrote a file"

# The initial migration.
expect_exit 0 "${R[@]}" autogen -m "initial schema"
expect_contains "$OUT" "Detected added table 'users'"
expect_contains "$OUT" "Detected added enum 'run_status'"
expect_match "$OUT" '^Generating generated/[0-9]{8}_[0-9]{6}_[0-9a-f]{12}_initial_schema\.sql \.\.\. done$'
files=(generated/*.sql)
((${#files[@]} == 1)) || fail "expected one migration, got ${#files[@]}"
first=${files[0]}
expect_contains "$first" "-- retort:upgrade"
expect_contains "$first" "-- Parents: base"
expect_contains "$first" "CREATE TABLE public.crews ("
expect_contains "$first" "DROP TABLE public.users;"
ntables=$(cat models/*.xml | grep -cE '^[[:space:]]*<table ')
((ntables >= 10)) || fail "the example models have only $ntables tables"
expect_eq "$ntables" "$(grep -c '^CREATE TABLE ' "$first")" "CREATE TABLE statements in the initial migration"

# The database is behind the folder now: autogen refuses.
expect_exit 5 "${R[@]}" autogen -m "too early"
expect_contains "$ERR" "database is not up to date; run retort apply"
expect_exit 0 "${R[@]}" history
expect_contains "$OUT" "initial schema"

expect_exit 0 "${R[@]}" apply
expect_exit 0 "${R[@]}" autogen -m "nothing"
expect_contains "$OUT" "No changes detected"
expect_eq 1 "$(ls generated/*.sql | wc -l)" "migrations after a no-change autogen"
expect_exit 0 "${R[@]}" diff
[[ ! -s $OUT ]] || fail "diff printed SQL for an up-to-date database: $(cat "$OUT")"

# A new table: exactly its CREATE TABLE (FK inline), index, and DROP TABLE back.
cat >models/notifications.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="urn:retort:model:1">
  <table name="notifications">
    <column name="id" type="bigint" identity="always" primary-key="true"/>
    <column name="user_id" type="uuid" nullable="false" references="users(id)" on-delete="cascade"/>
    <column name="message" type="varchar(500)" nullable="false"/>
    <column name="read" type="boolean" nullable="false" default="false"/>
    <column name="created_at" type="timestamptz" default="now()"/>
    <index columns="user_id"/>
  </table>
</model>
EOF
psql_q "$conn" "INSERT INTO users (email) VALUES ('ann@example.com')"
expect_exit 0 "${R[@]}" autogen -m "add notifications"
expect_eq "Detected added table 'notifications'
Detected added index 'notifications_user_id_idx' on 'notifications'" "$(grep '^Detected' "$OUT")" "report"
new=$(ls generated/*add_notifications.sql)
upgrade=$(sed -n '/^-- retort:upgrade$/,/^-- retort:downgrade$/p' "$new" | sed '1d;$d' | sed '/^$/d')
expect_eq "CREATE TABLE public.notifications (
    id bigint GENERATED ALWAYS AS IDENTITY,
    user_id uuid NOT NULL,
    message character varying(500) NOT NULL,
    read boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now(),
    PRIMARY KEY (id),
    FOREIGN KEY (user_id) REFERENCES public.users (id) ON DELETE CASCADE
);
CREATE INDEX notifications_user_id_idx ON public.notifications (user_id);" "$upgrade" "upgrade section"
downgrade=$(sed -n '/^-- retort:downgrade$/,$p' "$new" | sed '1d' | sed '/^$/d')
expect_eq "-- destroys data: drops table public.notifications
DROP TABLE public.notifications;" "$downgrade" "downgrade section"
expect_contains "$new" "-- Parents: $(basename "$first" | cut -d_ -f3)"

expect_exit 0 "${R[@]}" apply
psql_q "$conn" "INSERT INTO notifications (user_id, message) SELECT id, 'hi' FROM users"
expect_eq "hi|f" "$(psql_q "$conn" "SELECT message, read FROM notifications")" "row in the new table"
expect_exit 0 "${R[@]}" check

# Downgrade one step: the table is gone, the users' rows stay.
expect_exit 0 "${R[@]}" downgrade -1
expect_eq 0 "$(psql_q "$conn" "SELECT count(*) FROM pg_tables WHERE tablename = 'notifications'")" \
    "notifications after downgrade"
expect_eq 1 "$(psql_q "$conn" "SELECT count(*) FROM users")" "users after downgrade"
expect_exit 1 "${R[@]}" check
expect_contains "$OUT" "Detected added table 'notifications'"

# Everything down: the initial downgrade removes every managed object.
expect_exit 0 "${R[@]}" downgrade base
expect_eq 0 "$(psql_q "$conn" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relname <> 'retort_version' AND c.relkind IN ('r', 'S', 'i')
    AND c.relname NOT LIKE 'retort_version%'")" "relations left after downgrade base"
expect_eq 0 "$(psql_q "$conn" "SELECT count(*) FROM pg_type WHERE typname = 'run_status'")" "enum after base"

# --empty writes a migration even without changes; revision needs no database.
expect_exit 0 "${R[@]}" apply
n_before=$(ls generated/*.sql | wc -l)
expect_exit 0 "${R[@]}" autogen --empty -m "placeholder"
expect_contains "$OUT" "Generating generated/"
expect_eq $((n_before + 1)) "$(ls generated/*.sql | wc -l)" "files after --empty"
expect_exit 0 "$RETORT" -d "host=/nonexistent dbname=none" revision -m "hand written"
hand=$(ls generated/*hand_written.sql)
expect_contains "$hand" "-- retort:downgrade"
expect_exit 0 "${R[@]}" history
expect_contains "$OUT" "hand written"

# Broken and missing templates are usage errors that write nothing.
count=$(ls generated/*.sql | wc -l)
printf 'no placeholders here\n' >templates/migration.sql.tmpl
expect_exit 2 "$RETORT" -d "$conn" revision -m "bad template"
expect_contains "$ERR" "template"
rm templates/migration.sql.tmpl
expect_exit 2 "$RETORT" -d "$conn" revision -m "missing template"
expect_contains "$ERR" "could not read migration template"
expect_eq "$count" "$(ls generated/*.sql | wc -l)" "files after template errors"

# A database that cannot be reached: exit 3.
expect_exit 3 "$RETORT" -d "host=/nonexistent dbname=none" diff

# An enum value added and used bare in a CHECK and an index predicate on a
# column of that type (no ::cast, which the model cannot have yet): two
# migrations, the value first; both apply, check is clean, rows survive
# and the downgrades restore the start.
conn2=$(fresh_db t_autogen_enum_check)
dir2=$(workdir)
cd "$dir2"
expect_exit 0 "$RETORT" init
rm models/app.xml
R2=("$RETORT" -d "$conn2")
write_tasks() {
    cat >models/tasks.xml <<XML
<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="urn:retort:model:1">
  <enum name="task_state"><value>open</value><value>done</value>$1</enum>
  <table name="tasks">
    <column name="id" type="integer" primary-key="true"/>
    <column name="state" type="task_state" nullable="false"/>
    <column name="note" type="text"/>
    $2
  </table>
</model>
XML
}
write_tasks "" ""
expect_exit 0 "${R2[@]}" autogen -m "tasks"
expect_exit 0 "${R2[@]}" apply
psql_q "$conn2" "INSERT INTO tasks VALUES (1, 'open', NULL), (2, 'done', 'x')"
write_tasks "<value>archived</value>" \
    "<check name=\"tasks_archived_note\" expression=\"state &lt;&gt; 'archived' OR note IS NOT NULL\"/>
    <index name=\"tasks_archived_idx\" columns=\"id\" where=\"state = 'archived'\"/>"
expect_exit 0 "${R2[@]}" autogen -m "archive"
expect_contains "$ERR" "writing two migrations"
values=$(ls generated/*archive_new_enum_values.sql)
rest=$(ls generated/*_archive.sql)
expect_contains "$values" "ALTER TYPE public.task_state ADD VALUE 'archived';"
expect_not_contains "$values" "tasks_archived_note"
expect_contains "$rest" "ADD CONSTRAINT tasks_archived_note CHECK"
expect_contains "$rest" "CREATE INDEX tasks_archived_idx"
expect_not_contains "$rest" "ADD VALUE"
expect_exit 0 "${R2[@]}" apply
expect_contains "$ERR" "applied 2 migrations"
expect_exit 0 "${R2[@]}" check
psql_q "$conn2" "INSERT INTO tasks VALUES (3, 'archived', 'old')"
expect_exit 1 psql_q "$conn2" "INSERT INTO tasks VALUES (4, 'archived', NULL)"
psql_q "$conn2" "DELETE FROM tasks WHERE id = 3"
expect_exit 0 "${R2[@]}" downgrade -2
expect_eq "open,done" "$(psql_q "$conn2" "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum")" \
    "enum after the downgrade"
expect_eq "1|open,2|done" "$(psql_q "$conn2" "SELECT string_agg(id || '|' || state, ',' ORDER BY id) FROM tasks")" \
    "rows after the downgrade"
