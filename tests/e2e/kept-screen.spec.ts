import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { writeLedger } from './support/ledger-seed.ts';
import { AppNav } from './pages/app-nav.ts';
import { HomePage } from './pages/home-page.ts';
import { LedgerPage } from './pages/ledger-page.ts';
import { PHONE } from './pages/photos.ts';
import { registerHazard } from '../../src/lib/model/ledger.ts';

// A cold open of 台账 paints the screen this device last showed (the service worker puts it in the
// page, src/lib/state/kept-screen.ts) before the app has started, inert; the app's own screen
// replaces it. Shown only where it is right: the same address, the same build, a session that has
// not expired; a sign-out, another member and another language forget it.
const SCREENS = 'tests/e2e/.output/screens';

interface StartHold {
	/** Whether this page showed a kept screen (static/kept-screen.js set its start's wait). */
	__keptShown?: boolean;
	/** Lets the app start on this page. */
	__releaseStart?: () => void;
}

/**
 * Every page of `context` that shows a kept screen holds the app's start back until the test calls
 * `release(page)`, so that what it shows before the app has run can be looked at. It takes over the
 * promise static/kept-screen.js hands the page's start (`__xiaoanKeptFrame`, src/hooks.server.ts).
 */
async function holdAppStart(context: BrowserContext): Promise<void> {
	await context.addInitScript(() => {
		const hold = window as unknown as StartHold;
		let frame: Promise<unknown> | undefined;
		hold.__keptShown = false;
		Object.defineProperty(window, '__xiaoanKeptFrame', {
			configurable: true,
			get: () => frame,
			set: (wait: Promise<unknown>) => {
				hold.__keptShown = true;
				frame = Promise.all([wait, new Promise<void>((resolve) => (hold.__releaseStart = resolve))]);
			}
		});
	});
}

const release = (page: Page) => page.evaluate(() => (window as unknown as StartHold).__releaseStart?.());
const keptShown = (page: Page) => page.evaluate(() => (window as unknown as StartHold).__keptShown === true);
const keptEntry = (page: Page) =>
	page.evaluate(async () =>
		(await caches.match('/ledger', { cacheName: 'xiaoan-kept' }))?.headers.get('x-xiaoan-kept')
	);

/**
 * Signs `token`'s member in on a new page of `context` and opens 台账 until it is live and has kept
 * its screen (a moment after the live rows are drawn), with the service worker in control.
 */
async function openLedgerUntilKept(
	context: BrowserContext,
	origin: string,
	token: string
): Promise<LedgerPage> {
	const page = await context.newPage();
	await new HomePage(page).signIn(origin, token);
	await page.evaluate(() => navigator.serviceWorker.ready);
	const ledger = new LedgerPage(page);
	await ledger.goto(origin);
	await expect(page.getByTestId('ledger-table')).toHaveAttribute('data-source', 'live');
	await expect.poll(() => keptEntry(page), { timeout: 10_000 }).toBeTruthy();
	return ledger;
}

test('a cold open of 台账 paints the kept screen before the app starts, then the app replaces it', async ({
	browser,
	server
}) => {
	test.setTimeout(120_000);
	const office = await server.member('office', '周尹尹');
	const leader = await server.member('leader', '王晓芳');
	const who = { id: office.memberId, name: '周尹尹', role: 'office' as const, deptIds: [] };
	await writeLedger(server.url, office.token, (doc) =>
		doc.transact(() => {
			for (let i = 1; i <= 3; i++)
				registerHazard(
					doc,
					{ place: `教学楼${i}`, description: `第 ${i} 条：消防通道堆放杂物`, domain: 'safe-campus' },
					who,
					'Y',
					Date.now() - i * 60_000
				);
		})
	);

	const context = await browser.newContext({ viewport: { width: 1366, height: 860 } });
	const ledger = await openLedgerUntilKept(context, server.url, leader.token);
	await ledger.expectShown(3);
	const numbers = await ledger.numbers();

	// A new tab, the app's start held back: the kept screen, inert, and nothing of the app's own.
	await holdAppStart(context);
	const tab = await context.newPage();
	await tab.goto(`${server.url}/ledger`, { waitUntil: 'domcontentloaded' });
	const kept = tab.locator('#kept-screen');
	await expect(kept.locator('[data-kept-testid=hazard-number]').first()).toBeVisible();
	expect(await kept.locator('[data-kept-testid=hazard-number]').allTextContents()).toEqual(numbers);
	await expect(kept.getByText('第 1 条：消防通道堆放杂物')).toBeVisible();
	expect(await kept.evaluate((holder) => (holder as HTMLElement).inert)).toBe(true);
	// Nothing of what is only true of the moment it was kept: the sync state.
	await expect(kept.locator('[data-kept-testid=sync-badge]')).toHaveCount(0);
	await expect(tab.getByTestId('hazard-row')).toHaveCount(0);
	await expect(tab).toHaveTitle('隐患台账 · 校安');
	await tab.screenshot({ path: `${SCREENS}/kept-screen-desktop.png` });

	// The app starts: its own screen, once, and the kept copy gone.
	await release(tab);
	await expect(tab.getByTestId('ledger-table')).toBeVisible();
	await expect(kept).toHaveCount(0);
	await expect(tab.getByTestId('hazard-row')).toHaveCount(3);
	await expect(tab.getByTestId('sync-badge')).toBeVisible();

	// Not for another address (a filter in it): the screen kept is of the opening one.
	const filtered = await context.newPage();
	await filtered.goto(`${server.url}/ledger?level=major`);
	await new LedgerPage(filtered).expectShown(0);
	expect(await keptShown(filtered)).toBe(false);
	await filtered.close();

	// Not kept by another build of the app (other class names and markup).
	await tab.evaluate(async () => {
		const cache = await caches.open('xiaoan-kept');
		const entry = (await cache.match('/ledger'))!;
		const meta = JSON.parse(decodeURIComponent(entry.headers.get('x-xiaoan-kept')!)) as object;
		const header = encodeURIComponent(JSON.stringify({ ...meta, build: 'another build' }));
		await cache.put('/ledger', new Response(await entry.text(), { headers: { 'x-xiaoan-kept': header } }));
	});
	const other = await context.newPage();
	await other.goto(`${server.url}/ledger`);
	await expect(other.getByTestId('ledger-table')).toHaveAttribute('data-source', 'live');
	expect(await keptShown(other)).toBe(false);
	// Live, it keeps its screen again, for this build.
	await expect.poll(() => keptEntry(other), { timeout: 10_000 }).not.toContain('another%20build');
	await other.close();

	// Another language forgets it: the kept screen is in the language it was kept in.
	await tab.getByRole('button', { name: 'English' }).first().click();
	await expect.poll(() => keptEntry(tab)).toBeUndefined();
	await tab.getByRole('button', { name: '中文' }).first().click();
	await expect.poll(() => keptEntry(tab), { timeout: 10_000 }).toBeTruthy();

	// A sign-out forgets every kept screen.
	await new AppNav(tab).signOut();
	await expect.poll(() => tab.evaluate(() => caches.has('xiaoan-kept'))).toBe(false);
	await context.close();
});

test('on a phone too: the kept screen is the phone’s own layout, and the app takes over from it', async ({
	browser,
	server
}) => {
	const inspector = await server.member('inspector', '李明');
	const who = { id: inspector.memberId, name: '李明', role: 'inspector' as const, deptIds: [] };
	await writeLedger(server.url, inspector.token, (doc) =>
		registerHazard(
			doc,
			{ place: '食堂后厨', description: '灭火器过期', domain: 'safe-campus' },
			who,
			'Q',
			Date.now()
		)
	);
	const leader = await server.member('leader', '陈校长');
	const context = await browser.newContext({ ...PHONE });
	await openLedgerUntilKept(context, server.url, leader.token);

	await holdAppStart(context);
	const tab = await context.newPage();
	await tab.goto(`${server.url}/ledger`, { waitUntil: 'domcontentloaded' });
	const kept = tab.locator('#kept-screen');
	await expect(kept.getByText('灭火器过期')).toBeVisible();
	await tab.screenshot({ path: `${SCREENS}/kept-screen-phone.png` });
	await release(tab);
	await expect(tab.getByTestId('hazard-row')).toHaveCount(1);
	await expect(kept).toHaveCount(0);
	await context.close();
});
