#!/usr/bin/env bash
# Randomized schema pairs through the end-to-end proof (tests/e2e/random.sh):
# a fixed range of seeds, so a failure reproduces exactly. Each failing
# pair prints the command that replays it. E2E_RANDOM_COUNT and
# E2E_RANDOM_SEED change the range (longer runs: see TESTING.md).
set -euo pipefail
root=${RETORT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
exec bash "$root/tests/e2e/random.sh" --count "${E2E_RANDOM_COUNT:-200}" \
    --seed "${E2E_RANDOM_SEED:-1}" --max-failures 25
