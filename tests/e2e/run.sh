#!/usr/bin/env bash
# Runs Playwright against the built app, installing Debian's Chromium (and a CJK font for
# screenshots) when it is missing. Playwright's own browser download does not work here.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ ! -x /usr/bin/chromium ]; then
	echo "Installing Debian's chromium (one time, about a minute)…"
	if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi
[ "${XIAOAN_SKIP_BUILD:-}" = 1 ] || npx vite build
npx playwright test -c tests/e2e/playwright.config.ts "$@"
