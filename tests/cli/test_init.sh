#!/usr/bin/env bash
# retort init: scaffolds a project that validates, never overwrites files,
# and writes all or nothing.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

dir=$(workdir)

# A new, nested directory is created with everything in it.
expect_exit 0 "$RETORT" init "$dir/new/project"
p=$dir/new/project
for f in retort.conf models/app.xml models/retort-model.rng generated/.gitkeep \
    templates/migration.sql.tmpl; do
    [[ -f $p/$f ]] || fail "init did not create $f"
done
[[ ! -s $p/generated/.gitkeep ]] || fail ".gitkeep is not empty"
cmp -s "$p/templates/migration.sql.tmpl" "$RETORT_ROOT/templates/migration.sql.tmpl" \
    || fail "the written template differs from templates/migration.sql.tmpl"
cmp -s "$p/models/retort-model.rng" "$RETORT_ROOT/models/retort-model.rng" \
    || fail "the written schema differs from models/retort-model.rng"
expect_contains "$p/models/app.xml" '<?xml-model href="retort-model.rng"'
expect_contains "$ERR" "created $p/retort.conf"
expect_contains "$p/retort.conf" "[retort]"
expect_contains "$p/retort.conf" "models = models"
expect_contains "$p/retort.conf" "# database = postgresql://"

# The scaffold is a working project: the config parses, the starter model validates.
(cd "$p" && expect_exit 0 "$RETORT" validate)
expect_contains "$OUT" "models: valid: 0 tables"
(cd "$p" && expect_exit 0 "$RETORT" -c retort.conf validate models/app.xml)

# A second init refuses, names every existing file and changes nothing.
echo "<!-- edited -->" >>"$p/models/app.xml"
sum_before=$(cd "$p" && find . -type f -exec md5sum {} + | sort)
expect_exit 2 "$RETORT" init "$p"
for f in retort.conf models/app.xml models/retort-model.rng generated/.gitkeep \
    templates/migration.sql.tmpl; do
    expect_contains "$ERR" "'$p/$f' already exists"
done
expect_contains "$ERR" "never overwrites"
[[ $(cd "$p" && find . -type f -exec md5sum {} + | sort) == "$sum_before" ]] \
    || fail "a refused init changed files"

# All or nothing: one existing file stops every write.
q=$dir/partial
mkdir -p "$q"
echo "keep me" >"$q/retort.conf"
expect_exit 2 "$RETORT" init "$q"
expect_contains "$ERR" "'$q/retort.conf' already exists"
expect_not_contains "$ERR" "app.xml"
[[ ! -e $q/models/app.xml && ! -e $q/templates ]] || fail "init wrote files despite a conflict"
[[ $(cat "$q/retort.conf") == "keep me" ]] || fail "init changed the existing retort.conf"

# Existing empty folders are fine.
r=$dir/folders
mkdir -p "$r/models" "$r/generated"
expect_exit 0 "$RETORT" init "$r"
[[ -f $r/models/app.xml ]] || fail "init did not fill an existing models folder"

# No argument: the current directory.
s=$dir/cwd
mkdir "$s"
(cd "$s" && expect_exit 0 "$RETORT" init)
[[ -f $s/retort.conf && -f $s/models/app.xml ]] || fail "init without DIR did not use the current directory"
expect_contains "$ERR" "created retort.conf"

# DIR is a file; a path under a file; too many arguments.
echo x >"$dir/afile"
expect_exit 2 "$RETORT" init "$dir/afile"
expect_exit 2 "$RETORT" init "$dir/afile/sub"
expect_exit 2 "$RETORT" init a b
expect_contains "$ERR" "too many arguments"
