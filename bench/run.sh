#!/usr/bin/env bash
# Runs one benchmark against a scratch platform (like the tests): bench/<name> calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
name=$1
bash scripts/setup.sh >/dev/null
enter_scratch_environment
node "apps/e2e/dist/bench/${name}.bench.js"
