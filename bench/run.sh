#!/usr/bin/env bash
# `make bench`: retort against its floors and Alembic on synthetic schemas.
#
#   bench/run.sh                      (make bench runs this)
#
# For each size N it builds a "before" and an "after" database from
# bench/gen_schema.c (deterministic, ~5% of the objects differ), writes the
# after model with `retort inspect`, and times, interleaved, BENCH_RUNS
# times each:
#   inspect   retort inspect of the before database
#   autogen   retort autogen: before database vs after model, writes the file
#   check     retort check (exits 1: the databases differ)
#   diff      retort diff (prints the upgrade SQL)
#   floor-sql psql running exactly the statements retort inspect sends
#             (captured from the server log, bench/floor_capture.awk)
#   floor-xml xmllint --noout on the after model
#   alembic   Alembic autogenerate's comparison on the same pair
#             (bench/alembic/; compare time only, see BENCHMARKS.md)
# then proves the result: the migration applied to a copy of the before
# database must make `retort check` pass against the after model.
# Last, history/heads/current over BENCH_HISTORY_N migration files and
# `retort apply` of BENCH_APPLY_N trivial migrations against psql running
# the same transactions.
#
# Environment:
#   BENCH_SIZES         table counts (default "1000 5000 10000")
#   BENCH_RUNS          runs per measurement, median reported (default 3)
#   BENCH_ALEMBIC       auto (default: install with apt-get if missing, skip
#                       with a note if impossible), 0 to skip, 1 to require
#   BENCH_ALEMBIC_RUNS  Alembic runs per size, or per size as "1000:3 5000:1"
#                       (default, and sizes not listed: BENCH_RUNS up to 5000
#                       tables, 1 above, where one run takes several minutes)
#   BENCH_ALEMBIC_MAX   skip Alembic above this many tables (default 100000)
#   BENCH_HISTORY_N     migration files for history/heads/current (10000)
#   BENCH_APPLY_N       trivial migrations for apply (1000)
#   BENCH_RESULTS       also write the Markdown report to this file
#   BENCH_KEEP=1        keep the work directory and the cluster's data
#   RETORT              the binary (default ./retort)
#
# Prints progress to stderr and a Markdown report to stdout. Exits 1 when
# a tool fails or the migration does not reproduce the after schema.
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail
export LC_ALL=C

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RETORT=${RETORT:-$root/retort}
case $RETORT in
    /*) ;;
    *) RETORT=$PWD/$RETORT ;;
esac
BENCH_SIZES=${BENCH_SIZES:-1000 5000 10000}
BENCH_RUNS=${BENCH_RUNS:-3}
BENCH_ALEMBIC=${BENCH_ALEMBIC:-auto}
BENCH_ALEMBIC_RUNS=${BENCH_ALEMBIC_RUNS:-}
BENCH_ALEMBIC_MAX=${BENCH_ALEMBIC_MAX:-100000}
BENCH_HISTORY_N=${BENCH_HISTORY_N:-10000}
BENCH_APPLY_N=${BENCH_APPLY_N:-1000}
BENCH_KEEP=${BENCH_KEEP:-0}
PY=/usr/bin/python3
TIME=/usr/bin/time

die() {
    echo "bench: error: $*" >&2
    exit 1
}
note() {
    echo "bench: $*" >&2
}

is_count() {
    [[ $1 =~ ^[1-9][0-9]*$ ]]
}
for n in $BENCH_SIZES; do
    is_count "$n" || die "BENCH_SIZES must hold positive integers, got '$n'"
done
[[ -n ${BENCH_SIZES// /} ]] || die "BENCH_SIZES is empty"
for v in BENCH_RUNS BENCH_ALEMBIC_MAX BENCH_HISTORY_N BENCH_APPLY_N; do
    is_count "${!v}" || die "$v must be a positive integer, got '${!v}'"
done
if [[ -n $BENCH_ALEMBIC_RUNS ]] && ! is_count "$BENCH_ALEMBIC_RUNS"; then
    for pair in $BENCH_ALEMBIC_RUNS; do
        [[ $pair =~ ^[1-9][0-9]*:[1-9][0-9]*$ ]] \
            || die "BENCH_ALEMBIC_RUNS must be a positive integer or SIZE:RUNS pairs, got '$BENCH_ALEMBIC_RUNS'"
    done
fi
# alembic_runs N: the number of Alembic runs for size N.
alembic_runs() {
    local pair
    if is_count "$BENCH_ALEMBIC_RUNS"; then
        echo "$BENCH_ALEMBIC_RUNS"
        return
    fi
    for pair in $BENCH_ALEMBIC_RUNS; do
        if [[ ${pair%%:*} == "$1" ]]; then
            echo "${pair#*:}"
            return
        fi
    done
    if (($1 > 5000)); then
        echo 1
    else
        echo "$BENCH_RUNS"
    fi
}
case $BENCH_ALEMBIC in
    auto | 0 | 1) ;;
    *) die "BENCH_ALEMBIC must be auto, 0 or 1, got '$BENCH_ALEMBIC'" ;;
esac
[[ -x $RETORT ]] || die "no retort binary at $RETORT (run make)"
retort_given=$RETORT

# ------------------------------------------------------------ tools
apt_install() {
    [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1 || return 1
    note "installing $* with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null 2>&1 \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1; }
}

[[ -x $TIME ]] || apt_install time || true
[[ -x $TIME ]] || die "GNU time ($TIME) is needed for peak memory: install the Debian package 'time'"
command -v xmllint >/dev/null 2>&1 || apt_install libxml2-utils || true
command -v xmllint >/dev/null 2>&1 || die "xmllint is needed for the XML floor (Debian: libxml2-utils)"
command -v psql >/dev/null 2>&1 || die "psql is needed (run scripts/deps.sh)"
CC=${CC:-cc}

alembic_ok=0
alembic_note=""
have_alembic() {
    [[ -x $PY ]] && $PY -c 'import alembic, sqlalchemy, psycopg2' >/dev/null 2>&1
}
if [[ $BENCH_ALEMBIC != 0 ]]; then
    if ! have_alembic; then
        apt_install python3-alembic python3-sqlalchemy python3-psycopg2 || true
    fi
    if have_alembic; then
        alembic_ok=1
        alembic_version=$($PY -c 'import alembic, sqlalchemy; print("Alembic", alembic.__version__, "+ SQLAlchemy", sqlalchemy.__version__)')
    else
        alembic_note="Alembic column skipped: python3-alembic, python3-sqlalchemy and python3-psycopg2 could not be installed"
        [[ $BENCH_ALEMBIC != 1 ]] || die "$alembic_note (BENCH_ALEMBIC=1)"
        note "$alembic_note"
    fi
else
    alembic_note="Alembic column skipped (BENCH_ALEMBIC=0)"
fi

# ------------------------------------------------------------ work dir, cluster
work=$(mktemp -d /tmp/retort-bench.XXXXXX)
cluster=$(mktemp -d /tmp/rbpg.XXXXXX)
cleanup() {
    local rc=$?
    if [[ $BENCH_KEEP == 1 ]]; then
        note "BENCH_KEEP=1: kept $work and the cluster in $cluster (stop it with scripts/pgcluster.sh stop $cluster)"
    else
        bash "$root/scripts/pgcluster.sh" stop "$cluster" >/dev/null 2>&1 || true
        rm -rf "$work"
    fi
    return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The binary under test is copied, so that a rebuild during the run cannot
# mix two binaries in one set of figures.
cp "$RETORT" "$work/retort" || die "could not copy $RETORT"
RETORT=$work/retort

gen=$work/gen_schema
$CC -std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -Wvla -Wstrict-prototypes \
    -Wwrite-strings -Wmissing-prototypes -Wshadow -Wformat=2 -I"$root/src" \
    -o "$gen" "$root/bench/gen_schema.c" || die "could not compile bench/gen_schema.c"

note "starting a throwaway PostgreSQL cluster in $cluster"
eval "$(bash "$root/scripts/pgcluster.sh" start "$cluster")"
serverlog=$cluster/server.log
conninfo() {
    echo "host=$PGHOST port=$PGPORT user=${PGUSER:-postgres} dbname=$1"
}
q() {
    psql -XAtq -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}
createdb_() {
    q postgres "CREATE DATABASE $1${2:+ TEMPLATE $2}" >/dev/null
}
dropdb_() {
    PGOPTIONS="-c client_min_messages=warning" q postgres "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
}

# ------------------------------------------------------------ measuring
now() {
    echo "$EPOCHREALTIME"
}
elapsed() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'
}

# run_timed KEY WANTED_EXIT_CODES CMD...: runs CMD (stdout to $work/out,
# stderr to $work/err) under GNU time, appends "seconds peak_kb" to
# $res/KEY, dies showing the output if the exit status is not wanted.
run_timed() {
    local key=$1 want=$2 t0 t1 rc=0 kb
    shift 2
    t0=$(now)
    "$TIME" -f '%M %U %S' -o "$work/mem" "$@" >"$work/out" 2>"$work/err" || rc=$?
    t1=$(now)
    if [[ " $want " != *" $rc "* ]]; then
        echo "bench: error: '$key' exited $rc (wanted $want): $*" >&2
        echo "---- stdout (head) ----" >&2
        head -n 30 "$work/out" >&2
        echo "---- stderr (head) ----" >&2
        head -n 30 "$work/err" >&2
        exit 1
    fi
    kb=$(tail -n 1 "$work/mem")
    echo "$(elapsed "$t0" "$t1") $kb" >>"$res/$key"
}
# cpu FILE: median of the process's own CPU time (user + sys, fields 3-4).
cpu() {
    awk '{ print $3 + $4 }' "$1" >"$1.cpu"
    median "$1.cpu"
}

# median FILE [FIELD]: median of a column of numbers (default the first).
median() {
    sort -g -k"${2:-1},${2:-1}" "$1" | awk -v f="${2:-1}" '
        { v[NR] = $f }
        END { if (NR == 0) exit 1
              if (NR % 2) printf "%.4f", v[(NR + 1) / 2]
              else printf "%.4f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# peak_mb FILE: the largest peak RSS (second field, KB) in MB.
peak_mb() {
    awk '$2 > m { m = $2 } END { printf "%.0f", m / 1024 }' "$1"
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else printf "-" }'
}
fmt_s() {
    awk -v a="$1" 'BEGIN { if (a < 10) printf "%.3f", a; else printf "%.1f", a }'
}
# kv FILE KEY: the value of a key=value line.
kv() {
    sed -n "s/^$2=//p" "$1" | tail -n 1
}

report=$work/report.md
say() {
    printf '%s\n' "$*" >>"$report"
}

# ------------------------------------------------------------ machine
pgversion=$(q postgres 'SHOW server_version')
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
ram=$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)
say "## Machine"
say ""
say "- $(nproc) cores, ${cpu:-unknown CPU}, ${ram:-unknown} RAM, $(uname -sr)"
say "- PostgreSQL $pgversion (throwaway cluster, fsync off), retort $commit ($("$RETORT" --version 2>/dev/null | head -n 1))"
if [[ $retort_given != "$root/retort" ]]; then
    say "- binary: $retort_given (not the repository's ./retort)"
fi
say "- ${alembic_version:-$alembic_note}"
say "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (other work on the machine skews every figure)"
say "- $BENCH_RUNS runs per measurement, median wall time; client CPU is the median user + sys time of the measured process alone (not the server's); peak RSS is the largest of the runs (GNU time %M)"
say ""

# ------------------------------------------------------------ one size
summary=$work/summary.md
: >"$summary"
checks=$work/checks.md
: >"$checks"

bench_size() {
    local n=$1 d=$work/n$1 b=b_$1 a=a_$1 v=v_$1 t0 t1 r i
    res=$d/res
    mkdir -p "$d/models" "$d/mig" "$res" "$d/proj"
    cd "$d/proj"

    note "N=$n: generating and building the before and after databases"
    "$gen" "$n" before >"$d/before.sql" 2>"$d/before.counts"
    "$gen" "$n" after >"$d/after.sql" 2>"$d/after.counts"
    t0=$(now)
    dropdb_ "$b"
    dropdb_ "$a"
    createdb_ "$b"
    createdb_ "$a"
    psql -Xq -v ON_ERROR_STOP=1 -d "$b" -f "$d/before.sql" >/dev/null \
        || die "N=$n: building the before database failed"
    psql -Xq -v ON_ERROR_STOP=1 -d "$a" -f "$d/after.sql" >/dev/null \
        || die "N=$n: building the after database failed"
    q "$b" "VACUUM ANALYZE" && q "$a" "VACUUM ANALYZE"
    t1=$(now)
    local setup_s
    setup_s=$(elapsed "$t0" "$t1")
    note "N=$n: databases built in ${setup_s}s"

    # The after model, in retort's own format.
    "$RETORT" -q -d "$(conninfo "$a")" inspect -o "$d/models/after.xml" \
        || die "N=$n: retort inspect of the after database failed"

    # The catalog floor: what retort inspect sends, as a psql script.
    local off
    off=$(stat -c %s "$serverlog")
    PGOPTIONS="-c log_statement=all" "$RETORT" -q -d "$(conninfo "$b")" inspect -o "$d/inspect-capture.xml" \
        || die "N=$n: retort inspect of the before database failed"
    sleep 0.2	# the logging collector writes asynchronously
    tail -c +"$((off + 1))" "$serverlog" >"$d/capture.log"
    awk -f "$root/bench/floor_capture.awk" "$d/capture.log" >"$d/floor.sql"
    local nstmt
    nstmt=$(grep -c ';$' "$d/floor.sql" || true)
    [[ $nstmt -gt 0 ]] || die "N=$n: captured no statements from the server log ($serverlog)"
    if [[ ! -f $work/floor.sql ]]; then
        cp "$d/floor.sql" "$work/floor.sql"
    fi

    # Alembic's models: the after database reflected once (not timed).
    local do_alembic=$alembic_ok
    if ((n > BENCH_ALEMBIC_MAX)); then
        do_alembic=0
    fi
    if [[ $do_alembic == 1 ]]; then
        PGDATABASE=$a $PY "$root/bench/alembic/reflect_models.py" "$a" "$d/models.pickle" >"$d/reflect.out" \
            || die "N=$n: reflecting the after database with SQLAlchemy failed"
    fi

    for ((r = 1; r <= BENCH_RUNS; r++)); do
        note "N=$n: run $r/$BENCH_RUNS"
        run_timed floor-sql 0 psql -X -A -t -q -v ON_ERROR_STOP=1 -d "$b" -f "$d/floor.sql" -o /dev/null
        run_timed floor-xml 0 xmllint --noout "$d/models/after.xml"
        run_timed inspect 0 "$RETORT" -q -d "$(conninfo "$b")" inspect -o "$d/inspect.xml"
        rm -rf "$d/mig" && mkdir -p "$d/mig"
        run_timed autogen 0 "$RETORT" -q -d "$(conninfo "$b")" --models "$d/models" \
            --migrations "$d/mig" --templates "$root/templates" autogen -m "bench $n"
        run_timed check 1 "$RETORT" -q -d "$(conninfo "$b")" --models "$d/models" check
        cp "$work/out" "$d/check.out"
        run_timed diff 0 "$RETORT" -q -d "$(conninfo "$b")" --models "$d/models" diff
        cp "$work/out" "$d/diff.out"
    done
    if [[ $do_alembic == 1 ]]; then
        local aruns
        aruns=$(alembic_runs "$n")
        for ((r = 1; r <= aruns; r++)); do
            note "N=$n: Alembic run $r/$aruns"
            run_timed alembic-process 0 env PGDATABASE="$b" $PY "$root/bench/alembic/autogen_compare.py" \
                "$b" "$d/models.pickle" "$d/alembic_upgrade.py"
            cp "$work/out" "$d/alembic.out"
            echo "$(kv "$d/alembic.out" compare_s) $(tail -n 1 "$res/alembic-process" | cut -d' ' -f2-4)" \
                >>"$res/alembic"
        done
    fi

    # Where autogen's time goes: one more run with every statement's
    # server time logged, and retort's own CPU time.
    rm -rf "$d/mig-prof" && mkdir -p "$d/mig-prof"
    off=$(stat -c %s "$serverlog")
    PGOPTIONS="-c log_min_duration_statement=0" "$TIME" -f '%e %U %S %M' -o "$d/prof.time" \
        "$RETORT" -q -d "$(conninfo "$b")" --models "$d/models" --migrations "$d/mig-prof" \
        --templates "$root/templates" autogen -m "profile $n" >/dev/null 2>&1 \
        || die "N=$n: the profiling run of retort autogen failed"
    sleep 0.2
    tail -c +"$((off + 1))" "$serverlog" | awk -f "$root/bench/server_time.awk" >"$d/server-time.txt"

    # The proof: the migration turns a copy of before into after.
    # autogen may write two files (enum values first, then their users).
    local migfiles nmig
    migfiles=$(find "$d/mig" -name '*.sql' | sort)
    [[ -n $migfiles ]] || die "N=$n: retort autogen wrote no migration file"
    nmig=$(grep -c . <<<"$migfiles")
    dropdb_ "$v"
    createdb_ "$v" "$b"
    run_timed apply-generated 0 "$RETORT" -q -d "$(conninfo "$v")" --migrations "$d/mig" apply
    if ! "$RETORT" -q -d "$(conninfo "$v")" --models "$d/models" check >"$d/verify.out" 2>&1; then
        echo "bench: error: N=$n: after applying retort's migration, 'retort check' still finds differences:" >&2
        head -n 40 "$d/verify.out" >&2
        echo "(migrations: $(tr '\n' ' ' <<<"$migfiles"))" >&2
        BENCH_KEEP=1
        exit 1
    fi
    note "N=$n: verified: the migration makes the before database match the after model"

    # Counts of what each tool found.
    local nstmts planned objects alembic_diffs="-" alembic_queries="-"
    nstmts=$(awk '/^-- retort:upgrade/ { on = 1; next } /^-- retort:downgrade/ { on = 0 }
        on && /;[[:space:]]*$/ { n++ } END { print n + 0 }' $migfiles)
    planned=$(kv "$d/after.counts" changes)
    objects=$(kv "$d/after.counts" objects)
    if [[ $do_alembic == 1 ]]; then
        alembic_diffs=$(kv "$d/alembic.out" diffs)
        alembic_queries=$(kv "$d/alembic.out" queries)
    fi

    # Rows of the summary.
    local fs fx ft ins ag ck df al="" alp=""
    fs=$(median "$res/floor-sql")
    fx=$(median "$res/floor-xml")
    ft=$(awk -v a="$fs" -v b="$fx" 'BEGIN { printf "%.4f", a + b }')
    ins=$(median "$res/inspect")
    ag=$(median "$res/autogen")
    ck=$(median "$res/check")
    df=$(median "$res/diff")
    if [[ $do_alembic == 1 ]]; then
        al=$(median "$res/alembic")
        alp=$(median "$res/alembic-process")
    fi
    {
        echo "### N = $n tables ($objects objects, $planned planned changes; databases built in $(fmt_s "$setup_s") s)"
        echo ""
        echo "| measurement | median s | client CPU s | peak MB | / floor (sql+xml) |"
        echo "|---|---:|---:|---:|---:|"
        echo "| floor: psql, retort's $nstmt catalog statements | $(fmt_s "$fs") | $(fmt_s "$(cpu "$res/floor-sql")") | $(peak_mb "$res/floor-sql") | |"
        echo "| floor: xmllint --noout after model ($(($(stat -c %s "$d/models/after.xml") / 1024)) KB) | $(fmt_s "$fx") | $(fmt_s "$(cpu "$res/floor-xml")") | $(peak_mb "$res/floor-xml") | |"
        echo "| floor total | $(fmt_s "$ft") | | | 1.0 |"
        echo "| retort inspect | $(fmt_s "$ins") | $(fmt_s "$(cpu "$res/inspect")") | $(peak_mb "$res/inspect") | $(ratio "$ins" "$ft") |"
        echo "| retort autogen | $(fmt_s "$ag") | $(fmt_s "$(cpu "$res/autogen")") | $(peak_mb "$res/autogen") | $(ratio "$ag" "$ft") |"
        echo "| retort check | $(fmt_s "$ck") | $(fmt_s "$(cpu "$res/check")") | $(peak_mb "$res/check") | $(ratio "$ck" "$ft") |"
        echo "| retort diff | $(fmt_s "$df") | $(fmt_s "$(cpu "$res/diff")") | $(peak_mb "$res/diff") | $(ratio "$df" "$ft") |"
        if [[ $do_alembic == 1 ]]; then
            echo "| Alembic autogenerate compare ($alembic_queries queries; $(wc -l <"$res/alembic") runs) | $(fmt_s "$al") | | | $(ratio "$al" "$ft") |"
            echo "| Alembic whole process (start, imports, load models, compare, render) | $(fmt_s "$alp") | $(fmt_s "$(cpu "$res/alembic-process")") | $(peak_mb "$res/alembic-process") | $(ratio "$alp" "$ft") |"
        fi
        echo ""
        if [[ $do_alembic == 1 ]]; then
            echo "Alembic compare / retort autogen: **$(ratio "$al" "$ag")x** (whole processes: $(ratio "$alp" "$ag")x)."
            echo ""
        fi
    } >>"$summary"
    {
        echo "| $n | $planned | $nstmts in $nmig file$([[ $nmig == 1 ]] || echo s) | $alembic_diffs | ok ($(fmt_s "$(median "$res/apply-generated")") s) |"
    } >>"$checks"
    if [[ $do_alembic == 1 ]]; then
        grep '^diff_' "$d/alembic.out" | sed 's/^diff_//' | tr '\n' ' ' >"$d/alembic.kinds"
        echo "N=$n Alembic by kind: $(cat "$d/alembic.kinds")" >>"$work/alembic-kinds"
    fi
    {
        echo "N=$n planned by kind: $(grep '^change_' "$d/after.counts" | sed 's/^change_//' | tr '\n' ' ')"
    } >>"$work/planned-kinds"
    {
        local pe pu ps
        read -r pe pu ps _ <"$d/prof.time"
        echo "Where retort autogen's time goes at N=$n (one extra run with log_min_duration_statement = 0):"
        echo "wall $(fmt_s "$pe") s, retort's own CPU $(fmt_s "$(awk -v u="$pu" -v s="$ps" 'BEGIN { print u + s }')") s (user $pu, sys $ps);"
        echo "server time per statement (parse + bind + execute), largest first:"
        echo ""
        sed 's/^/    /' "$d/server-time.txt"
        echo ""
    } >>"$summary"
    # Headline inputs: the largest size's autogen ratio.
    echo "$n $ag $ft $(peak_mb "$res/autogen") ${al:-}" >"$work/headline"

    cd "$work"
    if [[ $BENCH_KEEP != 1 ]]; then
        dropdb_ "$v"
        dropdb_ "$a"
        dropdb_ "$b"
    fi
}

for n in $BENCH_SIZES; do
    bench_size "$n"
done

# ------------------------------------------------------------ history, apply
bench_history() {
    local m=$BENCH_HISTORY_N d=$work/hist head
    res=$d/res
    mkdir -p "$res" "$d/proj"
    cd "$d/proj"
    note "history: writing $m migration files"
    head=$("$gen" migrations "$d/mig" "$m")
    dropdb_ hist
    createdb_ hist
    "$RETORT" -q -d "$(conninfo hist)" --migrations "$d/mig" stamp "$head" >/dev/null \
        || die "retort stamp $head failed"
    for ((r = 1; r <= BENCH_RUNS; r++)); do
        run_timed history 0 "$RETORT" -q --migrations "$d/mig" history
        [[ $(grep -c . "$work/out") -ge $m ]] || die "retort history listed fewer than $m revisions"
        run_timed heads 0 "$RETORT" -q --migrations "$d/mig" heads
        grep -q "$head" "$work/out" || die "retort heads does not show the head $head"
        run_timed current 0 "$RETORT" -q -d "$(conninfo hist)" --migrations "$d/mig" current
        grep -q "$head" "$work/out" || die "retort current does not show the stamped head $head"
    done
    dropdb_ hist
    cd "$work"
}

bench_apply() {
    local m=$BENCH_APPLY_N d=$work/apply i
    res=$d/res
    mkdir -p "$res" "$d/proj"
    cd "$d/proj"
    "$gen" migrations "$d/mig" "$m" >/dev/null
    for ((i = 0; i < m; i++)); do
        printf 'BEGIN;\nSELECT 1;\nCOMMIT;\n'
    done >"$d/psql.sql"
    for ((r = 1; r <= BENCH_RUNS; r++)); do
        dropdb_ ap
        createdb_ ap
        run_timed apply 0 "$RETORT" -q -d "$(conninfo ap)" --migrations "$d/mig" apply
        [[ $(q ap "SELECT count(*) FROM retort_version" 2>/dev/null || echo 0) -ge 1 ]] \
            || die "retort apply recorded nothing in retort_version"
        dropdb_ ap
        createdb_ ap
        run_timed psql-transactions 0 psql -X -q -v ON_ERROR_STOP=1 -d ap -f "$d/psql.sql" -o /dev/null
    done
    dropdb_ ap
    cd "$work"
}

bench_history
bench_apply

# ------------------------------------------------------------ report
read -r hn hag hft hmb hal <"$work/headline" || true
{
    echo "Headline (N=$hn tables): retort autogen $(fmt_s "$hag") s = $(ratio "$hag" "$hft")x the catalog+XML floor, peak $hmb MB$(
        [[ -n ${hal:-} ]] && echo ", $(ratio "$hal" "$hag")x faster than Alembic autogenerate")."
    echo ""
    cat "$report"
    echo "## Schema sizes"
    echo ""
    cat "$summary"
    echo "## Same differences found?"
    echo ""
    echo "| N | planned changes | retort upgrade statements | Alembic diffs | retort check after applying retort's migration |"
    echo "|---:|---:|---:|---:|---|"
    cat "$checks"
    echo ""
    sed 's/^/    /' "$work/planned-kinds"
    [[ ! -f $work/alembic-kinds ]] || sed 's/^/    /' "$work/alembic-kinds"
    echo ""
    h=$work/hist/res
    a=$work/apply/res
    echo "## Migration history and apply"
    echo ""
    echo "| measurement | median s | client CPU s | peak MB |"
    echo "|---|---:|---:|---:|"
    echo "| retort history, $BENCH_HISTORY_N files | $(fmt_s "$(median "$h/history")") | $(fmt_s "$(cpu "$h/history")") | $(peak_mb "$h/history") |"
    echo "| retort heads, $BENCH_HISTORY_N files | $(fmt_s "$(median "$h/heads")") | $(fmt_s "$(cpu "$h/heads")") | $(peak_mb "$h/heads") |"
    echo "| retort current, $BENCH_HISTORY_N files | $(fmt_s "$(median "$h/current")") | $(fmt_s "$(cpu "$h/current")") | $(peak_mb "$h/current") |"
    ra=$(median "$a/apply")
    rp=$(median "$a/psql-transactions")
    echo "| retort apply, $BENCH_APPLY_N trivial migrations | $(fmt_s "$ra") | $(fmt_s "$(cpu "$a/apply")") | $(peak_mb "$a/apply") |"
    echo "| psql, the same $BENCH_APPLY_N transactions (BEGIN; SELECT 1; COMMIT) | $(fmt_s "$rp") | $(fmt_s "$(cpu "$a/psql-transactions")") | |"
    echo ""
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)."
    echo ""
    echo "apply overhead per migration: $(awk -v a="$ra" -v b="$rp" -v n="$BENCH_APPLY_N" 'BEGIN { printf "%.2f", (a - b) / n * 1000 }') ms"
    if [[ ${BENCH_REFRESH_FLOOR:-0} != 1 && -f $root/bench/floor.sql ]] \
            && ! sed '1,/^-- bench\/floor\.sql (end of header)$/d' "$root/bench/floor.sql" | cmp -s "$work/floor.sql" -; then
        echo ""
        echo "Note: bench/floor.sql (the committed snapshot) differs from what retort sends now;"
        echo "the floor above used the captured statements. Refresh it: BENCH_REFRESH_FLOOR=1 make bench."
    fi
} >"$work/final.md"
if [[ ${BENCH_REFRESH_FLOOR:-0} == 1 ]]; then
    {
        echo "-- bench/floor.sql: the statements retort inspect sent for a schema in \"public\","
        echo "-- captured by bench/run.sh (log_statement = all + bench/floor_capture.awk) at"
        echo "-- retort $commit. A snapshot for reading: make bench always re-captures them."
        echo "-- bench/floor.sql (end of header)"
        cat "$work/floor.sql"
    } >"$root/bench/floor.sql"
    note "refreshed bench/floor.sql"
fi
cat "$work/final.md"
if [[ -n ${BENCH_RESULTS:-} ]]; then
    cp "$work/final.md" "$BENCH_RESULTS"
fi
