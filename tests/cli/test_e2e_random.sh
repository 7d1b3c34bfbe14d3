#!/usr/bin/env bash
# Randomized schema pairs through the end-to-end proof (tests/e2e/random.sh):
# a fixed range of seeds, so a failure reproduces exactly. Each failing
# pair prints the command that replays it. E2E_RANDOM_COUNT and
# E2E_RANDOM_SEED change the range (longer runs: see TESTING.md). The
# sanitizer build (make sanitize) is several times slower: it gets fewer
# pairs, to stay well inside run-tests.sh's time limit.
set -euo pipefail
root=${RETORT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
count=300
[[ ${RETORT:-} != *-san ]] || count=80
exec bash "$root/tests/e2e/random.sh" --count "${E2E_RANDOM_COUNT:-$count}" \
    --seed "${E2E_RANDOM_SEED:-1}" --max-failures 25
