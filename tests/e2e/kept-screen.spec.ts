import type { BrowserContext } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { writeLedger } from './support/ledger-seed.ts';
import { AppNav } from './pages/app-nav.ts';
import { HomePage } from './pages/home-page.ts';
import { LedgerPage } from './pages/ledger-page.ts';
import { PHONE } from './pages/photos.ts';
import { registerHazard } from '../../src/lib/model/ledger.ts';

// A cold open of 台账 paints the screen this device last showed (static/kept-screen.js) before the
// app has started, inert; the app's own screen replaces it. Shown only where it is right: the
// same member, the same address, the same build; a sign-out forgets it.
const SCREENS = 'tests/e2e/.output/screens';
const KEY = 'xiaoan:kept-screen:/ledger';

/**
 * A gate on the app's start in `context`: `hold()` keeps every page's start back until the function
 * it returns is called, so that what a page shows before the app has run can be looked at. The
 * service worker is blocked in this context, so that the requests come to Playwright's router.
 */
async function appStartGate(context: BrowserContext): Promise<{ hold: () => () => void }> {
	let gate = Promise.resolve();
	await context.route('**/_app/immutable/entry/start.*.js', async (route) => {
		await gate;
		await route.continue();
	});
	return {
		hold: () => {
			let release!: () => void;
			gate = new Promise<void>((resolve) => (release = resolve));
			return release;
		}
	};
}

/**
 * Signs `token`'s member in on a new page of `context` and opens 台账 until it is live and has kept
 * its screen (a moment after the live rows are drawn).
 */
async function openLedgerUntilKept(
	context: BrowserContext,
	origin: string,
	token: string
): Promise<LedgerPage> {
	const page = await context.newPage();
	await new HomePage(page).signIn(origin, token);
	const ledger = new LedgerPage(page);
	await ledger.goto(origin);
	await expect(page.getByTestId('ledger-table')).toHaveAttribute('data-source', 'live');
	await expect
		.poll(() => page.evaluate((key) => localStorage.getItem(key)?.length ?? 0, KEY), { timeout: 10_000 })
		.toBeGreaterThan(0);
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

	const context = await browser.newContext({
		viewport: { width: 1366, height: 860 },
		serviceWorkers: 'block'
	});
	const ledger = await openLedgerUntilKept(context, server.url, leader.token);
	await ledger.expectShown(3);
	const numbers = await ledger.numbers();

	// A new tab, the app's start held back: the kept screen, inert, and nothing of the app's own.
	const start = await appStartGate(context);
	let release = start.hold();
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
	release();
	await expect(tab.getByTestId('ledger-table')).toBeVisible();
	await expect(kept).toHaveCount(0);
	await expect(tab.getByTestId('hazard-row')).toHaveCount(3);
	await expect(tab.getByTestId('sync-badge')).toBeVisible();

	// Not for another address (a filter in it): the screen kept is of the opening one.
	release = start.hold();
	const filtered = await context.newPage();
	await filtered.goto(`${server.url}/ledger?level=major`, { waitUntil: 'domcontentloaded' });
	await expect(filtered.locator('#kept-screen')).toHaveCount(0);
	await filtered.close();

	// Not kept by another build of the app (other class names and markup).
	await tab.evaluate((key) => {
		const kept = JSON.parse(localStorage.getItem(key) ?? '{}') as { build: string };
		localStorage.setItem(key, JSON.stringify({ ...kept, build: 'another build' }));
	}, KEY);
	const other = await context.newPage();
	await other.goto(`${server.url}/ledger`, { waitUntil: 'domcontentloaded' });
	await expect(other.locator('#kept-screen')).toHaveCount(0);
	release();
	// Live, it keeps its screen again as it is closed, for this build.
	await expect(other.getByTestId('ledger-table')).toHaveAttribute('data-source', 'live');
	await other.close();

	// A sign-out forgets every kept screen.
	await expect
		.poll(() => tab.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '{}').build as string, KEY), {
			timeout: 10_000
		})
		.not.toBe('another build');
	await new AppNav(tab).signOut();
	await expect
		.poll(() =>
			tab.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('xiaoan:kept-screen:')))
		)
		.toEqual([]);
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
	const context = await browser.newContext({ ...PHONE, serviceWorkers: 'block' });
	await openLedgerUntilKept(context, server.url, leader.token);

	const start = await appStartGate(context);
	const release = start.hold();
	const tab = await context.newPage();
	await tab.goto(`${server.url}/ledger`, { waitUntil: 'domcontentloaded' });
	const kept = tab.locator('#kept-screen');
	await expect(kept.getByText('灭火器过期')).toBeVisible();
	await tab.screenshot({ path: `${SCREENS}/kept-screen-phone.png` });
	release();
	await expect(tab.getByTestId('hazard-row')).toHaveCount(1);
	await expect(kept).toHaveCount(0);
	await context.close();
});
