#!/usr/bin/env bash
# Installs panel-api and the worker as systemd services (deploy/systemd/*.service with this checkout's path and
# node), after `npm start` (or scripts/setup.sh) has prepared the machine once. Then:
#   systemctl status panel-api panel-worker; journalctl -u panel-worker -f
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
[ -d /run/systemd/system ] || fail "this machine does not run systemd; use npm start, which supervises both processes"
[ -f apps/worker/dist/main.js ] && [ -f apps/panel-api/dist/main.js ] || fail "build first: npm start (or npm run build)"
dir=$(pwd)
node=$(command -v node)
for unit in panel-api panel-worker; do
  sed -e "s|@PANEL_DIR@|$dir|g" -e "s|@NODE@|$node|g" "deploy/systemd/$unit.service" >"/etc/systemd/system/$unit.service"
done
systemctl daemon-reload
systemctl enable --now panel-api.service panel-worker.service
say "panel-api and panel-worker run under systemd (they start at boot and again after a crash)"
