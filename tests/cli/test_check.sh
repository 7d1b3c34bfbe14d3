#!/usr/bin/env bash
# retort check: exit 0 when the database matches the models, 1 with the
# differences listed otherwise; -q keeps it silent on success. Also the
# drift cases a team meets: a column changed by hand, an index dropped,
# an enum value added by hand, a table renamed in the model.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

conn=$(fresh_db t_check)
dir=$(workdir)
cd "$dir"
mkdir models
cat >models/app.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="urn:retort:model:1">
  <enum name="mood"><value>happy</value><value>sad</value></enum>
  <table name="people">
    <column name="id" type="int" primary-key="true"/>
    <column name="name" type="varchar(50)" nullable="false"/>
    <column name="mood" type="mood" default="'happy'"/>
    <index columns="name"/>
  </table>
</model>
EOF
R=("$RETORT" -d "$conn")

expect_exit 1 "${R[@]}" check
expect_contains "$OUT" "Detected added table 'people'"
expect_contains "$OUT" "Detected added enum 'mood'"

psql_q "$conn" "CREATE TYPE mood AS ENUM ('happy', 'sad');
  CREATE TABLE people (id int PRIMARY KEY, name varchar(50) NOT NULL, mood mood DEFAULT 'happy');
  CREATE INDEX people_name_idx ON people (name);
  INSERT INTO people VALUES (1, 'ann', 'sad')"
expect_exit 0 "${R[@]}" check
expect_eq "No differences" "$(cat "$OUT")" "check output"
expect_exit 0 "${R[@]}" -q check
[[ ! -s $OUT ]] || fail "-q check printed: $(cat "$OUT")"
expect_exit 2 "${R[@]}" check extra

# Drift made by hand shows up, in Alembic's words.
psql_q "$conn" "ALTER TABLE people ALTER COLUMN name TYPE text; DROP INDEX people_name_idx;
  ALTER TYPE mood ADD VALUE 'angry'"
expect_exit 1 "${R[@]}" check
expect_contains "$OUT" "Detected type change of column 'people.name' from text to character varying(50) (destroys data)"
expect_contains "$OUT" "Detected added index 'people_name_idx' on 'people'"
expect_contains "$OUT" "Detected removed or reordered values of enum 'mood' from ('happy', 'sad', 'angry') to ('happy', 'sad') (destroys data)"

# diff repairs it; the row survives.
expect_exit 0 "${R[@]}" diff
psql_q "$conn" "$(cat "$OUT")"
expect_exit 0 "${R[@]}" check
expect_eq "ann|sad" "$(psql_q "$conn" "SELECT name, mood FROM people")" "row after repair"

# A rename in the model is a rename in SQL, not a drop and a create.
sed -i 's/<table name="people">/<table name="persons" renamed-from="people">/' models/app.xml
expect_exit 1 "${R[@]}" check
expect_contains "$OUT" "Detected renamed table 'people' to 'persons'"
expect_not_contains "$OUT" "removed table"
expect_exit 0 "${R[@]}" diff
expect_contains "$OUT" "ALTER TABLE public.people RENAME TO persons;"
psql_q "$conn" "$(cat "$OUT")"
expect_eq "ann" "$(psql_q "$conn" "SELECT name FROM persons")" "row after rename"

# With schemas configured, a model object outside them is an error, not an
# eternal "added table".
cat >models/extra.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<model xmlns="urn:retort:model:1">
  <schema name="billing"><table name="invoices"><column name="id" type="int"/></table></schema>
</model>
EOF
expect_exit 2 "${R[@]}" --schema public check
expect_contains "$ERR" "schema 'billing', which is not managed"
expect_exit 2 "${R[@]}" --schema public diff
expect_exit 1 "${R[@]}" --schema public --schema billing check
expect_contains "$OUT" "Detected added table 'billing.invoices'"
rm models/extra.xml

# -v says where the time went.
expect_exit 0 "$RETORT" -d "$conn" -v check
expect_match "$ERR" "read the database in [0-9.]+ s; the models were ready [0-9.]+ s later"
expect_match "$ERR" "normalized in [0-9.]+ s, diffed and ordered in [0-9.]+ s"

# Broken models: exit 2 before touching the database.
echo '<model xmlns="urn:retort:model:1"><table name="x"><column name="a" type=/></table></model>' \
    >models/broken.xml
expect_exit 2 "${R[@]}" check
expect_contains "$ERR" "have errors; nothing was done"
expect_not_contains "$ERR" "could not connect"

# The models load while the database is read (on a second thread): with
# both broken, the models speak and nothing is said of the database; with
# good models, an unreachable database is exit 3 with libpq's reason.
bad_db="host=$dir/no-such-socket-dir dbname=nowhere connect_timeout=2"
for cmd in check diff "autogen -m x"; do
    # shellcheck disable=SC2086
    expect_exit 2 "$RETORT" -d "$bad_db" $cmd
    expect_contains "$ERR" "models/broken.xml:1:"
    expect_not_contains "$ERR" "could not connect"
done
# Nor, with the database reachable, that it is behind the migration folder.
mkdir pending && cp -r "$(dirname "$RETORT")/templates" .
expect_exit 0 "${R[@]}" --migrations pending revision -m "not applied"
expect_exit 2 "${R[@]}" --migrations pending autogen -m x
expect_contains "$ERR" "models/broken.xml:1:"
expect_not_contains "$ERR" "up to date"
rm -r models/broken.xml pending templates
for cmd in check diff "autogen -m x"; do
    # shellcheck disable=SC2086
    expect_exit 3 "$RETORT" -d "$bad_db" $cmd
    expect_contains "$ERR" "could not connect to the database"
    expect_not_contains "$ERR" "models"
done
