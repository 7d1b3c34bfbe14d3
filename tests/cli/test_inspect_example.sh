#!/usr/bin/env bash
# retort inspect on the example application's database: the database is
# built from the example's migration history (generated/, written by
# autogen from models/); the model inspect prints must validate, describe
# exactly that database (check finds nothing), be byte-identical when run
# twice, and keep what the hand-written models say (same tables, enums and
# derived names).
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

root=${RETORT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
conn=$(fresh_db t_inspect_example)
dir=$(workdir)
cd "$dir"
cp -R "$root/models" "$root/generated" "$root/templates" .
R=("$RETORT" -d "$conn")

expect_exit 0 "${R[@]}" apply
expect_exit 0 "${R[@]}" check

expect_exit 0 "${R[@]}" inspect -o inspected.xml
expect_exit 0 "${R[@]}" inspect
cmp -s inspected.xml "$OUT" || fail "inspect is not deterministic"
if command -v xmllint >/dev/null; then
    xmllint --noout --relaxng models/retort-model.rng inspected.xml ||
        fail "the inspected model does not match the shipped RELAX NG schema"
fi

# The inspected model validates and reads back to the database's catalog.
mkdir inspected
mv inspected.xml inspected/
expect_exit 0 "$RETORT" validate inspected
expect_contains "$OUT" "15 tables"
expect_contains "$OUT" "3 enums"
expect_exit 0 "${R[@]}" --models inspected check
expect_contains "$OUT" "No differences"

# Idiomatic: shorthands and derived names are used, as a person writes them.
m=inspected/inspected.xml
expect_contains "$m" '<column name="id" type="uuid" default="gen_random_uuid()" primary-key="true"/>'
expect_contains "$m" 'references="users(id)" on-delete="cascade"'
expect_not_contains "$m" 'notifications_pkey'
expect_contains "$m" '<enum name="run_status"'

# Both models describe the same database: neither asks for a change.
expect_exit 0 "${R[@]}" diff
[[ -z $(tr -d '[:space:]' <"$OUT") ]] || fail "diff with the example models is not empty: $(cat "$OUT")"
expect_exit 0 "${R[@]}" --models inspected diff
[[ -z $(tr -d '[:space:]' <"$OUT") ]] || fail "diff with the inspected model is not empty: $(cat "$OUT")"
