#!/usr/bin/env bash
# autogen when the upgrade uses an enum value it adds: PostgreSQL refuses
# the value before the ADD VALUE commits (SQLSTATE 55P04), and the runner
# applies a migration in one transaction, so autogen writes two migrations
# (the values first). Both apply, the database then matches the models,
# and downgrading both restores the start, rows included.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

conn=$(fresh_db t_autogen_enum)
dir=$(workdir)
cd "$dir"
expect_exit 0 "$RETORT" init
rm models/app.xml
R=("$RETORT" -d "$conn")

write_model() {
    cat >models/app.xml <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="urn:retort:model:1">
  <enum name="status">$1</enum>
  <table name="members">
    <column name="id" type="integer" primary-key="true"/>
    <column name="st" type="status" nullable="false" default="'$2'"/>
  </table>
</model>
EOF
}

write_model "<value>active</value><value>inactive</value>" active
expect_exit 0 "${R[@]}" autogen -m "start"
expect_exit 0 "${R[@]}" apply
psql_q "$conn" "INSERT INTO members (id) VALUES (1)"

# A new first value that becomes the default.
write_model "<value>pending</value><value>active</value><value>inactive</value>" pending
expect_exit 0 "${R[@]}" autogen -m "pending first"
expect_contains "$OUT" "Detected added value 'pending' to enum 'status'"
expect_contains "$ERR" "writing two migrations"
values=$(ls generated/*pending_first_new_enum_values.sql)
rest=$(ls generated/*_pending_first.sql)
upgrade_of() { sed -n '/^-- retort:upgrade$/,/^-- retort:downgrade$/p' "$1" | sed '1d;$d' | sed '/^$/d'; }
expect_eq "ALTER TYPE public.status ADD VALUE 'pending' BEFORE 'active';" "$(upgrade_of "$values")" \
    "upgrade of the values migration"
expect_contains "$rest" "ALTER TABLE public.members ALTER COLUMN st SET DEFAULT 'pending'"
expect_not_contains "$rest" "ADD VALUE"
expect_contains "$rest" "-- Parents: $(basename "$values" | cut -d_ -f3)"

expect_exit 0 "${R[@]}" apply
expect_contains "$ERR" "applied 2 migrations"
expect_exit 0 "${R[@]}" check
psql_q "$conn" "INSERT INTO members (id) VALUES (2)"
expect_eq "1|active,2|pending" "$(psql_q "$conn" "SELECT string_agg(id || '|' || st, ',' ORDER BY id) FROM members")" \
    "rows after the upgrade"

# Both downgrades: the value goes again (row 2 holds it, so it goes first).
psql_q "$conn" "DELETE FROM members WHERE id = 2"
expect_exit 0 "${R[@]}" downgrade -2
expect_eq "active,inactive" "$(psql_q "$conn" "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum")" \
    "enum after the downgrade"
expect_eq "1|active" "$(psql_q "$conn" "SELECT id || '|' || st FROM members")" "row after the downgrade"
