#!/usr/bin/env bash
# Installs and starts what the platform needs on a Debian machine, idempotently and quickly when all is there:
# Debian packages, dockerd, MariaDB, Redis, PostgreSQL, the panel's MySQL user, npm dependencies, the build and the
# Python runtime images. Used by both `npm start` and `npm test`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

ensure_apt_packages
ensure_dockerd
ensure_mariadb
ensure_redis
ensure_postgresql
ensure_panel_env_file
ensure_panel_mysql_user
ensure_npm_dependencies
ensure_build
ensure_runtime_images "${PANEL_RUNTIME_VERSIONS:-}"
