import { readFileSync } from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { readSheet } from 'read-excel-file/node';
import { REPORT_COLUMNS } from '../../src/lib/export/round-report-table.ts';
import { PHONE } from './support/devices.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { LifecycleBar } from './pages/lifecycle.ts';
import { RoundPage } from './pages/round-page.ts';
import { RoundReportPage } from './pages/round-report-page.ts';

// Issue 10's whole round: a team of three inspectors on phones, one in a dead zone, a conflict
// that every device shows until a person settles it, then submit, signatures and the lock.

const SCREENS = 'tests/e2e/.output/screens';
const TITLE = '2026年11月 月度安全检查（检查组）';
/** Each inspector and the area the office gives them. */
const TEAM = [
	{ name: '黄春', area: '消防安全', first: '消防通道是否畅通' },
	{ name: '王晓华', area: '食品卫生', first: '学校环境卫生是否坚持每日清扫' },
	{ name: '李明', area: '校舍及设施设备', first: '学校围墙及重点基础设施是否安全稳固' }
] as const;
const EXTINGUISHERS = '灭火器材是否完好、好用';

interface Member {
	name: string;
	page: Page;
	round: RoundPage;
	bar: LifecycleBar;
}

async function openAs(browser: Browser, url: string, token: string, name: string): Promise<Member> {
	const context = await browser.newContext(PHONE);
	const page = await context.newPage();
	const home = new HomePage(page);
	await home.signIn(url, token);
	await home.openRound(TITLE);
	const round = new RoundPage(page);
	await round.waitForChecklist();
	return { name, page, round, bar: new LifecycleBar(page) };
}

test('three inspectors fill their areas at once, a conflict from a dead zone shows everywhere until settled, and the signed round locks', async ({
	browser,
	server,
	makeProxy
}) => {
	test.setTimeout(240_000);
	for (const { name } of TEAM) await server.member('inspector', name);

	// The office creates the round with its team and gives each inspector an area.
	const officeContext = await browser.newContext({ locale: 'zh-CN' });
	const officePage = await officeContext.newPage();
	const officeHome = new HomePage(officePage);
	await officeHome.signIn(server.url, await server.token('office', '周尹尹'));
	await officeHome.createRound(
		TITLE,
		TEAM.map((member) => member.name)
	);
	const officeRound = new RoundPage(officePage);
	await officeRound.waitForChecklist();
	await officePage.getByTestId('edit-team').click();
	const teamDialog = officePage.getByTestId('team-dialog');
	for (const { name, area } of TEAM)
		await teamDialog
			.getByRole('group', { name: `${name}负责的区域` })
			.getByLabel(area)
			.check();
	await teamDialog.getByTestId('team-save').click();
	for (const { name, area } of TEAM)
		await expect(officePage.getByTestId('team-member').filter({ hasText: name })).toContainText(
			`负责：${area}`
		);

	// Three phones; 黄春's goes through a connection the test can cut.
	const signal = await makeProxy();
	const inspectors: Member[] = [];
	for (const { name } of TEAM) {
		const url = name === '黄春' ? signal.url : server.url;
		inspectors.push(await openAs(browser, url, await server.token('inspector', name), name));
	}
	const [huang, wang, li] = inspectors as [Member, Member, Member];

	// Each finds their own area first and works in it; presence says who is where.
	for (const [i, member] of inspectors.entries()) {
		const first = member.page.getByTestId('checklist-area').first();
		await expect(first).toContainText(TEAM[i]!.area);
		await expect(first.getByTestId('my-area')).toHaveText('我的区域');
	}
	await Promise.all(inspectors.map((member, i) => member.round.answer(TEAM[i]!.first, 'pass')));
	for (const member of inspectors) {
		for (const [i, other] of inspectors.entries()) {
			if (other === member) continue;
			await expect(member.page.getByTestId('presence-peer').filter({ hasText: other.name })).toHaveText(
				`${other.name} · ${TEAM[i]!.area}`
			);
		}
	}
	await huang.page.screenshot({ path: `${SCREENS}/phone-round-team-presence.png` });

	// 黄春 loses the signal for real and marks the extinguishers failed; 王晓华, online and
	// unaware, passes them.
	await huang.round.expectSynced();
	signal.cut();
	await huang.round.expectOffline();
	await huang.round.answer(EXTINGUISHERS, 'fail');
	await (await huang.round.note(EXTINGUISHERS)).fill('三楼走廊灭火器压力不足');
	await wang.round.answer(EXTINGUISHERS, 'pass');
	await wang.round.expectSynced();
	signal.restore();
	await huang.round.expectSynced();

	// Every device shows the disagreement with both names; nothing chose for them.
	const everyone = [...inspectors.map((member) => member.round), officeRound];
	for (const round of everyone) {
		const item = round.item(EXTINGUISHERS);
		await expect(item).toHaveAttribute('data-conflict', 'true');
		const entries = item.getByTestId('conflict-entry');
		await expect(entries).toHaveCount(2);
		await expect(entries.filter({ hasText: '黄春：不合格' })).toHaveCount(1);
		await expect(entries.filter({ hasText: '王晓华：合格' })).toHaveCount(1);
	}
	await li.page.screenshot({ path: `${SCREENS}/phone-round-team-conflict.png` });

	// 黄春, having seen both, confirms the failure: settled everywhere.
	await huang.round.item(EXTINGUISHERS).locator('button[data-answer="fail"]').click();
	for (const round of everyone) {
		await expect(round.item(EXTINGUISHERS)).toHaveAttribute('data-conflict', 'false');
		await round.expectAnswer(EXTINGUISHERS, 'fail');
	}

	// 李明 submits; the team signs, two by hand and one by name; the office signs off.
	await li.bar.submit();
	for (const member of [huang, wang]) {
		const dialog = await member.bar.openSignature();
		await member.bar.draw(dialog);
		await member.bar.confirmSignature(dialog);
	}
	await li.bar.signByName();
	const officeBar = new LifecycleBar(officePage);
	for (const { name } of TEAM) await expect(officeBar.signature(name)).toBeVisible();
	await officeBar.signOff();

	// Read-only everywhere afterwards.
	for (const member of inspectors) {
		await member.bar.expectState('已签字确认');
		await expect(member.page.getByTestId('signed-off-banner')).toContainText('由 周尹尹');
		await expect(member.round.item(EXTINGUISHERS).locator('button[data-answer="pass"]')).toBeDisabled();
	}

	// The office prints the 登记表 and downloads the XLSX for the bureau.
	const report = new RoundReportPage(officePage);
	await report.openFromRound();
	await expect(report.item('3.2')).toContainText('不合格');
	await expect(report.item('3.2')).toContainText('三楼走廊灭火器压力不足');
	for (const { name } of TEAM) await expect(report.sheet).toContainText(name);
	await officePage.emulateMedia({ media: 'print' });
	await officePage.screenshot({ path: `${SCREENS}/round-team-report-print.png`, fullPage: true });
	await officePage.emulateMedia({ media: 'screen' });
	const xlsx = await report.downloadXlsx();
	const rows = await readSheet(readFileSync(await xlsx.path()), '检查记录');
	const col = (id: string) => REPORT_COLUMNS.findIndex((column) => column.id === id);
	const extinguishers = rows.find((row) => row[col('item')] === EXTINGUISHERS);
	expect(extinguishers?.[col('result')]).toBe('不合格');
	expect(extinguishers?.[col('note')]).toBe('三楼走廊灭火器压力不足');
	const info = await readSheet(readFileSync(await xlsx.path()), '检查信息');
	const signed = String(info.find((row) => row[0] === '签字')?.[1] ?? '');
	for (const { name } of TEAM) expect(signed).toContain(name);

	await officeContext.close();
	for (const member of inspectors) await member.page.context().close();
});
