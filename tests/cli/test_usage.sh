#!/usr/bin/env bash
# Basic command-line behaviour: --help, --version, unknown commands.
set -euo pipefail
# shellcheck source=/dev/null
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$RETORT" --help
expect_contains -i "$OUT" usage

expect_exit 2 "$RETORT" no-such-command
expect_contains "$ERR" no-such-command

expect_exit 0 "$RETORT" --version
[[ -s $OUT || -s $ERR ]] || fail "--version printed nothing"
