#!/usr/bin/env bash
# demo.sh - `make demo`: retort's daily loop on the example application in
# models/, against a throwaway PostgreSQL cluster, in a temporary copy of the
# project so the repository is never touched.
#
#   1. validate the models
#   2. apply the example's migration history (generated/), look at it,
#      step back one revision and forward again
#   3. edit a model, let autogen write the migration, review it, apply it,
#      and show that `retort check` goes from "differences" to "in sync"
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
retort="$root/retort"
[[ -x $retort ]] || { echo "demo: $retort is missing; run 'make demo'" >&2; exit 1; }

cluster=$(mktemp -d /tmp/retort-demo-pg.XXXXXX)
project=$(mktemp -d /tmp/retort-demo.XXXXXX)
cleanup() {
    bash "$root/scripts/pgcluster.sh" stop "$cluster" >/dev/null 2>&1 || true
    rm -rf "$project"
}
trap cleanup EXIT INT TERM

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
show_cmd() {
    local a
    printf '$'
    for a in "$@"; do
        if [[ $a =~ [^A-Za-z0-9_./:=+-] ]]; then
            printf ' "%s"' "$a"
        else
            printf ' %s' "$a"
        fi
    done
    printf '\n'
}
run() {
    show_cmd "$@"
    "$@"
}
# Like run, but the command is expected to exit with a given status.
run_expect() {
    local want=$1 rc=0
    shift
    show_cmd "$@"
    "$@" || rc=$?
    if ((rc != want)); then
        echo "demo: expected exit status $want from '$*', got $rc" >&2
        exit 1
    fi
    printf '(exit status %d, as expected)\n' "$rc"
}

step "Starting a throwaway PostgreSQL cluster"
eval "$(bash "$root/scripts/pgcluster.sh" start "$cluster")"
createdb_sql="CREATE DATABASE demo"
psql -XAtq -v ON_ERROR_STOP=1 -d postgres -c "$createdb_sql"
export DATABASE_URL="host=$PGHOST port=$PGPORT user=$PGUSER dbname=demo"
echo "cluster at $PGHOST (port $PGPORT), database 'demo'"

cp -R "$root/models" "$root/generated" "$root/templates" "$project/"
cd "$project"
export PATH="$root:$PATH"

step "1. The models validate"
run retort validate

step "2. Deploy: apply the example's migration history (safe to repeat)"
run retort apply
run retort apply
run retort current
run retort history --indicate-current

step "   Roll back the last migration, then forward again"
run retort downgrade -1
run retort current
run retort upgrade head
run_expect 0 retort check

step "3. The daily loop: edit a model"
models_file=$(grep -l 'name="notifications"' models/*.xml | head -n1)
echo "adding column 'read_at' and an index to table 'notifications' in $models_file"
sed -i 's|<table name="notifications"\([^>]*\)>|<table name="notifications"\1>\n    <column name="read_at" type="timestamptz" comment="When the user opened it"/>\n    <index columns="user_id, read_at" where="read_at IS NULL"/>|' "$models_file"
run_expect 1 retort check
run retort diff

step "   Generate the migration and review it"
run retort autogen -m "track when notifications are read"
newest=$(printf "%s\n" generated/*.sql | sort | tail -n1)
run cat "$newest"

step "   Apply it: the database now matches the models"
run retort apply
run_expect 0 retort check
run retort history

step "Done"
echo "The demo ran in a temporary copy ($project) that is now removed."
