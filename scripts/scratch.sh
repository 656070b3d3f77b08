#!/usr/bin/env bash
# Runs a command inside a scratch platform environment (see enter_scratch_environment in scripts/lib.sh), e.g.
#   PANEL_TEST_DB=panel_test_files PANEL_TEST_REDIS_DB=3 PANEL_TEST_NODE_ID=files PANEL_TEST_API_PORT=3130 \
#   PANEL_TEST_CADDY_ADMIN_PORT=2139 PANEL_TEST_APPS_PORT=8139 bash scripts/scratch.sh node --test apps/x/dist/y.test.js
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
enter_scratch_environment
"$@"
