#!/usr/bin/env bash
# `npm test`: prepares the machine like `npm start` does, then runs every test (unit, integration, end to end)
# against real MariaDB, Redis, Docker and Chromium, in a scratch data directory and a scratch panel database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

bash scripts/setup.sh

enter_scratch_environment

say "lint (eslint: typescript-eslint's rules, no deep imports into another package)"
npx eslint .

say "dashboard unit tests"
npm test --silent -w @panel/panel-ui

say "unit, integration and end-to-end tests"
mapfile -t files < <(find libs/*/dist apps/*/dist -name '*.test.js' -not -path '*/panel-ui/*' | sort)
node --test --test-concurrency=1 "${files[@]}"
