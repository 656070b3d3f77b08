#!/usr/bin/env bash
# What is in each runtime image's wheelhouse: one "distribution version tag" line per wheel, then a count.
#   runtime-images/list-wheels.sh [VERSION...]   (default: 3.9 3.11 3.13; PANEL_RUNTIME_IMAGE_REPO picks another repository)
set -euo pipefail
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.9 3.11 3.13)
for v in "${versions[@]}"; do
  img="${PANEL_RUNTIME_IMAGE_REPO:-panel-python}:$v"
  echo "== $img ($(docker image inspect -f '{{ index .Config.Labels "panel.wheelhouse" }}' "$img" 2>/dev/null || echo missing) wheelhouse)"
  docker run --rm --network none "$img" sh -c 'ls /usr/share/pip-wheels' \
    | sed -E 's/\.whl$//; s/^([^-]+)-([^-]+)-(.*)$/\1 \2 \3/' | column -t
  echo "$(docker run --rm --network none "$img" sh -c 'ls /usr/share/pip-wheels | wc -l') wheels"
done
