#!/usr/bin/env bash
# Install the system packages retort needs to build and test (Debian/Ubuntu).
#
#   scripts/deps.sh [--with-valgrind]
#
# Fast no-op (no apt-get at all) when everything is already installed.
# Not root and something missing -> prints the sudo command, exits 1.
# Not Debian/Ubuntu -> checks for the tools directly; if something is
# missing, says what the project needs and exits 1.
# Re-run under bash if started as `sh script` (this is a bash script).
if [ -z "${BASH_VERSION:-}" ]; then exec bash "$0" "$@"; fi
set -euo pipefail

usage() {
    echo "usage: $0 [--with-valgrind]" >&2
}

with_valgrind=0
for arg in "$@"; do
    case $arg in
        --with-valgrind) with_valgrind=1 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "deps.sh: unknown argument: $arg" >&2; usage; exit 2 ;;
    esac
done

packages=(gcc make pkg-config libpq-dev libxml2-dev libxml2-utils libpcre2-dev
          check postgresql postgresql-contrib)
if [[ $with_valgrind == 1 ]]; then
    packages+=(valgrind)
fi

needs_text() {
    cat >&2 <<'TXT'
retort needs: a C11 compiler (gcc), GNU make, pkg-config, the development
files of libpq, libxml2 and pcre2 (8-bit), xmllint (libxml2 utils), the Check
unit-test framework, and a PostgreSQL server (initdb, pg_ctl, postgres, psql).
TXT
    if [[ $with_valgrind == 1 ]]; then
        echo "For VALGRIND=1 test runs it also needs valgrind." >&2
    fi
}

# ---------------------------------------------------------------- non-Debian
if [[ ! -f /etc/debian_version ]] || ! command -v apt-get >/dev/null 2>&1 \
        || ! command -v dpkg-query >/dev/null 2>&1; then
    # Can't use the package manager; check for the things themselves.
    missing=()
    for tool in cc make pkg-config xmllint psql; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    if command -v pkg-config >/dev/null 2>&1; then
        for mod in libpq libxml-2.0 libpcre2-8 check; do
            pkg-config --exists "$mod" || missing+=("pkg-config module $mod")
        done
    fi
    have_initdb=0
    for d in /usr/lib/postgresql/*/bin; do
        [[ -x $d/initdb ]] && have_initdb=1
    done
    if command -v pg_config >/dev/null 2>&1 \
            && [[ -x "$(pg_config --bindir 2>/dev/null)/initdb" ]]; then
        have_initdb=1
    fi
    command -v initdb >/dev/null 2>&1 && have_initdb=1
    [[ $have_initdb == 1 ]] || missing+=("initdb (PostgreSQL server)")
    if [[ $with_valgrind == 1 ]]; then
        command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
    fi
    if ((${#missing[@]} == 0)); then
        exit 0
    fi
    echo "deps.sh: this is not a Debian/Ubuntu system, so packages can't be installed automatically." >&2
    needs_text
    echo "Missing: ${missing[*]}" >&2
    exit 1
fi

# ---------------------------------------------------------------- Debian
missing=()
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null || true)
    if ! grep -qx 'install ok installed' <<<"$status"; then
        missing+=("$pkg")
    fi
done

if ((${#missing[@]} == 0)); then
    exit 0
fi

if [[ $(id -u) != 0 ]]; then
    echo "deps.sh: missing system packages: ${missing[*]}" >&2
    echo "Install them with:" >&2
    echo "  sudo apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Wait (rather than fail) if another apt/dpkg run holds the lock.
apt_opts=(-o DPkg::Lock::Timeout=600)
apt-get "${apt_opts[@]}" update -qq
apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}"

# Installing the postgresql package may create and start a "main" cluster.
# We never use it (tests run a private throwaway cluster); stop it, best effort.
for pkg in "${missing[@]}"; do
    if [[ $pkg == postgresql ]] && command -v pg_lsclusters >/dev/null 2>&1; then
        while read -r ver name _; do
            [[ -n ${ver:-} && -n ${name:-} ]] || continue
            pg_ctlcluster "$ver" "$name" stop >/dev/null 2>&1 || true
        done < <(pg_lsclusters -h 2>/dev/null || true)
    fi
done
echo "deps.sh: done" >&2
