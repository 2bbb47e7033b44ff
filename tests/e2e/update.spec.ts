import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';

const SW = 'build/service-worker.js';

test('a new version waits for the person to choose it, then takes over without losing the session', async ({
	browser,
	server
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await new HomePage(page).signIn(server.url, await server.token('office', '周尹尹'));
	await new RoundPage(page).waitForServiceWorker();

	// "Deploy" a new version: a changed service worker (new cache name), and a server restart.
	const original = readFileSync(SW, 'utf8');
	expect(original).toContain('xiaoan-shell-');
	try {
		writeFileSync(SW, original.replace('xiaoan-shell-', 'xiaoan-shell_'));
		await server.stop();
		await server.start();
		await page.evaluate(async () => {
			await (await navigator.serviceWorker.getRegistration())?.update();
		});
		const banner = page.getByRole('status').filter({ hasText: '校安有新版本' });
		await expect(banner).toBeVisible();
		// Nothing reloads by itself: the page is still this page.
		await expect(page.getByTestId('me')).toContainText('周尹尹');

		const reloaded = page.waitForEvent('load');
		await banner.getByRole('button', { name: '立即更新' }).click();
		await reloaded;
		await expect(page.getByTestId('me')).toContainText('周尹尹');
		await expect(banner).toHaveCount(0);
		const cacheNames = await page.evaluate(() => caches.keys());
		expect(cacheNames).toEqual([expect.stringMatching(/^xiaoan-shell_/)]);
	} finally {
		writeFileSync(SW, original);
	}
	await context.close();
});
