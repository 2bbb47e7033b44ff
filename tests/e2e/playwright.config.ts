import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the built app (`npm run build`) in Debian's Chromium. Every test starts
 * its own sync server (see support/fixtures.ts), so tests can stop it or cut its connections.
 */
export default defineConfig({
	testDir: '.',
	testMatch: '**/*.spec.ts',
	outputDir: './.output/results',
	timeout: 90_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	use: {
		locale: 'zh-CN',
		timezoneId: 'Asia/Shanghai',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	}
});
