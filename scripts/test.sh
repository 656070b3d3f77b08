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
# A Caddy of the tests' own, so the tests never touch the routes of a platform running on this machine.
export PANEL_CADDY_ADMIN_URL="http://127.0.0.1:${PANEL_TEST_CADDY_ADMIN_PORT:-2119}"
export PANEL_APPS_PORT="${PANEL_TEST_APPS_PORT:-8180}"
caddy_config="$PANEL_DATA_DIR/caddy.json"
printf '{"admin":{"listen":"%s"}}' "${PANEL_CADDY_ADMIN_URL#http://}" >"$caddy_config"
XDG_CONFIG_HOME="$PANEL_DATA_DIR/caddy" XDG_DATA_HOME="$PANEL_DATA_DIR/caddy" caddy run --config "$caddy_config" >"$PANEL_DATA_DIR/caddy.log" 2>&1 &
caddy_pid=$!
trap 'kill $caddy_pid 2>/dev/null; rm -rf "$PANEL_DATA_DIR"' EXIT
wait_for 30 "the tests' Caddy" curl -sf "$PANEL_CADDY_ADMIN_URL/config/"

mysql_root -e "DROP DATABASE IF EXISTS \`${test_db}\`; CREATE DATABASE \`${test_db}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
redis-cli -n 1 FLUSHDB >/dev/null
node libs/database/dist/cli/run-migrations.js >/dev/null

say "dashboard unit tests"
npm test --silent -w @panel/panel-ui

say "unit, integration and end-to-end tests"
mapfile -t files < <(find libs/*/dist apps/*/dist -name '*.test.js' -not -path '*/panel-ui/*' | sort)
node --test --test-concurrency=1 "${files[@]}"
