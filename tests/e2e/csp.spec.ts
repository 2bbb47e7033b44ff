import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';

test('the app runs under its Content Security Policy: no violations, the service worker registers', async ({
	browser,
	server
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	const violations: string[] = [];
	page.on('console', (message) => {
		if (message.text().includes('Content Security Policy')) violations.push(message.text());
	});
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) =>
			console.error(`Content Security Policy: ${event.violatedDirective} ${event.blockedURI}`)
		);
	});

	const response = await page.goto(server.url);
	expect(response?.headers()['x-frame-options']).toBe('DENY');
	expect(await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')).toContain(
		"script-src 'self' 'sha256-"
	);
	const home = new HomePage(page);
	await home.signIn(server.url, await server.token('office', '周尹尹'));
	await expect(page.getByTestId('new-round')).toBeVisible();
	expect(await page.evaluate(async () => Boolean(await navigator.serviceWorker.ready))).toBe(true);
	await page.goto(`${server.url}/settings`);
	await expect(page.getByTestId('devices')).toBeVisible();
	// The e2e server is shared, and the CLI's `token` for a taken name adds a device to that member.
	await expect(page.getByTestId('device').filter({ hasText: '本机' })).toHaveCount(1);
	expect(violations).toEqual([]);
	await context.close();
});
