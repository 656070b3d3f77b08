#!/usr/bin/env bash
# Brings a Debian machine to the point where the platform can run, idempotently, and quickly when all is there:
# npm dependencies and the build, a config check, Debian packages, dockerd, MariaDB, Redis, PostgreSQL, the panel's
# MySQL user and PostgreSQL role, the Python runtime images and the panel schema migrations. Used by `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_npm_dependencies
# The build comes first: the steps after it ask the built config for settings (panel_setting in scripts/lib.sh).
ensure_server_build
check_config
ensure_apt_packages
ensure_dockerd
ensure_user_network
ensure_mariadb_bind_address
ensure_mariadb
ensure_caddy
ensure_redis
ensure_postgresql
ensure_panel_env_file
ensure_panel_mysql_user
ensure_postgresql_user_access
ensure_panel_postgres_role
ensure_ui_build
ensure_runtime_images "${PANEL_RUNTIME_VERSIONS:-}"
run_panel_migrations
