#!/usr/bin/env bash
# Brings a Debian machine to the point where the platform can run, idempotently, and quickly when all is there:
# npm dependencies and the build, a config check, Debian packages, dockerd, MariaDB, Redis, PostgreSQL, the panel's
# MySQL user and PostgreSQL role, the Python runtime images and the panel schema migrations. Used by `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# One line per phase with its duration, and the total at the end (issue 17: what a first start spends, and where).
setup_started=$(date +%s.%N)
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
phase() {
  local name=$1 t0; shift
  t0=$(date +%s.%N)
  "$@"
  printf '[panel] phase %-24s %7ss\n' "$name" "$(since "$t0")"
}

phase npm_dependencies ensure_npm_dependencies
# The build comes first: the steps after it ask the built config for settings (panel_setting in scripts/lib.sh).
phase server_build ensure_server_build
phase check_config check_config
phase apt_packages ensure_apt_packages
phase dockerd ensure_dockerd
phase user_network ensure_user_network
phase mariadb_bind_address ensure_mariadb_bind_address
phase mariadb ensure_mariadb
phase caddy ensure_caddy
phase redis ensure_redis
phase postgresql ensure_postgresql
phase panel_env_file ensure_panel_env_file
phase panel_mysql_user ensure_panel_mysql_user
phase postgresql_user_access ensure_postgresql_user_access
phase panel_postgres_role ensure_panel_postgres_role
phase ui_build ensure_ui_build
phase runtime_images ensure_runtime_images "${PANEL_RUNTIME_VERSIONS:-}"
phase panel_migrations run_panel_migrations

printf '[panel] set-up total %25ss\n' "$(since "$setup_started")"
