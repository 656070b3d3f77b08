#!/usr/bin/env bash
# Build the panel Python runtime images: panel-python:3.9 (bullseye),
# panel-python:3.11 (bookworm), panel-python:3.13 (trixie).
#
#   runtime-images/build.sh [--base-only] [VERSION...]   (default: 3.9 3.11 3.13)
#
# Steps per version (each skipped when its cached result is still valid):
#   1. debootstrap a minbase Debian root filesystem with every package of
#      packages.txt, cached as $PANEL_CACHE_DIR/rootfs/<suite>-<hash>.tar
#   2. docker import it as panel-base:<suite>
#   3. docker build Dockerfile on top (config + wheelhouse), no network,
#      labelled panel.runtime.hash=<hash of runtime-images/> and
#      panel.wheelhouse=base: panel-python:<v>-base, which is tagged
#      panel-python:<v> too when there is no panel-python:<v> yet (so a
#      fresh machine can start with it)
#   4. unless --base-only: docker build Dockerfile.batteries on top of it
#      (the Debian packages of batteries.txt from the mirror, the whole
#      wheelhouse again), labelled panel.wheelhouse=full: panel-python:<v>
#
# Environment:
#   PANEL_CACHE_DIR       cache directory (default /var/cache/panel)
#   PANEL_DEBIAN_MIRROR   Debian mirror (default http://deb.debian.org/debian)
#   PANEL_FORCE_REBUILD=1 rebuild the images even if the hash label matches
#   PANEL_RUNTIME_BATTERIES=0  same as --base-only
#   PANEL_RUNTIME_IMAGE_REPO   tag images <repo>:<version> (default panel-python)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE_DIR="${PANEL_CACHE_DIR:-/var/cache/panel}"
MIRROR="${PANEL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# Bump when the root filesystem post-processing below changes.
ROOTFS_RECIPE=1
ALL_VERSIONS=(3.9 3.11 3.13)
# Where the images are tagged (<repo>:<version>); another repository builds images beside the platform's own, e.g.
# to try a change and check it before it replaces them (runtime-images/README.md).
REPO="${PANEL_RUNTIME_IMAGE_REPO:-panel-python}"

log() { echo "[runtime-images] $*"; }
die() { echo "[runtime-images] ERROR: $*" >&2; exit 1; }

suite_for() {
  case "$1" in
    3.9) echo bullseye ;;
    3.11) echo bookworm ;;
    3.13) echo trixie ;;
    *) return 1 ;;
  esac
}

# Content hash of what makes the images: the Dockerfiles, package lists,
# config/, wheelhouse/ and this script (path + content), sorted; not the
# docs, checks or listing scripts.
content_hash() {
  (cd "$HERE" && find Dockerfile Dockerfile.batteries packages.txt batteries.txt build.sh config wheelhouse -type f \
      -not -path '*/__pycache__/*' -not -name '*.pyc' -not -name '*.swp' -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-32)
}

package_list() {
  sed -e 's/#.*//' -e 's/[[:space:]]//g' "$HERE/packages.txt" | grep -v '^$' | LC_ALL=C sort -u
}

# The packages of batteries.txt for one suite: "name" (every suite) or
# "name [suite ...]" (only those).
batteries_list() {
  local suite="$1"
  sed -e 's/#.*//' "$HERE/batteries.txt" | awk -v s="$suite" '
    NF == 0 { next }
    NF == 1 { print $1; next }
    { line = $0; sub(/^[^[]*\[/, "", line); sub(/\].*$/, "", line)
      n = split(line, suites, /[[:space:]]+/)
      for (i = 1; i <= n; i++) if (suites[i] == s) { print $1; next } }' | LC_ALL=C sort -u
}

label_of() {
  docker image inspect -f "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

tmp_paths=()
# Remove a temporary path; an interrupted debootstrap may leave /proc etc.
# mounted inside its target, so unmount those first.
remove_tmp() {
  local p="$1" m
  [ -e "$p" ] || return 0
  for m in $(awk -v r="$p/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$p"
}
cleanup() {
  local p
  for p in "${tmp_paths[@]+"${tmp_paths[@]}"}"; do
    remove_tmp "$p"
  done
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- step 1: debootstrap (cached tarball) ----------------------------------
ROOTFS_TAR=
rootfs_tar() {
  local v="$1" suite="$2" pkgs pkg_hash tar root tmp_tar logf t0
  pkgs="$(package_list | paste -sd, -)"
  pkg_hash="$(printf 'recipe=%s\nsuite=%s\nvariant=minbase\npackages=%s\n' \
                "$ROOTFS_RECIPE" "$suite" "$pkgs" | sha256sum | cut -c1-16)"
  tar="$CACHE_DIR/rootfs/$suite-$pkg_hash.tar"
  if [ -s "$tar" ]; then
    log "$v: root filesystem cached: $tar"
    ROOTFS_TAR="$tar"; return 0
  fi
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  mkdir -p "$CACHE_DIR/rootfs" "$CACHE_DIR/logs" "$CACHE_DIR/tmp"
  root="$(mktemp -d "$CACHE_DIR/tmp/rootfs-$suite.XXXXXX")"
  tmp_paths+=("$root")
  logf="$CACHE_DIR/logs/debootstrap-$suite.log"
  t0=$(date +%s)
  log "$v: debootstrap $suite (minbase, $(package_list | wc -l) extra packages); log: $logf"
  if ! debootstrap --variant=minbase --include="$pkgs" --verbose \
        "$suite" "$root" "$MIRROR" >"$logf" 2>&1; then
    echo "----- tail of $logf (download progress omitted) -----" >&2
    grep -vE '^ *[0-9]+K [. ]|^[[:space:]]*$' "$logf" | tail -n 40 >&2
    if [ -f "$root/debootstrap/debootstrap.log" ]; then
      echo "----- tail of $root/debootstrap/debootstrap.log -----" >&2
      grep -vE '^ *[0-9]+K [. ]|^[[:space:]]*$' "$root/debootstrap/debootstrap.log" | tail -n 20 >&2
    fi
    die "$v: debootstrap of $suite failed"
  fi
  log "$v: debootstrap done in $(elapsed "$t0"); trimming and packing"
  # Trim: downloaded .debs, apt lists (re-fetchable), docs (keeping
  # copyright files), man/info pages and translations.
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
         "$root"/var/lib/apt/lists/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
         "$root"/usr/share/locale/* "$root"/var/log/*.log "$root"/debootstrap
  find "$root/usr/share/doc" -mindepth 1 -not -type d -not -name copyright -delete 2>/dev/null || true
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
  find "$root" -xdev -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true
  : >"$root/etc/machine-id"
  tmp_tar="$CACHE_DIR/rootfs/.$suite-$pkg_hash.tar.tmp.$$"
  tmp_paths+=("$tmp_tar")
  tar --numeric-owner -C "$root" -cf "$tmp_tar" .
  mv -f "$tmp_tar" "$tar"
  remove_tmp "$root"
  log "$v: root filesystem cached as $tar ($(du -h "$tar" | cut -f1))"
  ROOTFS_TAR="$tar"
}

# --- step 2: docker import ---------------------------------------------------
import_base() {
  local v="$1" suite="$2" tar="$3" base="panel-base:$2" id have t0
  id="$(basename "$tar" .tar)"
  have="$(docker image inspect -f '{{ index .Config.Labels "panel.rootfs.id" }}' "$base" 2>/dev/null || true)"
  if [ "$have" = "$id" ]; then
    log "$v: base image $base is current ($id)"
    return 0
  fi
  t0=$(date +%s)
  log "$v: docker import $tar as $base"
  docker import \
    --change "LABEL panel.rootfs.id=$id" \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    "$tar" "$base" >/dev/null
  log "$v: imported in $(elapsed "$t0")"
}

# --- step 3: docker build ----------------------------------------------------
build_image() {
  local v="$1" suite="$2" hash="$3" tag="$REPO:$1-base" logf old t0
  logf="$CACHE_DIR/logs/docker-build-$v.log"
  old="$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
  t0=$(date +%s)
  log "$v: docker build $tag (wheelhouse, config); log: $logf"
  if ! DOCKER_BUILDKIT=0 docker build --network=none --rm --force-rm \
        --build-arg "BASE_IMAGE=panel-base:$suite" \
        --build-arg "PYTHON_VERSION=$v" \
        --label "panel.runtime.hash=$hash" --label panel.wheelhouse=base \
        -t "$tag" -f "$HERE/Dockerfile" "$HERE" >"$logf" 2>&1; then
    echo "----- tail of $logf -----" >&2
    tail -n 40 "$logf" >&2
    die "$v: docker build failed"
  fi
  grep -E '^\[wheelhouse\] [0-9]+ wheels' "$logf" | sed "s/^/[runtime-images] $v: /" || true
  local new; new="$(docker image inspect -f '{{.Id}}' "$tag")"
  if [ -n "$old" ] && [ "$old" != "$new" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true   # the superseded image, if unused
  fi
  log "$v: built $tag in $(elapsed "$t0") ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
  if ! docker image inspect "$REPO:$v" >/dev/null 2>&1; then
    docker tag "$tag" "$REPO:$v"
    log "$v: $REPO:$v is the base image until its batteries are built"
  fi
}

# --- step 4: the batteries layer --------------------------------------------
build_batteries() {
  local v="$1" suite="$2" hash="$3" base="$REPO:$1-base" tag="$REPO:$1" tmp="$REPO:$1-new"
  local logf old new t0 pkgs
  logf="$CACHE_DIR/logs/docker-build-$v-batteries.log"
  pkgs="$(batteries_list "$suite" | paste -sd' ' -)"
  old="$(docker image inspect -f '{{.Id}}' "$tag" 2>/dev/null || true)"
  t0=$(date +%s)
  log "$v: docker build $tag: $(wc -w <<<"$pkgs") packages of batteries.txt from $MIRROR; log: $logf"
  # Built under a temporary tag: panel-python:<v> keeps serving until the new one is complete.
  if ! DOCKER_BUILDKIT=0 docker build --rm --force-rm \
        --build-arg "BASE_IMAGE=$(docker image inspect -f '{{.Id}}' "$base")" \
        --build-arg "PYTHON_VERSION=$v" --build-arg "BATTERIES=$pkgs" \
        --label "panel.runtime.hash=$hash" --label panel.wheelhouse=full \
        -t "$tmp" -f "$HERE/Dockerfile.batteries" "$HERE" >"$logf" 2>&1; then
    echo "----- tail of $logf -----" >&2
    tail -n 40 "$logf" >&2
    docker rmi "$tmp" >/dev/null 2>&1 || true
    # Not fatal: the image it would replace keeps serving (the base image on a fresh machine); the next run tries again.
    log "$v: WARNING: docker build of the batteries failed; $tag stays as it was"
    return 1
  fi
  grep -E '^\[wheelhouse\] [0-9]+ wheels' "$logf" | sed "s/^/[runtime-images] $v: /" || true
  docker tag "$tmp" "$tag"
  docker rmi "$tmp" >/dev/null 2>&1 || true
  new="$(docker image inspect -f '{{.Id}}' "$tag")"
  if [ -n "$old" ] && [ "$old" != "$new" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true   # the superseded image, if unused
  fi
  log "$v: built $tag in $(elapsed "$t0") ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
}

main() {
  local base_only=0 versions=() v suite hash have_base have t0 total0 batteries_failed=()
  [ "${PANEL_RUNTIME_BATTERIES:-1}" = 0 ] && base_only=1
  while [ $# -gt 0 ]; do
    case "$1" in
      --base-only) base_only=1 ;;
      -*) die "unknown option '$1'" ;;
      *) versions+=("$1") ;;
    esac
    shift
  done
  [ ${#versions[@]} -gt 0 ] || versions=("${ALL_VERSIONS[@]}")
  for v in "${versions[@]}"; do
    suite_for "$v" >/dev/null || die "unknown version '$v' (expected one of: ${ALL_VERSIONS[*]})"
  done
  command -v docker >/dev/null || die "docker is not installed"
  docker info >/dev/null 2>&1 || die "cannot talk to the docker daemon (is dockerd running?)"
  mkdir -p "$CACHE_DIR/logs"

  hash="$(content_hash)"
  total0=$(date +%s)
  log "content hash: $hash"
  for v in "${versions[@]}"; do
    suite="$(suite_for "$v")"
    # One build at a time per version and cache directory (versions may build in parallel); a build interrupted
    # by a restart is taken up again by the next run.
    exec 9>"$CACHE_DIR/.build-$v.lock"
    if ! flock -n 9; then
      log "$v: another build of $v is running; waiting for it"
      flock 9
    fi
    # Leftovers of an interrupted build of this suite (we hold its lock, so none is running).
    local stale
    for stale in "$CACHE_DIR"/tmp/rootfs-"$suite".* "$CACHE_DIR"/rootfs/."$suite"-*.tmp.*; do
      [ -e "$stale" ] && { log "removing leftover $stale"; remove_tmp "$stale"; }
    done
    have="$(label_of "$REPO:$v" panel.runtime.hash)/$(label_of "$REPO:$v" panel.wheelhouse)"
    have_base="$(label_of "$REPO:$v-base" panel.runtime.hash)"
    if [ "${PANEL_FORCE_REBUILD:-0}" != 1 ] && { [ "$have" = "$hash/full" ] || { [ $base_only = 1 ] && [ "${have%/*}" = "$hash" ]; }; }; then
      log "$v: $REPO:$v is up to date ($( [ "${have#*/}" = full ] && echo 'with its batteries' || echo 'base only' )); skipping"
      flock -u 9
      continue
    fi
    t0=$(date +%s)
    if [ "$have_base" != "$hash" ] || [ "${PANEL_FORCE_REBUILD:-0}" = 1 ]; then
      log "$v: building $REPO:$v-base from Debian $suite"
      rootfs_tar "$v" "$suite"
      import_base "$v" "$suite" "$ROOTFS_TAR"
      build_image "$v" "$suite" "$hash"
    else
      log "$v: $REPO:$v-base is up to date"
    fi
    if [ $base_only = 0 ]; then
      build_batteries "$v" "$suite" "$hash" || batteries_failed+=("$v")
    fi
    log "$v: done in $(elapsed "$t0")"
    flock -u 9
  done
  if [ ${#batteries_failed[@]} -gt 0 ]; then
    log "all done in $(elapsed "$total0"), but the batteries of ${batteries_failed[*]} failed (see the logs above)"
    return 0
  fi
  log "all done in $(elapsed "$total0")"
}

main "$@"
