# shellcheck shell=bash
# Helpers for black-box CLI tests of retort. Source it, don't run it:
#
#   #!/usr/bin/env bash
#   set -euo pipefail
#   # shellcheck source=/dev/null
#   . "$(dirname "$0")/lib.sh"
#
#   conn=$(fresh_db t_mytest)            # empty database, conninfo string
#   dir=$(workdir); cd "$dir"            # temp project dir, removed on exit
#   expect_exit 0 "$RETORT" --help       # stdout -> $OUT, stderr -> $ERR
#   expect_contains -i "$OUT" usage
#   [[ $(psql_q "$conn" 'select 1') == 1 ]] || fail "select 1 gave no 1"
#
# tests/run-tests.sh provides RETORT (absolute path) and PGHOST, PGPORT,
# PGUSER, PGDATABASE for a throwaway cluster. Any failing helper prints a
# message (with the file:line of the caller) to stderr and exits 1.
#
# Helpers:
#   fail MSG...                    fail the test
#   fresh_db NAME                  (re)create database NAME; echo its conninfo
#   psql_q DB SQL                  run SQL (psql -XAtq, ON_ERROR_STOP); DB is a
#                                  database name or a conninfo string
#   expect_exit CODE CMD [ARG...]  run CMD, stdout to $OUT, stderr to $ERR;
#                                  fail (showing both) unless it exits CODE
#   expect_contains [-i] FILE TEXT      fail unless FILE contains TEXT (fixed
#                                       string; -i ignores case)
#   expect_not_contains [-i] FILE TEXT  fail if FILE contains TEXT
#   expect_match FILE REGEX        fail unless FILE matches the grep -E REGEX
#   expect_eq EXPECTED ACTUAL [WHAT]  fail unless the two strings are equal
#   workdir                        make an empty temp dir, echo its path
#                                  (removed when the test exits)
#   on_exit CMD                    run the (eval'd) CMD when the test exits
#
# $STATUS holds the exit code of the last expect_exit.

shopt -s inherit_errexit 2>/dev/null || true

_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${RETORT_ROOT:=$(cd "$_lib_dir/../.." && pwd)}"
: "${RETORT:=$RETORT_ROOT/retort}"
case $RETORT in
    /*) ;;
    *) RETORT=$PWD/$RETORT ;;
esac
export RETORT RETORT_ROOT

_lib_tmp=$(mktemp -d /tmp/retort-cli.XXXXXX)
OUT=$_lib_tmp/stdout
ERR=$_lib_tmp/stderr
: >"$OUT"
: >"$ERR"
STATUS=0
_lib_exit_cmds=()

on_exit() {
    _lib_exit_cmds+=("$*")
}

_lib_cleanup() {
    local rc=$? c
    for c in "${_lib_exit_cmds[@]}"; do
        eval "$c" || true
    done
    cd / && rm -rf "$_lib_tmp"
    return "$rc"
}
trap _lib_cleanup EXIT

# file:line of the test-script line that called a helper
_lib_where() {
    local i
    for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
        if [[ ${BASH_SOURCE[i]} != "${BASH_SOURCE[0]}" ]]; then
            echo "$(basename "${BASH_SOURCE[i]}"):${BASH_LINENO[i - 1]}"
            return
        fi
    done
    echo "?"
}

fail() {
    echo "FAIL ($(_lib_where)): $*" >&2
    exit 1
}

_lib_show() {
    local label=$1 file=$2
    echo "---- $label ----" >&2
    if [[ -s $file ]]; then
        cat "$file" >&2
    else
        echo "(empty)" >&2
    fi
}

workdir() {
    mktemp -d "$_lib_tmp/work.XXXXXX"
}

psql_q() {
    (($# == 2)) || fail "usage: psql_q DB SQL"
    psql -XAtq -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

fresh_db() {
    (($# == 1)) || fail "usage: fresh_db NAME"
    local name=$1
    [[ $name =~ ^[a-z_][a-z0-9_]*$ ]] || fail "fresh_db: bad database name '$name' (use [a-z0-9_])"
    : "${PGHOST:?PGHOST not set: run via tests/run-tests.sh}"
    PGOPTIONS="-c client_min_messages=warning" psql_q postgres "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)" >/dev/null \
        || fail "fresh_db: could not drop database $name"
    psql_q postgres "CREATE DATABASE \"$name\"" >/dev/null \
        || fail "fresh_db: could not create database $name"
    echo "host=$PGHOST port=${PGPORT:-5432} user=${PGUSER:-postgres} dbname=$name"
}

expect_exit() {
    (($# >= 2)) || fail "usage: expect_exit CODE CMD [ARG...]"
    local want=$1
    shift
    STATUS=0
    "$@" >"$OUT" 2>"$ERR" || STATUS=$?
    if [[ $STATUS != "$want" ]]; then
        {
            echo "FAIL ($(_lib_where)): expected exit code $want, got $STATUS from:"
            echo "  $*"
        } >&2
        _lib_show stdout "$OUT"
        _lib_show stderr "$ERR"
        exit 1
    fi
}

# _lib_grep_args: parse [-i] FILE TEXT into _g_opts/_g_file/_g_text
_lib_grep_args() {
    local fn=$1
    shift
    _g_opts=(-q)
    if [[ ${1:-} == -i ]]; then
        _g_opts+=(-i)
        shift
    fi
    (($# == 2)) || fail "usage: $fn [-i] FILE TEXT"
    _g_file=$1
    _g_text=$2
    [[ -r $_g_file ]] || fail "$fn: no such file: $_g_file"
}

expect_contains() {
    _lib_grep_args expect_contains "$@"
    if ! grep "${_g_opts[@]}" -F -- "$_g_text" "$_g_file"; then
        echo "FAIL ($(_lib_where)): expected $(basename "$_g_file") to contain: $_g_text" >&2
        _lib_show "$(basename "$_g_file")" "$_g_file"
        exit 1
    fi
}

expect_not_contains() {
    _lib_grep_args expect_not_contains "$@"
    if grep "${_g_opts[@]}" -F -- "$_g_text" "$_g_file"; then
        echo "FAIL ($(_lib_where)): expected $(basename "$_g_file") NOT to contain: $_g_text" >&2
        _lib_show "$(basename "$_g_file")" "$_g_file"
        exit 1
    fi
}

expect_match() {
    (($# == 2)) || fail "usage: expect_match FILE REGEX"
    [[ -r $1 ]] || fail "expect_match: no such file: $1"
    if ! grep -qE -- "$2" "$1"; then
        echo "FAIL ($(_lib_where)): expected $(basename "$1") to match /$2/" >&2
        _lib_show "$(basename "$1")" "$1"
        exit 1
    fi
}

expect_eq() {
    (($# >= 2)) || fail "usage: expect_eq EXPECTED ACTUAL [WHAT]"
    if [[ $1 != "$2" ]]; then
        fail "${3:-value}: expected '$1', got '$2'"
    fi
}
