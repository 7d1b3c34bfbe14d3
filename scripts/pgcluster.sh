#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, reachable only via a private
# unix socket directory (no TCP).
#
#   eval "$(scripts/pgcluster.sh start DIR)"   # init + start; prints export lines
#   scripts/pgcluster.sh stop DIR              # stop; removes DIR unless KEEP_CLUSTER=1
#   scripts/pgcluster.sh log DIR               # print the server log
#
# Layout of DIR: data/ (cluster), sock/ (socket dir), server.log, initdb.log,
# env (PGHOST=.. PGPORT=.. PGUSER=postgres PGDATABASE=postgres), cluster.info.
#
# initdb/postgres refuse to run as root: as root, they run as the OS user
# "postgres" (or a system user "retort-pg", created if needed), DIR is
# chowned to it, and every parent of DIR must be traversable by it (use
# `mktemp -d /tmp/...` for DIR).
# Re-run under bash if started as `sh script` (this is a bash script).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

prog=pgcluster.sh
die() {
    echo "$prog: $*" >&2
    exit 1
}

usage() {
    echo "usage: $0 start|stop|log DIR" >&2
    exit 2
}

(($# == 2)) || usage
cmd=$1
dir=$2

# Don't let the caller's environment redirect anything we do.
while read -r var; do
    unset "$var"
done < <(compgen -e | grep '^PG' || true)

[[ -n $dir ]] || die "empty DIR"
case $dir in
    /*) ;;
    *) dir=$PWD/$dir ;;
esac
dir=${dir%/}
[[ -n $dir ]] || die "refusing to use / as the cluster directory"
# The path ends up inside postgres -o '...' options and in the env file.
if [[ $dir =~ [[:space:]\'\"\\\$\`] ]]; then
    die "DIR must not contain whitespace, quotes, backslashes or \$: $dir"
fi

data=$dir/data
sock=$dir/sock
logfile=$dir/server.log
info=$dir/cluster.info

# Never run anything from a directory the postgres user can't see.
cd /

is_root() { [[ $(id -u) == 0 ]]; }

# Run a command as USER (empty USER = ourselves).
as_user() {
    local user=$1
    shift
    if [[ -z $user ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$user" -- "$@"
    else
        su -s /bin/sh "$user" -c "$(printf '%q ' "$@")"
    fi
}

find_bindir() {
    local d best=""
    while read -r d; do
        if [[ -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
            best=$d
        fi
    done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
    if [[ -z $best ]] && command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n $d && -x $d/initdb && -x $d/pg_ctl && -x $d/postgres ]]; then
            best=$d
        fi
    fi
    if [[ -z $best ]] && command -v initdb >/dev/null 2>&1; then
        d=$(dirname "$(command -v initdb)")
        if [[ -x $d/pg_ctl && -x $d/postgres ]]; then
            best=$d
        fi
    fi
    [[ -n $best ]] || die "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found in /usr/lib/postgresql/*/bin, pg_config --bindir or PATH; run scripts/deps.sh"
    echo "$best"
}

# The unprivileged OS user to run the server as ("" = ourselves).
pick_user() {
    if ! is_root; then
        echo ""
    elif id -u postgres >/dev/null 2>&1; then
        echo postgres
    else
        if ! id -u retort-pg >/dev/null 2>&1; then
            useradd --system --no-create-home --home-dir / \
                --shell /usr/sbin/nologin retort-pg >/dev/null 2>&1 \
                || id -u retort-pg >/dev/null 2>&1 \
                || die "could not create system user retort-pg"
        fi
        echo retort-pg
    fi
}

# show_log_and_die LOGFILE MESSAGE: tail of LOGFILE to stderr, then die.
show_log_and_die() {
    local f=$1
    shift
    if [[ -s $f ]]; then
        echo "---- $f (last 50 lines) ----" >&2
        tail -n 50 "$f" >&2
    fi
    die "$*"
}

read_info() {
    bindir="" runas=""
    if [[ -f $info ]]; then
        local k v
        while IFS='=' read -r k v; do
            case $k in
                bindir) bindir=$v ;;
                runas) runas=$v ;;
            esac
        done <"$info"
    fi
    if [[ -z $bindir || ! -x $bindir/pg_ctl ]]; then
        bindir=$(find_bindir)
    fi
    if is_root; then
        if [[ -z $runas ]]; then
            runas=$(stat -c %U "$data" 2>/dev/null || echo postgres)
        fi
        [[ $runas != root ]] || runas=""
    else
        runas=""
    fi
}

postmaster_pid() {
    local pid
    [[ -r $data/postmaster.pid ]] || return 1
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    echo "$pid"
}

# Stop the server, however it is. Never fails.
stop_server() {
    local pid i
    [[ -d $data ]] || return 0
    read_info
    if [[ -f $data/postmaster.pid ]]; then
        as_user "$runas" "$bindir/pg_ctl" -D "$data" -m immediate -w -t 30 stop \
            >/dev/null 2>&1 || true
    fi
    # Belt and braces: if the postmaster is still there, kill it by pid.
    if pid=$(postmaster_pid) && kill -0 "$pid" 2>/dev/null \
            && grep -qF -- "$data" "/proc/$pid/cmdline" 2>/dev/null; then
        kill -QUIT "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    return 0
}

cmd_start() {
    local bindir runuser_name port locale i pid
    bindir=$(find_bindir)
    runuser_name=$(pick_user)

    if [[ -e $data/PG_VERSION ]]; then
        die "$data already holds a cluster; stop it first (scripts/pgcluster.sh stop $dir)"
    fi
    mkdir -p "$dir"
    rm -rf "$sock"
    mkdir -p "$sock"
    chmod 700 "$dir" "$sock"
    : >"$logfile"
    printf 'bindir=%s\nrunas=%s\n' "$bindir" "$runuser_name" >"$info"

    if [[ -n $runuser_name ]]; then
        chown -R "$runuser_name": "$dir"
        if ! as_user "$runuser_name" test -w "$dir"; then
            die "$dir is not reachable by OS user $runuser_name (initdb/postgres can't run as root); every parent directory must be traversable - use e.g. \$(mktemp -d /tmp/retort-pg.XXXXXX)"
        fi
    fi

    # Unix socket paths are limited to ~107 bytes.
    if ((${#sock} + 20 > 107)); then
        die "socket directory path too long for a unix socket: $sock (use a short DIR under /tmp)"
    fi

    locale=C
    if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
        locale=C.UTF-8
    fi

    if ! as_user "$runuser_name" "$bindir/initdb" -D "$data" -A trust -U postgres \
            -E UTF8 --locale="$locale" --no-sync >"$dir/initdb.log" 2>&1; then
        show_log_and_die "$dir/initdb.log" "initdb failed"
    fi

    # Private socket dir, so any port number is free as long as its socket
    # file isn't there (it can't be, the dir is new) - pick one at random.
    port=$((20000 + RANDOM % 40000))
    for ((i = 0; i < 100; i++)); do
        [[ -e $sock/.s.PGSQL.$port ]] || break
        port=$((20000 + RANDOM % 40000))
    done

    local opts="-c listen_addresses='' -c unix_socket_directories='$sock' -c port=$port"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    opts+=" -c max_connections=100"
    if ! as_user "$runuser_name" "$bindir/pg_ctl" -D "$data" -w -t 60 -l "$logfile" \
            start -o "$opts" >"$dir/pg_ctl.log" 2>&1; then
        cat "$dir/pg_ctl.log" >&2 || true
        stop_server
        show_log_and_die "$logfile" "could not start the PostgreSQL server (see above)"
    fi

    # pg_ctl -w waits for "ready"; double check we can really connect.
    if [[ -x $bindir/pg_isready ]]; then
        for ((i = 0; i < 50; i++)); do
            if "$bindir/pg_isready" -q -h "$sock" -p "$port" -U postgres -d postgres; then
                break
            fi
            sleep 0.1
        done
        if ((i == 50)); then
            stop_server
            show_log_and_die "$logfile" "server started but does not accept connections"
        fi
    fi
    if ! pid=$(postmaster_pid); then
        stop_server
        show_log_and_die "$logfile" "server started but left no postmaster.pid"
    fi

    cat >"$dir/env" <<ENV
PGHOST=$sock
PGPORT=$port
PGUSER=postgres
PGDATABASE=postgres
ENV
    local line
    while read -r line; do
        echo "export $line"
    done <"$dir/env"
}

cmd_stop() {
    [[ -d $dir ]] || return 0
    # Only touch directories that look like ours.
    if [[ ! -d $data && ! -f $info && ! -f $dir/env && ! -d $sock ]]; then
        if [[ -z $(ls -A "$dir") ]]; then
            [[ ${KEEP_CLUSTER:-0} == 1 ]] || rmdir "$dir" 2>/dev/null || true
            return 0
        fi
        die "$dir does not look like a pgcluster.sh directory; not touching it"
    fi
    stop_server
    if [[ ${KEEP_CLUSTER:-0} != 1 ]]; then
        rm -rf "$dir"
    else
        echo "$prog: KEEP_CLUSTER=1: keeping $dir" >&2
    fi
}

cmd_log() {
    [[ -f $logfile ]] || die "no server log at $logfile"
    cat "$logfile"
}

case $cmd in
    start) cmd_start ;;
    stop) cmd_stop ;;
    log) cmd_log ;;
    *) usage ;;
esac
