import { expect, test } from './support/fixtures.ts';
import { writeLedger } from './support/ledger-seed.ts';
import { WORKSPACE } from './support/server.ts';
import { AppNav } from './pages/app-nav.ts';
import { HomePage } from './pages/home-page.ts';
import { LedgerPage, holdLedgerReads, releaseLedgerReads } from './pages/ledger-page.ts';
import { PHONE } from './pages/photos.ts';
import { registerHazard } from '../../src/lib/model/ledger.ts';

// A reload of 台账 shows the rows this device kept while the ledger itself is still being read
// (held back here, as a 10,000-entry ledger is on a slow phone), says so, and answers only what
// those rows can answer; then the live ledger replaces them, with what other devices added.
const SCREENS = 'tests/e2e/.output/screens';
const DESKTOP = { viewport: { width: 1366, height: 860 } };
const HOUR = 60 * 60 * 1000;

test('a reload shows the kept first rows at once, then the live ledger; a sign-out forgets them', async ({
	browser,
	server
}) => {
	test.setTimeout(150_000);
	const office = await server.member('office', '周尹尹');
	const who = { id: office.memberId, name: '周尹尹', role: 'office' as const, deptIds: [] };
	const now = Date.now();
	// 60 entries, more than the 50 rows kept; one 重大 in four.
	await writeLedger(server.url, office.token, (doc) =>
		doc.transact(() => {
			for (let i = 1; i <= 60; i++)
				registerHazard(
					doc,
					{
						place: `教学楼${i}`,
						description: `第 ${i} 条：消防通道堆放杂物`,
						domain: 'safe-campus',
						level: i % 4 === 0 ? '重大' : '一般',
						foundAt: now - (61 - i) * HOUR
					},
					who,
					'Y',
					now - (61 - i) * HOUR
				);
		})
	);

	for (const [kind, options] of [
		['desktop', DESKTOP],
		['phone', PHONE]
	] as const) {
		const context = await browser.newContext(options);
		const page = await context.newPage();
		await new HomePage(page).signIn(server.url, office.token);
		const ledger = new LedgerPage(page);
		await ledger.goto(server.url, '?view=all');
		await ledger.expectShown(kind === 'desktop' ? 60 : 61);
		await expect(page.getByTestId('ledger-table')).toHaveAttribute('data-source', 'live');
		// Kept on the device a moment after the ledger last changed, for this member.
		const key = `xiaoan:ledger-first-rows:${WORKSPACE}:${office.memberId}`;
		await expect
			.poll(() => page.evaluate((k) => localStorage.getItem(k)?.length ?? 0, key), { timeout: 10_000 })
			.toBeGreaterThan(0);
		const newest = (await ledger.numbers())[0]!;

		// Another device registers one more while this one is away.
		await holdLedgerReads(page, WORKSPACE);
		await page.goto('about:blank');
		const added = `另一台设备 ${kind}`;
		await writeLedger(server.url, office.token, (doc) =>
			registerHazard(doc, { place: '北门', description: added, domain: 'safe-campus' }, who, 'Z', Date.now())
		);

		// Back to 台账 with the ledger's read held back: the kept rows, marked, counts from them.
		await page.goto(`${server.url}/ledger?view=all`);
		const table = page.getByTestId('ledger-table');
		await expect(table).toHaveAttribute('data-source', 'stored');
		await expect(ledger.rows().first()).toHaveAttribute('data-number', newest);
		await expect(page.getByTestId('ledger-stored')).toHaveText(
			'正在载入最新台账，先显示本机上次保存的内容，稍候自动更新。'
		);
		await ledger.expectShown(kind === 'desktop' ? 60 : 61);
		await expect(page.getByTestId('ledger-more')).toHaveText('正在载入其余隐患…');
		await expect(page.getByTestId('export-xlsx')).toBeDisabled();
		await expect(page.getByTestId('all-count')).toHaveText(kind === 'desktop' ? '60' : '61');
		await page.screenshot({ path: `${SCREENS}/${kind}-ledger-kept-rows.png` });

		// A filter the kept rows can partly answer: their matches, the count not known yet.
		await ledger.filterLevel('重大');
		// On a phone the open filters fill the screen: the rows are drawn once scrolled to, as a
		// person scrolls to them (the list is virtualised).
		await table.scrollIntoViewIfNeeded();
		await expect(ledger.rows().first()).toBeVisible();
		await expect(page.getByTestId('count-pending')).toHaveText('正在统计…');
		for (const level of await ledger
			.rows()
			.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-level'))))
			expect(level).toBe('major');
		// An order they cannot answer: no rows, 正在载入….
		await page.goto(`${server.url}/ledger?view=all&sort=deadline`);
		await expect(page.getByTestId('ledger-loading')).toHaveText('正在载入台账…');
		await expect(ledger.rows()).toHaveCount(0);

		// Home's card: the kept counts, marked as being updated.
		await page.goto(`${server.url}/`);
		await expect(page.getByTestId('home-ledger-pending')).toHaveText('正在更新…');
		await expect(page.getByTestId('home-open')).toContainText(kind === 'desktop' ? '60' : '61');
		if (kind === 'desktop') await page.screenshot({ path: `${SCREENS}/desktop-home-kept-counts.png` });

		// Released: the live ledger replaces them, with the other device's entry.
		await page.goto(`${server.url}/ledger?view=all`);
		await expect(table).toHaveAttribute('data-source', 'stored');
		await releaseLedgerReads(page);
		await expect(table).toHaveAttribute('data-source', 'live');
		await expect(page.getByTestId('ledger-stored')).toBeHidden();
		await expect(page.getByTestId('ledger-more')).toBeHidden();
		await ledger.expectShown(kind === 'desktop' ? 61 : 62);
		await expect(ledger.rows().first()).toContainText(added);
		await expect(page.getByTestId('export-xlsx')).toBeEnabled();

		// Signing out forgets what was kept of this member's ledger.
		await new AppNav(page).signOut();
		await expect(page.getByTestId('sign-out')).toHaveCount(0);
		expect(
			await page.evaluate(() =>
				Object.keys(localStorage).filter((name) => name.startsWith('xiaoan:ledger-first-rows:'))
			)
		).toEqual([]);
		await context.close();
	}
});
