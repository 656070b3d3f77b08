#!/usr/bin/env bash
# Checks that every package of batteries.txt exists in each suite it is meant for (and that one listed for every
# suite exists in all three), against the Debian mirror's Packages lists. Needs the mirror (PANEL_DEBIAN_MIRROR).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MIRROR="${PANEL_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
failed=0
for suite in bullseye bookworm trixie; do
  curl -fsS "$MIRROR/dists/$suite/main/binary-amd64/Packages.xz" | xz -dc | sed -n 's/^Package: //p' | sort -u >"$work/$suite"
  eval "$(sed -n '/^batteries_list()/,/^}/p' "$HERE/build.sh")"
  missing=$(batteries_list "$suite" | LC_ALL=C sort | comm -23 - <(LC_ALL=C sort "$work/$suite"))
  n=$(batteries_list "$suite" | wc -l)
  if [ -n "$missing" ]; then echo "FAIL: $suite lacks: $missing"; failed=1; else echo "PASS: $suite has all $n packages"; fi
done
exit $failed
