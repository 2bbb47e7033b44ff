import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { writeLedger } from './support/ledger-seed.ts';
import { HomePage } from './pages/home-page.ts';
import { LedgerPage, fetchDeviceCode, forgetDeviceCode } from './pages/ledger-page.ts';
import { MembersPage } from './pages/members-page.ts';
import { PHONE, cameraPhoto } from './pages/photos.ts';
import { registerHazard } from '../../src/lib/model/ledger.ts';
import { chinaDate } from '../../src/lib/model/time.ts';

// 台账: an inspector's quick report on a phone reaches the office's table live; the table's
// filters live in the address; the office names a department head's department and the hazards
// of that department's domains fill the head's inbox.
const SCREENS = 'tests/e2e/.output/screens';
const DESKTOP = { viewport: { width: 1366, height: 860 } };
const DAY = 24 * 60 * 60 * 1000;

test('a quick report from a phone reaches the office live; filters, inboxes and departments', async ({
	browser,
	server
}) => {
	test.setTimeout(180_000);
	const office = await server.member('office', '周尹尹');
	const inspector = await server.member('inspector', '黄春');
	const head = await server.member('dept', '王晓华');

	// Two hazards registered earlier on another device: one past its deadline.
	const now = Date.now();
	const who = { id: office.memberId, name: '周尹尹', role: 'office' as const, deptIds: [] };
	await writeLedger(server.url, office.token, (doc) => {
		registerHazard(
			doc,
			{
				place: '北门岗亭',
				description: '监控摄像头损坏，夜间无法录像',
				domain: 'safe-campus',
				deadline: chinaDate(now - 3 * DAY),
				foundAt: now - 10 * DAY
			},
			who,
			'Z',
			now - 10 * DAY
		);
		registerHazard(
			doc,
			{
				place: '操场东侧',
				description: '篮球架底座松动',
				domain: 'school-buildings',
				foundAt: now - 2 * DAY
			},
			who,
			'Z',
			now - 2 * DAY
		);
	});

	const desk = await browser.newContext(DESKTOP);
	const a = await desk.newPage();
	await new HomePage(a).signIn(server.url, office.token);
	const officeLedger = new LedgerPage(a);
	await officeLedger.goto(server.url, '?view=all');
	await officeLedger.expectShown(2);
	await expect(officeLedger.rows().first()).toBeVisible();
	await expect(
		officeLedger.row((await officeLedger.numbers()).find((n) => n.endsWith('-Z-001'))!)
	).toContainText('已逾期 3 天');

	// The inspector, on a phone in a corridor. A session saved before devices had number ranges,
	// not online since: the sheet says so and keeps what was typed.
	const phone = await browser.newContext(PHONE);
	const b = await phone.newPage();
	await new HomePage(b).signIn(server.url, inspector.token);
	const inspectorLedger = new LedgerPage(b);
	await inspectorLedger.goto(server.url);
	await forgetDeviceCode(b);
	await expect(b.getByTestId('view-todo')).toHaveAttribute('aria-pressed', 'true');
	await inspectorLedger.openQuickReport();
	await inspectorLedger.fillQuickReport({ place: '食堂后厨', description: '燃气管道接口有异味' });
	await inspectorLedger.sheet.getByTestId('report-submit').click();
	await expect(b.getByTestId('no-space')).toContainText('本机还没有隐患编号段：联网一次后即可登记');
	await expect(inspectorLedger.sheet.getByLabel('地点')).toHaveValue('食堂后厨');

	// With a number range: an empty place is refused by the field, in Chinese, and the rest stays.
	await fetchDeviceCode(b);
	await inspectorLedger.goto(server.url);
	await inspectorLedger.openQuickReport();
	await inspectorLedger.fillQuickReport({
		place: '   ',
		description: '燃气管道接口有异味，疑似漏气',
		level: '重大',
		domain: '食品与卫生安全管理',
		photos: [await cameraPhoto(b, { width: 3024, height: 4032, seed: 7 })]
	});
	await expect(inspectorLedger.sheet.getByText('重大隐患须在 24 小时内上报教育局')).toBeVisible();
	await b.screenshot({ path: `${SCREENS}/phone-quick-report.png` });
	expect(await seriousViolations(b), 'quick report sheet').toEqual([]);
	await inspectorLedger.sheet.getByTestId('report-submit').click();
	await expect(inspectorLedger.sheet.getByRole('alert')).toHaveText('请填写地点。');
	await expect(inspectorLedger.sheet.getByLabel('地点')).toHaveAttribute('aria-invalid', 'true');
	await expect(inspectorLedger.sheet.getByLabel('发现了什么')).toHaveValue('燃气管道接口有异味，疑似漏气');
	await inspectorLedger.sheet.getByLabel('地点').fill('食堂后厨');
	await inspectorLedger.sheet.getByTestId('report-submit').click();
	await expect(inspectorLedger.sheet).toBeHidden();
	const done = b.getByTestId('report-done');
	await expect(done).toContainText(/已登记隐患 \d{4}-\d{2}-[A-Z]+-001/);
	const number = /\d{4}-\d{2}-[A-Z]+-001/.exec((await done.textContent()) ?? '')![0];
	expect(await b.getByTestId('report-done-link').getAttribute('href')).toMatch(/^\/ledger\/[\w-]+$/);
	await inspectorLedger.view('all');
	await expect(inspectorLedger.row(number)).toContainText('燃气管道接口有异味');
	await b.screenshot({ path: `${SCREENS}/phone-ledger.png` });
	expect(await seriousViolations(b), 'phone ledger').toEqual([]);

	await b.goto(`${server.url}/`);
	await expect(b.getByTestId('home-owed')).toContainText('1');
	await b.screenshot({ path: `${SCREENS}/phone-home-ledger.png`, fullPage: true });

	// The office's table shows it live, with its number, red as 重大 and unreported.
	await expect(officeLedger.row(number)).toBeVisible();
	await officeLedger.expectShown(3);
	await expect(officeLedger.row(number)).toHaveAttribute('data-level', 'major');
	await expect(officeLedger.row(number).getByTestId('report-owed')).toBeVisible();
	await expect(a.getByTestId('count-owed')).toContainText('重大未上报 1 条');
	await expect(a.getByTestId('owed-countdown')).toContainText(/还剩 2[34] 小时/);
	await a.screenshot({ path: `${SCREENS}/desktop-ledger.png` });
	expect(await seriousViolations(a), 'desktop ledger').toEqual([]);

	// Filters, each in the address: level, overdue, search; back undoes one at a time.
	await officeLedger.filterLevel('重大');
	await expect(a).toHaveURL(/level=major/);
	await officeLedger.expectShown(1);
	expect(await officeLedger.numbers()).toEqual([number]);
	await officeLedger.filterLevel('');
	await officeLedger.toggleOverdue();
	await expect(a).toHaveURL(/overdue=1/);
	await officeLedger.expectShown(1);
	expect((await officeLedger.numbers())[0]).toMatch(/-Z-001$/);
	await officeLedger.toggleOverdue();
	await officeLedger.search('北门 摄像头');
	await officeLedger.expectShown(1);
	await officeLedger.search(number);
	expect(await officeLedger.numbers()).toEqual([number]);
	await a.reload();
	await officeLedger.expectShown(1);
	await expect(a.getByTestId('ledger-search')).toHaveValue(number);
	// Typing replaced the entry that switched 只看逾期 off: one step back is the overdue filter.
	await a.goBack();
	await expect(a).toHaveURL(/overdue=1/);
	await expect(a).not.toHaveURL(/q=/);
	await officeLedger.expectShown(1);
	await expect(a.getByTestId('ledger-search')).toHaveValue('');
	await a.goBack();
	await expect(a).not.toHaveURL(/overdue=1/);
	await officeLedger.expectShown(3);
	await officeLedger.filterLevel('一般');
	await officeLedger.expectShown(2);
	await officeLedger.clearFilters();
	await officeLedger.expectShown(3);

	// A department head the office has not placed yet: reads, reports, no inbox of their own.
	const headContext = await browser.newContext(DESKTOP);
	const c = await headContext.newPage();
	await new HomePage(c).signIn(server.url, head.token);
	const headLedger = new LedgerPage(c);
	await headLedger.goto(server.url);
	await expect(c.getByTestId('needs-department')).toHaveText(
		'办公室尚未为你指定部门，暂时只能查看和随手报。'
	);
	await expect(c.getByTestId('todo-count')).toHaveText('0');

	// The office names 总务处 in 设置 → 成员; the head's inbox fills at once with 总务处's hazards.
	const members = new MembersPage(a);
	await members.goto(server.url);
	const row = members.member('王晓华');
	await expect(row.getByTestId('member-depts')).toContainText('未指定部门');
	await row.getByTestId('member-depts-edit').click();
	await row.getByLabel('总务处').check();
	await a.screenshot({ path: `${SCREENS}/desktop-member-depts-edit.png` });
	await row.getByTestId('member-depts-save').click();
	await expect(row.getByTestId('member-depts')).toContainText('部门：总务处');
	await a.screenshot({ path: `${SCREENS}/desktop-member-depts.png` });

	await expect(c.getByTestId('needs-department')).toBeHidden();
	await expect(c.getByTestId('todo-count')).toHaveText('2');
	await headLedger.expectShown(2);
	await expect(headLedger.row(number)).toContainText('待整改');
	await expect(headLedger.row(number)).toContainText('总务处');
	// 总务处 owns 食品与卫生 and 校舍设施 (the basketball stand), not the north gate's camera.
	expect((await headLedger.numbers()).some((n) => n.endsWith('-Z-001'))).toBe(false);
	await c.goto(`${server.url}/`);
	await expect(c.getByTestId('home-todo-rectify')).toContainText('2');
	await c.screenshot({ path: `${SCREENS}/desktop-home-ledger.png` });

	// From Home's card into the inbox (in the app, no reload: the ledger state made for Home goes
	// on serving 台账), where a new report for 总务处 arrives live.
	await c.getByTestId('home-todo-rectify').click();
	await expect(c).toHaveURL(/\/ledger\?view=todo&status=registered%2Crectifying$/);
	await headLedger.expectShown(2);
	await inspectorLedger.goto(server.url);
	const second = await inspectorLedger.quickReport({
		place: '食堂仓库',
		description: '灭火器压力不足',
		domain: '食品与卫生安全管理'
	});
	await expect(headLedger.row(second)).toContainText('待整改');
	await headLedger.expectShown(3);

	await desk.close();
	await phone.close();
	await headContext.close();
});

test('a 10,000-entry ledger opens, scrolls to its end and filters, rendering only what is on screen', async ({
	browser,
	server
}) => {
	test.setTimeout(240_000);
	const office = await server.member('office', '周尹尹');
	const who = { id: office.memberId, name: '周尹尹', role: 'office' as const, deptIds: [] };
	const now = Date.now();
	const places = ['教学楼', '实验楼', '食堂', '操场', '宿舍楼', '北门'];
	for (let batch = 0; batch < 10; batch++) {
		await writeLedger(server.url, office.token, (doc) =>
			doc.transact(() => {
				for (let i = batch * 1000; i < (batch + 1) * 1000; i++) {
					const foundAt = now - (i + 1) * 30 * 60 * 1000;
					registerHazard(
						doc,
						{
							place: `${places[i % places.length]}${(i % 7) + 1}层`,
							description: `第 ${i + 1} 条：消防通道堆放杂物`,
							domain: i % 3 === 0 ? 'food-hygiene' : 'safe-campus',
							level: i % 97 === 0 ? '重大' : '一般',
							deadline: i % 5 === 0 ? chinaDate(foundAt + 2 * DAY) : null,
							foundAt
						},
						who,
						'Y',
						foundAt
					);
				}
			})
		);
	}

	const context = await browser.newContext(DESKTOP);
	const page = await context.newPage();
	await new HomePage(page).signIn(server.url, office.token);
	const ledger = new LedgerPage(page);
	const started = Date.now();
	await ledger.goto(server.url, '?view=all');
	// The device has never seen the ledger: this includes fetching and applying all of it (7.8 MiB).
	await expect(page.getByTestId('count-shown')).toHaveAttribute('data-n', '10000', { timeout: 90_000 });
	await expect(ledger.rows().first()).toContainText('第 1 条');
	console.log(`10,000 entries: first rows after ${Date.now() - started} ms (sync included)`);
	// Virtualised: a screenful of rows and a buffer, not ten thousand.
	expect(await ledger.rows().count()).toBeLessThan(80);

	// The end of the table, by scrolling the window.
	await expect(async () => {
		await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
		await expect(ledger.rows().filter({ hasText: '第 10000 条' })).toBeVisible({ timeout: 1_000 });
	}).toPass();
	expect(await ledger.rows().count()).toBeLessThan(80);
	await page.screenshot({ path: `${SCREENS}/desktop-ledger-10000-end.png` });

	await page.evaluate(() => window.scrollTo(0, 0));
	await ledger.search('第 9999 条');
	await ledger.expectShown(1);
	await ledger.search('');
	await ledger.filterLevel('重大');
	await ledger.expectShown(Math.ceil(10_000 / 97));
	await context.close();
});
