#!/usr/bin/env bash
# retort inspect: a database's schema as a model file. Valid XML on
# stdout, -o FILE written atomically, --schema (command and global) and
# include/exclude filters, the unmanaged-objects warning, the version table
# left out, a model that validates and reads back with no differences, and
# a clear exit 3 (no password shown) when the database cannot be reached.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

conn=$(fresh_db t_inspect)
psql_q "$conn" "
CREATE SCHEMA billing;
COMMENT ON SCHEMA billing IS 'money & \"more\"';
CREATE TYPE run_status AS ENUM ('pending', 'done');
CREATE TABLE crews (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE runs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  crew_id int REFERENCES crews (id) ON DELETE CASCADE,
  status run_status NOT NULL DEFAULT 'pending',
  cost numeric(10,2) CHECK (cost >= 0));
COMMENT ON COLUMN runs.cost IS 'line one
line <two> & \"three\"';
CREATE INDEX ON runs (crew_id, cost DESC NULLS LAST) WHERE cost > 0;
CREATE TABLE billing.invoices (no int PRIMARY KEY, run_id bigint REFERENCES runs (id));
CREATE VIEW crew_names AS SELECT name FROM crews;
CREATE TABLE retort_version (revision text PRIMARY KEY);
" >/dev/null

dir=$(workdir)
cd "$dir"

# To standard output: well-formed, the objects, one warning for the view.
expect_exit 0 "$RETORT" -d "$conn" inspect
xmllint --noout "$OUT" || fail "inspect printed XML that xmllint rejects"
expect_contains "$OUT" '<model xmlns="urn:retort:model:1">'
expect_contains "$OUT" '<column name="id" type="serial" primary-key="true"/>'
expect_contains "$OUT" '<column name="crew_id" type="integer" references="crews(id)" on-delete="cascade"/>'
expect_contains "$OUT" '<index columns="crew_id, cost DESC NULLS LAST" where="cost &gt; (0)::numeric"/>'
expect_contains "$OUT" 'comment="line one&#10;line &lt;two&gt; &amp; &quot;three&quot;"'
expect_contains "$OUT" '<schema name="billing" comment="money &amp; &quot;more&quot;">'
expect_contains "$OUT" 'references="public.runs(id)"'
expect_not_contains "$OUT" retort_version
expect_not_contains "$OUT" crew_names
expect_contains "$ERR" "warning: the database has 1 object of kinds retort does not manage yet"
expect_contains "$ERR" "view public.crew_names"
[[ $(grep -c warning "$ERR") == 1 ]] || fail "expected exactly one warning line"
cp "$OUT" stdout.xml

# -o FILE: the same document, nothing on stdout, no temporary file left.
expect_exit 0 "$RETORT" -d "$conn" inspect -o model.xml
[[ ! -s $OUT ]] || fail "inspect -o also wrote to stdout"
cmp -s model.xml stdout.xml || fail "inspect -o wrote something else than stdout"
[[ ! -e model.xml.tmp ]] || fail "model.xml.tmp left behind"
# Deterministic: a second run gives the same bytes.
expect_exit 0 "$RETORT" -d "$conn" inspect --output model2.xml
cmp -s model.xml model2.xml || fail "two inspections differ"

# The written model validates and matches the database.
expect_exit 0 "$RETORT" -d "$conn" --models model.xml validate
expect_exit 0 "$RETORT" -d "$conn" --models model.xml check

# An unwritable target fails cleanly and leaves nothing behind.
expect_exit 2 "$RETORT" -d "$conn" inspect -o /nonexistent/dir/model.xml
expect_contains "$ERR" "/nonexistent/dir/model.xml"

# --schema after the command, and as a global option.
expect_exit 0 "$RETORT" -d "$conn" inspect --schema billing
xmllint --noout "$OUT" || fail "--schema output is not well-formed"
# billing.invoices refers to public.runs, which this model leaves out.
expect_contains "$ERR" "1 foreign key refers to tables left out of this inspection: billing.invoices -> public.runs"
expect_contains "$OUT" '<table name="invoices">'
expect_not_contains "$OUT" '<table name="crews">'
expect_not_contains "$OUT" run_status
expect_exit 0 "$RETORT" -d "$conn" --schema public inspect
expect_contains "$OUT" '<table name="crews">'
expect_not_contains "$OUT" invoices
# The command's --schema replaces the global one.
expect_exit 0 "$RETORT" -d "$conn" --schema public inspect --schema billing
expect_contains "$OUT" invoices
expect_not_contains "$OUT" '<table name="crews">'

# Include/exclude filters apply to tables.
expect_exit 0 "$RETORT" -d "$conn" --exclude '^public\.runs$' inspect
expect_not_contains "$OUT" '<table name="runs">'
expect_contains "$OUT" '<table name="crews">'

# A project's retort.conf is honoured (schemas, version table).
cat >retort.conf <<EOF
[retort]
database = $conn
schemas = billing
EOF
expect_exit 0 "$RETORT" inspect
expect_contains "$OUT" invoices
expect_not_contains "$OUT" '<table name="crews">'
rm retort.conf
expect_exit 0 "$RETORT" -d "$conn" --version-table crews inspect
expect_not_contains "$OUT" '<table name="crews">'
expect_contains "$OUT" '<table name="retort_version">'

# Usage errors.
expect_exit 2 "$RETORT" -d "$conn" inspect extra-argument
expect_contains "$ERR" "extra-argument"
expect_exit 2 "$RETORT" -d "$conn" inspect --no-such-option
expect_exit 0 "$RETORT" inspect --help
expect_contains "$OUT" "--output"

# Unreachable database: exit 3, one clear error, no password, no file.
expect_exit 3 "$RETORT" -d "host=/nonexistent dbname=x user=u password=secret" inspect -o never.xml
expect_contains "$ERR" "could not connect to the database"
expect_not_contains "$ERR" secret
expect_not_contains "$OUT" secret
[[ ! -e never.xml && ! -e never.xml.tmp ]] || fail "a failed inspect left a file"
expect_exit 3 "$RETORT" -d "postgresql://u:secret@/x?host=/nonexistent" inspect
expect_not_contains "$ERR" secret
[[ -z $(find . -maxdepth 1 -name 'never.xml.*') ]] || fail "a failed inspect left a temporary file"

# -o onto something that is not a regular file writes into it: renaming a
# temporary file over /dev/null would replace the device with a plain file.
expect_exit 0 "$RETORT" -d "$conn" inspect -o /dev/null
[[ -c /dev/null ]] || fail "inspect -o /dev/null replaced the device"
mkfifo model.fifo
cat model.fifo >fifo.out &
expect_exit 0 "$RETORT" -d "$conn" inspect -o model.fifo
wait
expect_contains fifo.out '<model xmlns="urn:retort:model:1">'
