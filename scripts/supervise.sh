#!/usr/bin/env bash
# Runs a command and starts it again whenever it exits, waiting 1 s, then 2, 4 … up to 30 s between quick crashes
# (a run that lasted a minute starts the count again). SIGTERM stops the command (SIGTERM, then SIGKILL after 20 s)
# and then this script. `npm start` runs panel-api and the worker each under one, so one crashing never stops the other.
#   bash scripts/supervise.sh NAME COMMAND [ARGS...]
set -uo pipefail
source "$(dirname "$0")/lib.sh"

name=$1
shift
max_delay=${PANEL_SUPERVISE_MAX_DELAY:-30}
delay=1
child=
stopping=0

stop() {
  stopping=1
  [ -n "$child" ] || exit 0
  kill -TERM "$child" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$child" 2>/dev/null || exit 0
    sleep 0.2
  done
  say "$name did not stop within 20 s; killing it"
  kill -KILL "$child" 2>/dev/null
  exit 0
}
trap stop TERM INT

while true; do
  started=$SECONDS
  "$@" &
  child=$!
  # `wait` returns early when a signal's trap runs; the trap then ends this script.
  wait "$child"
  code=$?
  [ "$stopping" = 1 ] && exit 0
  child=
  if [ $((SECONDS - started)) -ge 60 ]; then delay=1; fi
  printf '\033[1;31m[panel]\033[0m %s exited (status %s); starting it again in %s s\n' "$name" "$code" "$delay" >&2
  sleep "$delay" &
  wait $!
  delay=$((delay * 2 > max_delay ? max_delay : delay * 2))
done
