import type { Browser } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { AppNav } from './pages/app-nav.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';

// The whole app: every screen of design.md §8 reachable from the navigation on a phone and on a
// desktop, an unknown address answered in Chinese inside the layout, and the whole workspace on a
// device that never opened it.

const SCREENS = 'tests/e2e/.output/screens';
/** Each §8 screen by its navigation label, with the heading it shows. */
const SCREEN_HEADINGS: [string, RegExp][] = [
	['首页', /你好/],
	['巡检', /巡检轮次/],
	['台账', /台账/],
	['方案', /方案/],
	['责任', /责任/],
	['演练', /演练/],
	['考核', /考核/],
	['设置', /设置/]
];

async function walkEveryScreen(browser: Browser, origin: string, token: string, device: 'phone' | 'desktop') {
	const context = await browser.newContext(
		device === 'phone'
			? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
			: { viewport: { width: 1366, height: 860 } }
	);
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error') errors.push(message.text());
	});
	page.on('pageerror', (error) => errors.push(error.message));
	await new HomePage(page).signIn(origin, token);
	const nav = new AppNav(page);
	await expect(page.getByTestId(device === 'phone' ? 'tab-bar' : 'side-nav')).toBeVisible();
	await expect(page.getByTestId(device === 'phone' ? 'side-nav' : 'tab-bar')).toBeHidden();

	for (const [label, heading] of SCREEN_HEADINGS) {
		await nav.go(label);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
		expect(await seriousViolations(page), `${device} ${label}`).toEqual([]);
		await page.screenshot({ path: `${SCREENS}/${device}-nav-${label}.png` });
	}
	// The 更多 sheet itself on a phone.
	if (device === 'phone') {
		await nav.bar.getByRole('button', { name: '更多' }).click();
		await expect(page.getByTestId('more-sheet')).toBeVisible();
		expect(await seriousViolations(page), 'more sheet').toEqual([]);
		await page.screenshot({ path: `${SCREENS}/phone-more.png` });
		await page.keyboard.press('Escape');
	}

	// An unknown address: a Chinese not-found page, with the navigation still there.
	await page.goto(`${origin}/no-such-page`);
	await expect(page.getByTestId('not-found')).toContainText('页面不存在');
	await expect(nav.bar).toBeVisible();
	expect(await seriousViolations(page), `${device} not found`).toEqual([]);
	await page.screenshot({ path: `${SCREENS}/${device}-not-found.png` });
	await page.getByRole('link', { name: '回到首页' }).click();
	await expect(page.getByTestId('me')).toBeVisible();

	expect(errors).toEqual([]);
	await context.close();
}

for (const device of ['phone', 'desktop'] as const) {
	test(`every screen is reachable from the navigation on a ${device}`, async ({ browser, server }) => {
		// Eight screens, each checked by axe, which takes a few seconds per page on these machines.
		test.setTimeout(180_000);
		await walkEveryScreen(browser, server.url, await server.token('office', '周尹尹'), device);
	});
}

test('a device that only opened home online finds a round it never opened complete in a dead zone', async ({
	browser,
	server,
	makeProxy
}) => {
	const office = await (await browser.newContext()).newPage();
	const other = await (await browser.newContext()).newPage();
	await new HomePage(office).signIn(server.url, await server.token('office', '周尹尹'));
	const first = await new HomePage(office).createRound('教学楼专项检查');
	await new HomePage(office).createRound('食堂专项检查');

	// Another inspector fills part of the first round.
	await new HomePage(other).signIn(server.url, await server.token('inspector', '尹仙菊'));
	await other.goto(`${server.url}/rounds/${first}`);
	const otherRound = new RoundPage(other);
	await otherRound.waitForChecklist();
	await otherRound.answer(0, 'pass');
	await otherRound.answer(1, 'fail');
	await otherRound.expectSynced();

	// The phone signs in and stays on home; the whole workspace arrives in the background.
	const signal = await makeProxy();
	const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
	const phone = await phoneContext.newPage();
	const home = new HomePage(phone);
	await home.signIn(signal.url, await server.token('inspector', '黄春'));
	await new RoundPage(phone).waitForServiceWorker();
	await expect(phone.getByTestId('round-link')).toHaveCount(2);
	// Home reads the summaries the server derived: the other inspector's progress shows without the round.
	await expect(phone.getByTestId('round-link').filter({ hasText: '教学楼' })).toContainText('1 项不合格');
	await new AppNav(phone).go('设置');
	const offline = phone.getByTestId('offline-status');
	await expect(offline).toContainText('全部');
	await expect(offline).toHaveAttribute('data-total', '6');

	// The signal goes, for real. The round was never opened on this phone, yet it is all there.
	signal.cut();
	await expect(phone.getByTestId('sync-state')).toHaveText('离线');
	await new AppNav(phone).go('巡检');
	await phone.getByTestId('round-link').filter({ hasText: '教学楼专项检查' }).click();
	const round = new RoundPage(phone);
	await round.waitForChecklist();
	await round.expectAnswer(0, 'pass');
	await round.expectAnswer(1, 'fail');
	await expect(round.item(1)).toContainText('尹仙菊');
	await phone.screenshot({ path: `${SCREENS}/phone-dead-zone-round.png` });

	// Work done here shows in the lists at once, from this device's own copy, marked as not yet synced.
	await round.answer(2, 'na');
	await new AppNav(phone).go('首页');
	const card = phone.getByTestId('round-link').filter({ hasText: '教学楼专项检查' });
	await expect(card.getByTestId('round-progress')).toContainText('已检查 3/');
	await expect(card.getByTestId('round-unsynced')).toBeVisible();
	await phone.screenshot({ path: `${SCREENS}/phone-home-unsynced.png` });

	// The signal returns: the change is stored, the server's summary (everyone's) has it too.
	signal.restore();
	await expect(card.getByTestId('round-unsynced')).toHaveCount(0);
	await expect(card.getByTestId('round-progress')).toContainText('已检查 3/');
	await expect(office.getByTestId('sync-state')).toHaveText('已同步');
	await new AppNav(office).go('巡检');
	await expect(
		office.getByTestId('round-link').filter({ hasText: '教学楼专项检查' }).getByTestId('round-progress')
	).toContainText('已检查 3/');
	await phoneContext.close();
});
