#!/usr/bin/env bash
# Configuration precedence: built-in defaults < retort.conf < DATABASE_URL <
# command-line options; -c names another file; include/exclude patterns from
# either place keep objects out of the comparison; bad files are exit 2 with
# FILE:LINE; a password in any of them never reaches the output.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

good=$(fresh_db t_config)
bad="host=/nonexistent dbname=nope password=hunter2"
dir=$(workdir)
cd "$dir"
mkdir models other
cat >models/app.xml <<'EOF2'
<model xmlns="urn:retort:model:1">
  <table name="people"><column name="id" type="integer" primary-key="true"/></table>
</model>
EOF2
cat >other/app.xml <<'EOF2'
<model xmlns="urn:retort:model:1">
  <table name="places"><column name="id" type="integer" primary-key="true"/></table>
</model>
EOF2
psql_q "$good" "CREATE TABLE people (id integer PRIMARY KEY); CREATE TABLE tmp_scratch (x int)"
unset DATABASE_URL

# Built-in defaults: models/ in the current folder, libpq's environment.
expect_exit 1 "$RETORT" -d "$good" check
expect_contains "$OUT" "tmp_scratch"

# retort.conf: its database and an exclude pattern are used.
cat >retort.conf <<EOF2
[retort]
database = $good
exclude = ^public\.tmp_
EOF2
expect_exit 0 "$RETORT" check

# DATABASE_URL beats the file; the option beats DATABASE_URL.
DATABASE_URL="$bad" expect_exit 3 "$RETORT" check
expect_not_contains "$ERR" hunter2
DATABASE_URL="$bad" expect_exit 0 "$RETORT" -d "$good" check

# The file's database is used when the environment does not name one, and
# a wrong one is a connection error naming no password.
sed -i "s|^database = .*|database = $bad|" retort.conf
expect_exit 3 "$RETORT" check
expect_contains "$ERR" "could not connect to the database"
expect_not_contains "$ERR" hunter2
DATABASE_URL="$good" expect_exit 0 "$RETORT" check

# Command-line lists replace the file's: --exclude overrides its exclude.
DATABASE_URL="$good" expect_exit 1 "$RETORT" --exclude '^public\.nothing' check
expect_contains "$OUT" "tmp_scratch"
DATABASE_URL="$good" expect_exit 0 "$RETORT" --include '^public\.people$' check

# --models beats the file's models setting, which beats the default.
printf 'models = other\n' >>retort.conf
DATABASE_URL="$good" expect_exit 1 "$RETORT" check
expect_contains "$OUT" "places"
DATABASE_URL="$good" expect_exit 0 "$RETORT" --models models check

# -c names the file; a missing one is an error, a missing retort.conf is not.
mv retort.conf project.conf
DATABASE_URL="$good" expect_exit 1 "$RETORT" -c project.conf check
expect_contains "$OUT" "places"
expect_exit 2 "$RETORT" -c missing.conf validate
expect_contains "$ERR" "missing.conf"
expect_exit 0 "$RETORT" validate

# A broken file: every problem at once, as FILE:LINE, exit 2.
printf '[retort]\nmodel = x\njust words\nlock_timeout = soon\nread_connections = 3\n' >broken.conf
expect_exit 2 "$RETORT" -c broken.conf validate
expect_contains "$ERR" "broken.conf:2: error: unknown setting 'model'; did you mean 'models'?"
expect_contains "$ERR" "broken.conf:3: error:"
expect_contains "$ERR" "broken.conf:4: error: lock_timeout must be a number"
expect_contains "$ERR" "broken.conf:5: error: read_connections must be 1 or 2, not '3'"
printf '[retort]\nread_connection = 1\n' >broken.conf
expect_exit 2 "$RETORT" -c broken.conf validate
expect_contains "$ERR" "did you mean 'read_connections'?"

# A serial column's sequence goes with its table when the table is left
# out, on both sides (its name does not match the pattern).
psql_q "$good" "CREATE TABLE log_old (id serial PRIMARY KEY)"
cat >models/log.xml <<'EOF2'
<model xmlns="urn:retort:model:1">
  <table name="log_old"><column name="id" type="serial" primary-key="true"/></table>
</model>
EOF2
DATABASE_URL="$good" expect_exit 0 "$RETORT" --models models --exclude '^public\.tmp_' --exclude '^public\.log_old$' check
rm models/log.xml
psql_q "$good" "DROP TABLE log_old"

# read_connections = 1 is accepted and the read still works.
printf '[retort]\nread_connections = 1\nexclude = ^public\\.tmp_\n' >one.conf
DATABASE_URL="$good" expect_exit 0 "$RETORT" -c one.conf --models models check

# A bad pattern is a configuration error, not a crash.
expect_exit 2 "$RETORT" --exclude '([' validate
expect_contains "$ERR" "invalid pattern"

# read_connections reaches the introspector. On 100+ tables retort tries a
# second connection; a role limited to one connection makes that attempt
# show under -v. With read_connections = 1 it is never made, and the
# result is the same.
big=$(fresh_db t_config_big)
psql_q "$big" "DO \$\$ BEGIN FOR i IN 1..120 LOOP
  EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, a int CHECK (a > 0))', i);
END LOOP; END \$\$;
DROP ROLE IF EXISTS rt_one_conn; CREATE ROLE rt_one_conn LOGIN CONNECTION LIMIT 1"
limited="$big user=rt_one_conn"
expect_exit 0 "$RETORT" -v -d "$limited" inspect -o two.xml
expect_contains "$ERR" "a second one was not used: it could not connect"
printf '[retort]\nread_connections = 1\n' >one.conf
expect_exit 0 "$RETORT" -v -c one.conf -d "$limited" inspect -o one.xml
expect_not_contains "$ERR" "second"
cmp -s one.xml two.xml || fail "inspect differs between one and two connections"
grep -q 't120' one.xml || fail "inspect missed tables: $(grep -c '<table' one.xml) read"
psql_q "$big" "DROP ROLE rt_one_conn"
