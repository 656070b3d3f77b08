#!/usr/bin/env bash
# `npm start`: installs and starts what is missing, then runs panel-api and the worker until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

# The runtime images' batteries (their large wheelhouse, runtime-images/README.md) are built after the platform is up:
# set-up makes only the base images, which serve until the full ones are tagged.
batteries="${PANEL_RUNTIME_BATTERIES:-1}"
PANEL_RUNTIME_BATTERIES=0 bash scripts/setup.sh
data_dir=$(panel_setting PANEL_DATA_DIR)
mkdir -p "$data_dir"
node apps/panel-api/dist/cli/create-admin.js

# Each process has its own supervisor: one that crashes starts again by itself (with backoff), the other keeps running.
pids=()
stop() {
  trap - INT TERM
  say "stopping panel-api and the worker"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  exit 0
}
trap stop INT TERM

bash scripts/supervise.sh worker node apps/worker/dist/main.js &
pids+=($!)
bash scripts/supervise.sh panel-api node apps/panel-api/dist/main.js &
pids+=($!)

url=$(panel_setting PANEL_PUBLIC_URL)
port=$(panel_setting PANEL_API_PORT)
wait_for 60 panel-api curl -sf "http://127.0.0.1:${port}/api/health"
say "the platform is up: open $url (Ctrl-C stops panel-api and the worker)"
if [ "$batteries" != 0 ]; then
  # Detached, so Ctrl-C does not stop it; a start while it runs waits for it (one build per version at a time).
  say "building the runtime images' batteries in the background (log: $PANEL_SERVICE_LOG_DIR/runtime-images.log)"
  mkdir -p "$PANEL_SERVICE_LOG_DIR"
  # shellcheck disable=SC2086
  setsid -f bash runtime-images/build.sh ${PANEL_RUNTIME_VERSIONS:-} >>"$PANEL_SERVICE_LOG_DIR/runtime-images.log" 2>&1 </dev/null
fi

# The supervisors run until Ctrl-C (`wait` returns early for the trap).
while true; do wait "${pids[@]}" || true; done
