#!/usr/bin/env bash
# The convergence corpus (tests/e2e/cases) through the end-to-end proof:
# inspect, autogen, apply, compare catalogs, check, data, downgrade base.
# See tests/e2e/run.sh and TESTING.md; run one case with
# `tests/e2e/run.sh NAME`.
set -euo pipefail
root=${RETORT_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
exec bash "$root/tests/e2e/run.sh"
