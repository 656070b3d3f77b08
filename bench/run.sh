#!/usr/bin/env bash
# Runs one benchmark against a scratch platform (like the tests): bench/<name> calls this.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
name=$1
bash scripts/setup.sh >/dev/null
enter_scratch_environment
# A bench lives in the app whose processes it drives (most in apps/e2e; bench/nodes runs workers in process).
script=$(ls apps/*/dist/bench/"${name}".bench.js | head -n 1)
node "$script"
