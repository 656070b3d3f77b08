#!/usr/bin/env bash
# `npm test`: prepares the machine like `npm start` does, then runs every test (unit, integration, end to end)
# against real MariaDB, Redis, Docker and Chromium, in a scratch data directory and a scratch panel database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh

url="${PANEL_DATABASE_URL:-$(panel_env_value PANEL_DATABASE_URL)}"
test_db="panel_test"
export PANEL_DATABASE_URL="${url%/*}/${test_db}"
export PANEL_DATA_DIR="$(mktemp -d /tmp/panel-test.XXXXXX)"
export REDIS_URL="redis://127.0.0.1:6379/1"
export PANEL_NODE_ID="test-node"
export PANEL_API_PORT="${PANEL_TEST_API_PORT:-3100}"
export PANEL_LOG_LEVEL=warn
trap 'rm -rf "$PANEL_DATA_DIR"' EXIT

mysql_root -e "DROP DATABASE IF EXISTS \`${test_db}\`; CREATE DATABASE \`${test_db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
redis-cli -n 1 FLUSHDB >/dev/null
node libs/database/dist/cli/run-migrations.js >/dev/null

say "dashboard unit tests"
npm test --silent -w @panel/panel-ui

say "unit, integration and end-to-end tests"
mapfile -t files < <(find libs/*/dist apps/*/dist -name '*.test.js' -not -path '*/panel-ui/*' | sort)
node --test --test-concurrency=1 "${files[@]}"
