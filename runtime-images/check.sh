#!/usr/bin/env bash
# Check the panel-python images: runs tests/in-image.sh in each image as a
# non-root uid without a passwd entry, with HOME on a bind mount and no
# network. USER/LOGNAME are passed as the platform does (a uid without a
# passwd entry needs them for getpass.getuser(), e.g. PyMySQL on 3.13).
#
#   runtime-images/check.sh [VERSION...]      (default: 3.9 3.11 3.13)
#
# Exits non-zero if any check fails (and lists the failed checks).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEST_UID="${PANEL_TEST_UID:-10001}"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.9 3.11 3.13)

log() { echo "[runtime-images] $*"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/panel-check.XXXXXX")"
cleanup() { rm -rf --one-file-system "$work"; }
trap cleanup EXIT

failed=()
for v in "${versions[@]}"; do
  img="${PANEL_RUNTIME_IMAGE_REPO:-panel-python}:$v"
  if ! docker image inspect "$img" >/dev/null 2>&1; then
    log "$v: image $img not found (run runtime-images/build.sh $v)"
    failed+=("$v: image missing")
    continue
  fi
  label="$(docker image inspect -f '{{ index .Config.Labels "panel.python.version" }}' "$img")"
  if [ "$label" != "$v" ]; then
    log "$v: label panel.python.version is '$label'"
    failed+=("$v: panel.python.version label")
  fi
  home="$work/home-$v"
  mkdir -p "$home"
  chown "$TEST_UID:$TEST_UID" "$home"
  chmod 700 "$home"
  logf="$work/check-$v.log"
  log "$v: running checks in $img (uid $TEST_UID, --network none)"
  t0=$(date +%s)
  set +e
  docker run --rm --network none --user "$TEST_UID:$TEST_UID" \
    -e HOME=/home/u -e USER=u -e LOGNAME=u -v "$home:/home/u" -v "$HERE/tests:/panel-tests:ro" \
    "$img" bash /panel-tests/in-image.sh "$v" >"$logf" 2>&1
  rc=$?
  set -e
  grep -E '^(PASS|FAIL):' "$logf" | sed "s/^/[runtime-images] $v: /"
  if [ $rc -ne 0 ]; then
    log "$v: FAILED (rc=$rc, $(( $(date +%s) - t0 ))s); full output:"
    sed 's/^/    /' "$logf"
    failed+=("$v")
  else
    log "$v: all checks passed ($(( $(date +%s) - t0 ))s)"
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  log "FAILED: ${failed[*]}"
  exit 1
fi
log "all images passed: ${versions[*]}"
