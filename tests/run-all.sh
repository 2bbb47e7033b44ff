#!/usr/bin/env bash
# Every test: static checks, unit + server tests, then the built app in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
REPORTS=tests/.output
mkdir -p "$REPORTS"

step "check (prettier, eslint, svelte-check, tsc)"
npm run check

step "unit and server tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest.json"

step "build"
npx vite build

step "end-to-end (Playwright, Debian Chromium)"
XIAOAN_SKIP_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_FILE="$REPORTS/playwright.json" bash tests/e2e/run.sh --reporter=list,json

npx tsx tests/summary.ts "$REPORTS/vitest.json" "$REPORTS/playwright.json"
