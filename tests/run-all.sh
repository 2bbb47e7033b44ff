#!/usr/bin/env bash
# Every test: static checks, unit + server tests, then the built app in real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "check (prettier, eslint, svelte-check, tsc)"
npm run check

step "unit and server tests (vitest)"
npx vitest run

step "build"
npx vite build

step "end-to-end (Playwright, Debian Chromium)"
XIAOAN_SKIP_BUILD=1 bash tests/e2e/run.sh
