# shellcheck shell=bash
# The end-to-end proof, shared by tests/e2e/run.sh (the corpus) and
# tests/e2e/random.sh (randomized schema pairs). Source it, don't run it.
#
# A case is a directory holding before.sql and after.sql (plus optional
# data.sql, data_query.sql + data_expected.txt, and model.xml for rename
# cases). e2e_run_case builds database A from before.sql (+ data.sql) and B
# from after.sql, takes the model from `retort inspect` of B (or the case's
# model.xml), lets retort migrate A to the model and checks:
#
#   validate      the model passes `retort validate`
#   check-before  `retort check` on A says "different" exactly when A and B
#                 differ (exit 1), "same" otherwise (exit 0)
#   autogen       writes a migration (or several) when they differ, none
#                 otherwise
#   apply         runs the migration (exit 0)
#   convergence   the canonical listings (catalog.sql) of A and B are equal
#   check         `retort check` on A exits 0
#   data          data_query.sql on A prints exactly data_expected.txt (it
#                 runs in a transaction that is rolled back, so it may
#                 insert rows to exercise defaults)
#   downgrade     `retort downgrade base` exits 0 and A's listing equals the
#                 listing A had right after before.sql
#
# Environment: PGHOST/PGPORT/PGUSER point at a server (e2e_start_cluster
# starts a private one when PGHOST is unset), RETORT is the binary,
# E2E_DB_PREFIX names the two scratch databases (default "e2e"),
# E2E_TIMEOUT bounds every retort run in seconds (default 60).

E2E_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E_CATALOG_SQL=$E2E_ROOT/tests/e2e/catalog.sql
E2E_KNOWN=$E2E_ROOT/tests/e2e/known_failures.txt
: "${E2E_DB_PREFIX:=e2e}"
: "${E2E_TIMEOUT:=60}"
E2E_CLUSTER_DIR=""

# The psql binary itself: Debian's /usr/bin/psql is a perl wrapper that
# costs ~0.1 s per call, which adds up over thousands of calls.
e2e_find_psql() {
    local d
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -rV) \
             "$(pg_config --bindir 2>/dev/null || true)"; do
        if [[ -x $d/psql ]]; then
            echo "$d/psql"
            return
        fi
    done
    command -v psql || e2e_die "psql not found"
}
E2E_PSQL=${E2E_PSQL:-$(e2e_find_psql)}

e2e_die() {
    echo "e2e: $*" >&2
    exit 2
}

# Absolute path of the retort binary into RETORT (default: the repo's).
e2e_find_retort() {
    : "${RETORT:=$E2E_ROOT/retort}"
    case $RETORT in
        /*) ;;
        *) RETORT=$PWD/$RETORT ;;
    esac
    [[ -x $RETORT ]] || e2e_die "no retort binary at $RETORT (run make, or set RETORT)"
    export RETORT
}

e2e_stop_cluster() {
    if [[ -n $E2E_CLUSTER_DIR ]]; then
        "$E2E_ROOT/scripts/pgcluster.sh" stop "$E2E_CLUSTER_DIR" || true
        E2E_CLUSTER_DIR=""
    fi
}

# Standalone mode: start a throwaway cluster unless PGHOST says where one
# is. The caller must call e2e_stop_cluster on exit.
e2e_start_cluster() {
    local env
    if [[ -n ${PGHOST:-} ]]; then
        return 0
    fi
    E2E_CLUSTER_DIR=$(mktemp -d /tmp/retort-e2e-pg.XXXXXX)
    env=$("$E2E_ROOT/scripts/pgcluster.sh" start "$E2E_CLUSTER_DIR") \
        || e2e_die "could not start a PostgreSQL cluster (scripts/pgcluster.sh)"
    eval "$env"
    export PGHOST PGPORT PGUSER PGDATABASE
    echo "e2e: started a private cluster in $E2E_CLUSTER_DIR" >&2
}

# Nothing from the caller's environment may redirect retort's connection.
e2e_clean_env() {
    unset DATABASE_URL PGDATABASE PGSERVICE PGOPTIONS
}

e2e_psql() {
    local db=$1
    shift
    "$E2E_PSQL" -XAtq -v ON_ERROR_STOP=1 -d "$db" "$@"
}

# e2e_recreate_dbs NAME...: drop and create empty databases from template0.
e2e_recreate_dbs() {
    local args=() n
    for n in "$@"; do
        args+=(-c "DROP DATABASE IF EXISTS \"$n\" WITH (FORCE)"
               -c "CREATE DATABASE \"$n\" TEMPLATE template0")
    done
    PGOPTIONS="-c client_min_messages=warning" "$E2E_PSQL" -XAtq -v ON_ERROR_STOP=1 -d postgres "${args[@]}"
}

# Empties a database the way a fresh one from template0 is: no extension
# but plpgsql, no schema but an empty public. Much faster than DROP +
# CREATE DATABASE (which forces a checkpoint); anything it missed would
# show up as a difference in the catalog listing.
E2E_RESET_SQL="
DO \$reset\$
DECLARE r record;
BEGIN
    FOR r IN SELECT extname FROM pg_extension WHERE extname <> 'plpgsql' LOOP
        EXECUTE format('DROP EXTENSION %I CASCADE', r.extname);
    END LOOP;
    FOR r IN SELECT nspname FROM pg_namespace
             WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
               AND nspname NOT LIKE 'pg\\_temp\\_%' AND nspname NOT LIKE 'pg\\_toast\\_temp\\_%' LOOP
        EXECUTE format('DROP SCHEMA %I CASCADE', r.nspname);
    END LOOP;
END
\$reset\$;
CREATE SCHEMA public AUTHORIZATION pg_database_owner;
COMMENT ON SCHEMA public IS 'standard public schema';
GRANT USAGE ON SCHEMA public TO PUBLIC;
"
E2E_CREATED_DBS=" "

# e2e_create_dbs_once NAME...: create the databases from template0 unless
# this run already did (then they are emptied by e2e_reset_db instead).
e2e_create_dbs_once() {
    local n
    for n in "$@"; do
        if [[ $E2E_CREATED_DBS != *" $n "* ]]; then
            e2e_recreate_dbs "$n" || return 1
            E2E_CREATED_DBS+="$n "
        fi
    done
}

# e2e_reset_db NAME: make NAME as empty as a fresh database (recreate it
# when E2E_FRESH_DBS=1).
e2e_reset_db() {
    if [[ ${E2E_FRESH_DBS:-0} == 1 ]]; then
        e2e_recreate_dbs "$1"
    else
        PGOPTIONS="-c client_min_messages=warning" e2e_psql "$1" -c "$E2E_RESET_SQL"
    fi
}

# e2e_prepare_dbs NAME...: empty databases, created the first time.
e2e_prepare_dbs() {
    local n
    e2e_create_dbs_once "$@" || return 1
    for n in "$@"; do
        e2e_reset_db "$n" || return 1
    done
}

e2e_drop_dbs() {
    local args=() n
    for n in "$@"; do
        args+=(-c "DROP DATABASE IF EXISTS \"$n\" WITH (FORCE)")
    done
    PGOPTIONS="-c client_min_messages=warning" "$E2E_PSQL" -XAtq -d postgres "${args[@]}" >/dev/null 2>&1 || true
}

e2e_catalog() {
    e2e_psql "$1" -f "$E2E_CATALOG_SQL"
}

# The reason a case is listed in known_failures.txt, or nothing.
e2e_known_reason() {
    local name=$1 k rest
    [[ -r $E2E_KNOWN ]] || return 0
    while read -r k rest; do
        [[ -n $k && $k != \#* ]] || continue
        if [[ $k == "$name" ]]; then
            echo "${rest:-listed in known_failures.txt}"
            return 0
        fi
    done <"$E2E_KNOWN"
}

# --------------------------------------------------------------- one case
# Results of e2e_run_case: E2E_FAILS (array of one-line failure reasons) and
# E2E_DETAILS (indented lines with short diffs / messages).
E2E_FAILS=()
E2E_DETAILS=()

_e2e_fail() {
    E2E_FAILS+=("$1")
    shift
    local l
    for l in "$@"; do
        E2E_DETAILS+=("$l")
    done
}

# First few meaningful lines of a file, each cut to 200 characters.
_e2e_head() {
    local file=$1 n=${2:-3}
    [[ -s $file ]] || { echo "(no output)"; return; }
    grep -v '^[[:space:]]*$' "$file" | head -n "$n" | cut -c1-200
}

# Short diff of two listings: up to 6 lines starting with - (only in the
# first) or + (only in the second).
_e2e_short_diff() {
    diff "$1" "$2" | grep '^[<>]' | sed 's/^< /- /; s/^> /+ /' | head -n 6 | cut -c1-240
}

# _e2e_retort LOG CMD...: run retort in the project dir with a time limit;
# stdout to LOG.out, stderr to LOG.err. Sets _rc.
_e2e_retort() {
    local log=$1
    shift
    _rc=0
    (cd "$_proj" && timeout -k 5 "$E2E_TIMEOUT" "$RETORT" "$@") \
        >"$log.out" 2>"$log.err" </dev/null || _rc=$?
}

# _e2e_cmd_failed WHAT LOG: record a failed retort step.
_e2e_cmd_failed() {
    local what=$1 log=$2 msg
    if ((_rc == 124)); then
        msg="$what: timed out after ${E2E_TIMEOUT}s"
    else
        msg="$what: exited $_rc"
    fi
    local lines=()
    mapfile -t lines < <(_e2e_head "$log.err" 4)
    _e2e_fail "$msg" "${lines[@]/#/  }"
}

# _e2e_build_db DB LOGBASE LISTING SQL...: empty DB, load each SQL file
# that exists, write the catalog listing. On failure writes the reason to
# LOGBASE.why (the server's words are in LOGBASE.log) and returns 1.
_e2e_build_db() {
    local db=$1 log=$2 listing=$3 f
    shift 3
    : >"$log.log"
    if ! e2e_reset_db "$db" >>"$log.log" 2>&1; then
        echo "could not empty database $db" >"$log.why"
        return 1
    fi
    for f in "$@"; do
        [[ -r $f ]] || continue
        if ! e2e_psql "$db" -f "$f" >>"$log.log" 2>&1; then
            echo "$(basename "$f") failed" >"$log.why"
            return 1
        fi
    done
    if ! e2e_catalog "$db" >"$listing" 2>>"$log.log"; then
        echo "catalog.sql failed" >"$log.why"
        return 1
    fi
}

# e2e_run_case NAME CASEDIR WORKDIR: run the whole proof for one case.
# Returns 0 when every property holds; otherwise 1 with E2E_FAILS set.
# WORKDIR receives every artifact (listings, logs, the model, the
# migration); the caller removes it when the case passed.
e2e_run_case() {
    local name=$1 cdir=$2 w=$3
    local dba=${E2E_DB_PREFIX}_a dbb=${E2E_DB_PREFIX}_b
    local differ=1 nfiles f
    E2E_FAILS=()
    E2E_DETAILS=()
    _proj=$w/proj

    rm -rf "$w"
    mkdir -p "$_proj/models" "$_proj/generated"
    if ! e2e_create_dbs_once "$dba" "$dbb" >"$w/setup.log" 2>&1; then
        _e2e_fail "setup: could not create the databases" "  $(_e2e_head "$w/setup.log" 1)"
        return 1
    fi
    cp -R "$E2E_ROOT/templates" "$_proj/templates"

    for f in before.sql after.sql; do
        if [[ ! -r $cdir/$f ]]; then
            _e2e_fail "case: $cdir/$f is missing"
            return 1
        fi
    done
    if [[ -e $cdir/data_query.sql && ! -e $cdir/data_expected.txt ]]; then
        _e2e_fail "case: data_query.sql without data_expected.txt"
        return 1
    fi

    # ---- the two databases
    # A and B are built side by side (each step is mostly waiting for the server)
    _e2e_build_db "$dba" "$w/setup_a" "$w/catalog_before.txt" "$cdir/before.sql" "$cdir/data.sql" &
    local pid_a=$!
    _e2e_build_db "$dbb" "$w/setup_b" "$w/catalog_after.txt" "$cdir/after.sql"
    local rc_b=$? rc_a=0
    wait "$pid_a" || rc_a=$?
    if ((rc_a || rc_b)); then
        ((rc_a)) && _e2e_fail "setup: database A: $(head -n 1 "$w/setup_a.why")" \
            "  $(grep -m1 -E 'ERROR|error|FATAL' "$w/setup_a.log" | cut -c1-200)"
        ((rc_b)) && _e2e_fail "setup: database B: $(head -n 1 "$w/setup_b.why")" \
            "  $(grep -m1 -E 'ERROR|error|FATAL' "$w/setup_b.log" | cut -c1-200)"
        return 1
    fi
    # differ: 1 the listings differ, 0 they are equal, 2 they are equal but
    # a hand-written model's rename hints may still ask for changes (two
    # columns swapping names list the same), so nothing is asserted about it
    if cmp -s "$w/catalog_before.txt" "$w/catalog_after.txt"; then
        differ=0
        [[ ! -r $cdir/model.xml ]] || differ=2
    fi

    # ---- the model
    if [[ -r $cdir/model.xml ]]; then
        cp "$cdir/model.xml" "$_proj/models/model.xml"
    else
        _e2e_retort "$w/inspect" -d "dbname=$dbb" inspect -o models/model.xml
        if ((_rc != 0)); then
            _e2e_cmd_failed "inspect" "$w/inspect"
            return 1
        fi
        if [[ ! -s $_proj/models/model.xml ]]; then
            _e2e_fail "inspect: exited 0 but wrote no models/model.xml"
            return 1
        fi
    fi
    _e2e_retort "$w/validate" validate
    if ((_rc != 0)); then
        _e2e_cmd_failed "validate" "$w/validate"
        return 1
    fi

    # ---- check agrees with the listings before anything happens
    _e2e_retort "$w/check_before" -d "dbname=$dba" check
    if ((differ == 2 && (_rc == 0 || _rc == 1))); then
        :
    elif ((_rc != differ)); then
        if ((_rc == 0 || _rc == 1)); then
            if ((differ)); then
                _e2e_fail "check-before: exited 0 (no differences) but the databases differ" \
                    "$(_e2e_short_diff "$w/catalog_before.txt" "$w/catalog_after.txt" | sed 's/^/  /')"
            else
                _e2e_fail "check-before: exited 1 but the databases are already equal" \
                    "$(_e2e_head "$w/check_before.out" 4 | sed 's/^/  /')"
            fi
        else
            _e2e_cmd_failed "check-before" "$w/check_before"
            return 1
        fi
    fi

    # ---- autogen + apply
    _e2e_retort "$w/autogen" -d "dbname=$dba" autogen -m "$name"
    if ((_rc != 0)); then
        _e2e_cmd_failed "autogen" "$w/autogen"
        return 1
    fi
    nfiles=$(find "$_proj/generated" -type f -name '*.sql' | wc -l)
    # Usually one file; more when PostgreSQL needs a commit in between
    # (an enum label added and used is split into two migrations).
    if ((differ == 1 && nfiles == 0)); then
        _e2e_fail "autogen: wrote no migration although the databases differ"
        return 1
    elif ((differ == 0 && nfiles != 0)); then
        _e2e_fail "autogen: wrote $nfiles migration files for equal databases, expected none"
    fi
    _e2e_retort "$w/apply" -d "dbname=$dba" apply
    if ((_rc != 0)); then
        _e2e_cmd_failed "apply" "$w/apply"
        return 1
    fi

    # ---- (1) convergence
    if ! e2e_catalog "$dba" >"$w/catalog_upgraded.txt" 2>"$w/catalog.err"; then
        _e2e_fail "convergence: catalog.sql failed on A" "  $(_e2e_head "$w/catalog.err" 1)"
        return 1
    fi
    if ! cmp -s "$w/catalog_after.txt" "$w/catalog_upgraded.txt"; then
        diff -u "$w/catalog_after.txt" "$w/catalog_upgraded.txt" >"$w/convergence.diff" || true
        _e2e_fail "convergence: A after upgrade differs from B (- in B only, + in A only)" \
            "$(_e2e_short_diff "$w/catalog_after.txt" "$w/catalog_upgraded.txt" | sed 's/^/  /')"
    fi

    # ---- (2) check
    _e2e_retort "$w/check" -d "dbname=$dba" check
    if ((_rc == 1)); then
        _e2e_fail "check: exited 1 (differences) after the upgrade" \
            "$(_e2e_head "$w/check.out" 4 | sed 's/^/  /')"
    elif ((_rc != 0)); then
        _e2e_cmd_failed "check" "$w/check"
    fi

    # ---- (3) data
    if [[ -r $cdir/data_query.sql ]]; then
        if ! e2e_psql "$dba" -c BEGIN -f "$cdir/data_query.sql" -c ROLLBACK >"$w/data_actual.txt" 2>"$w/data.err"; then
            _e2e_fail "data: data_query.sql failed" "  $(_e2e_head "$w/data.err" 1)"
        elif ! cmp -s "$cdir/data_expected.txt" "$w/data_actual.txt"; then
            diff -u "$cdir/data_expected.txt" "$w/data_actual.txt" >"$w/data.diff" || true
            _e2e_fail "data: query output differs from data_expected.txt (- expected, + actual)" \
                "$(_e2e_short_diff "$cdir/data_expected.txt" "$w/data_actual.txt" | sed 's/^/  /')"
        fi
    fi

    # ---- (4) downgrade
    _e2e_retort "$w/downgrade" -d "dbname=$dba" downgrade base
    if ((_rc != 0)); then
        _e2e_cmd_failed "downgrade" "$w/downgrade"
        return 1
    fi
    if ! e2e_catalog "$dba" >"$w/catalog_downgraded.txt" 2>"$w/catalog.err"; then
        _e2e_fail "downgrade: catalog.sql failed on A" "  $(_e2e_head "$w/catalog.err" 1)"
        return 1
    fi
    if ! cmp -s "$w/catalog_before.txt" "$w/catalog_downgraded.txt"; then
        diff -u "$w/catalog_before.txt" "$w/catalog_downgraded.txt" >"$w/downgrade.diff" || true
        _e2e_fail "downgrade: A after downgrade base differs from before.sql (- before, + after downgrade)" \
            "$(_e2e_short_diff "$w/catalog_before.txt" "$w/catalog_downgraded.txt" | sed 's/^/  /')"
    fi

    ((${#E2E_FAILS[@]} == 0))
}

# --------------------------------------------------------------- reporting
# e2e_report NAME ELAPSED_TENTHS CASE_OK WORKDIR: print the case's line and
# update the counters e2e_passed/e2e_failed/e2e_known.
e2e_passed=0
e2e_failed=0
e2e_known=0
e2e_report() {
    local name=$1 tenths=$2 ok=$3 w=$4 reason props l d
    local t="$((tenths / 10)).$((tenths % 10))s"
    reason=$(e2e_known_reason "$name")
    if ((ok)); then
        e2e_passed=$((e2e_passed + 1))
        if [[ -n $reason ]]; then
            echo "ok $name ($t) - listed in known_failures.txt but passes now: remove it"
        else
            echo "ok $name ($t)"
        fi
        rm -rf "$w"
        return
    fi
    props=$(IFS=';'; echo "${E2E_FAILS[*]}")
    props=${props//;/; }
    if [[ -n $reason ]]; then
        e2e_known=$((e2e_known + 1))
        echo "KNOWN-FAIL $name: $props [known: $reason]"
    else
        e2e_failed=$((e2e_failed + 1))
        echo "FAIL $name: $props"
    fi
    for l in "${E2E_DETAILS[@]}"; do
        while IFS= read -r d; do
            if [[ -n $d ]]; then printf "    %s\n" "$d"; fi
        done <<<"$l"
    done
    echo "    artifacts: $w"
}

e2e_now_tenths() {
    local t=${EPOCHREALTIME//[!0-9]/}
    echo "$((10#$t / 100000))"
}
