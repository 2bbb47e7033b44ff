import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { writeDocument, writeLedger, writePlanText } from './support/ledger-seed.ts';
import { HomePage } from './pages/home-page.ts';
import { PHONE } from './pages/photos.ts';
import { RoundPage } from './pages/round-page.ts';
import { inspectionDocument } from '../../src/lib/model/documents.ts';
import { answerItem, readRound, setItemNote } from '../../src/lib/model/inspection.ts';
import { registerHazard, updateHazard, type MemberContext } from '../../src/lib/model/ledger.ts';
import type { PlanBlock } from '../../src/lib/model/plan-import.ts';
import { chinaDateTime } from '../../src/lib/model/time.ts';

// 某一时刻的状态 (issue 11): the ledger, a round and the plan as they stood at a time, read from the
// server's kept history; the office restores a vandalised round and every device sees it back.
// Screenshots go to tests/e2e/.output/history for a person to look at.
const OUTPUT = path.join(import.meta.dirname, '..', '.output', 'history');
const DESKTOP = { viewport: { width: 1280, height: 900 } };

async function signedIn(browser: Browser, origin: string, token: string, options: object = DESKTOP) {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await new HomePage(page).signIn(origin, token);
	return { context, page };
}

/**
 * The time between two steps: now, once the clock has moved on, so the step before (stored
 * already) is at or before it and the step after is strictly later.
 */
async function between(): Promise<number> {
	const at = Date.now();
	await expect.poll(() => Date.now()).toBeGreaterThan(at);
	return at;
}

async function shot(page: Page, name: string): Promise<void> {
	mkdirSync(OUTPUT, { recursive: true });
	await page.screenshot({ path: path.join(OUTPUT, name), fullPage: true });
}

test('the ledger as of a past date shows an entry as it was then, and not the entries registered later', async ({
	browser,
	server
}) => {
	test.setTimeout(180_000);
	const officeMember = await server.member('office', '周尹尹');
	const inspectorMember = await server.member('inspector', '黄春');
	const office: MemberContext = { id: officeMember.memberId, name: '周尹尹', role: 'office', deptIds: [] };
	const inspector: MemberContext = {
		id: inspectorMember.memberId,
		name: '黄春',
		role: 'inspector',
		deptIds: []
	};

	// 黄春 registers a 重大 hazard; later the office downgrades it to 一般; then a second one is registered.
	let first = '';
	await writeLedger(server.url, inspectorMember.token, (doc) => {
		first = registerHazard(
			doc,
			{ place: '教学楼东侧消防通道', description: '通道堆放杂物，影响疏散', level: '重大' },
			inspector,
			'B'
		).id;
	});
	const then = await between();
	await writeLedger(server.url, officeMember.token, (doc) =>
		updateHazard(doc, first, { level: '一般' }, office, new Map())
	);
	await writeLedger(server.url, inspectorMember.token, (doc) =>
		registerHazard(doc, { place: '食堂后门', description: '地面湿滑' }, inspector, 'B')
	);

	const { context, page } = await signedIn(browser, server.url, officeMember.token);
	await page.goto(`${server.url}/ledger?view=all`);
	const rows = page.getByTestId('hazard-row');
	await expect(rows).toHaveCount(2);
	const number = await rows.filter({ hasText: '教学楼东侧消防通道' }).getAttribute('data-number');
	await expect(rows.filter({ hasText: '教学楼东侧消防通道' })).toHaveAttribute('data-level', 'general');

	// 查看某一时刻的状态 from the live ledger: a picker in China time, then the ledger of then.
	await page.getByTestId('as-of-open').click();
	await expect(page.getByTestId('as-of-hint')).toContainText('选择一个日期和时间');
	await page.getByTestId('as-of-input').fill(chinaDateTime(then).replace(' ', 'T'));
	await page.getByTestId('as-of-show').click();
	await page.waitForURL(/\/history\/ledger\?at=\d+$/);

	// The exact time between the steps (the picker holds minutes; the address holds milliseconds).
	await page.goto(`${server.url}/history/ledger?at=${then}`);
	await expect(page.getByTestId('as-of-banner')).toHaveText(`${chinaDateTime(then)} 时的状态（只读）`);
	const past = page.getByTestId('hazard-row');
	await expect(past).toHaveCount(1);
	await expect(past).toHaveAttribute('data-number', number!);
	await expect(past).toHaveAttribute('data-level', 'major');
	await expect(past).toContainText('重大');
	await expect(page.getByText('食堂后门')).toHaveCount(0);
	await shot(page, 'ledger-as-of-desk.png');
	expect(await seriousViolations(page), 'ledger as of a date').toEqual([]);

	// The way back to the live screen.
	await page.getByTestId('as-of-back').click();
	await page.waitForURL(`${server.url}/ledger`);
	await expect(page.getByRole('button', { name: '全部 2' })).toBeVisible();

	// From the change log: each change links to the state just after it.
	await page.goto(`${server.url}/changes/ledger`);
	const changes = page.getByTestId('change');
	await expect(changes).toHaveCount(3);
	await expect(changes.nth(2)).toContainText('黄春 登记隐患');
	await changes.nth(2).getByTestId('change-as-of').click();
	await page.waitForURL(/\/history\/ledger\?at=\d+$/);
	await expect(page.getByTestId('hazard-row')).toHaveCount(1);
	await expect(page.getByTestId('hazard-row')).toHaveAttribute('data-level', 'major');

	// Errors say what to do: a time in the future, and no network for the history.
	await page.goto(`${server.url}/history/ledger?at=${Date.now() + 3_600_000}`);
	await expect(page.getByTestId('as-of-error')).toHaveText(/请选择一个不晚于现在的日期和时间/);
	// Offline, another time picked: the screen says the history needs the network; online, 重试.
	await page.goto(`${server.url}/history/ledger?at=${then}`);
	await expect(page.getByTestId('hazard-row')).toHaveCount(1);
	await context.setOffline(true);
	const earlier = chinaDateTime(then - 60_000);
	await page.getByTestId('as-of-input').fill(earlier.replace(' ', 'T'));
	await page.getByTestId('as-of-show').click();
	await expect(page.getByTestId('as-of-error')).toContainText('需要联网才能查看历史状态');
	await shot(page, 'ledger-as-of-offline.png');
	await context.setOffline(false);
	await page.getByRole('button', { name: '重试' }).click();
	await expect(page.getByTestId('as-of-error')).toHaveCount(0);
	await expect(page.getByTestId('as-of-banner')).toHaveText(`${earlier} 时的状态（只读）`);

	// On a phone: the same entry, as a card.
	const phone = await signedIn(browser, server.url, inspectorMember.token, PHONE);
	await phone.page.goto(`${server.url}/history/ledger?at=${then}`);
	await expect(phone.page.getByTestId('hazard-row')).toHaveAttribute('data-level', 'major');
	await shot(phone.page, 'ledger-as-of-phone.png');
	await phone.context.close();
	await context.close();
});

test('a vandalised round is restored by the office to an earlier time and every device sees it back', async ({
	browser,
	server
}) => {
	test.setTimeout(240_000);
	const officeMember = await server.member('office', '周尹尹');
	const carolMember = await server.member('inspector', '黄春');
	const bobMember = await server.member('inspector', '王晓华');
	const carol = { id: carolMember.memberId, name: '黄春' };

	const office = await signedIn(browser, server.url, officeMember.token);
	const roundId = await new HomePage(office.page).createRound('3月检查');
	const officeRound = new RoundPage(office.page);
	await officeRound.waitForChecklist();
	const name = inspectionDocument(roundId);

	// 黄春 checks the first four items on her phone: all 合格, one with a note.
	const phone = await signedIn(browser, server.url, carolMember.token, PHONE);
	await phone.page.goto(`${server.url}/rounds/${roundId}`);
	const carolRound = new RoundPage(phone.page);
	await carolRound.waitForChecklist();
	for (const i of [0, 1, 2, 3]) await carolRound.answer(i, 'pass');
	// Stored once the office sees them (the server stores before it relays).
	for (const i of [0, 1, 2, 3]) await expect(officeRound.item(i)).toHaveAttribute('data-answer', 'pass');
	const then = await between();

	// Then the same account marks them all 不合格 with junk notes (a vandal with her phone).
	await writeDocument(server.url, carolMember.token, name, (doc) => {
		const items = readRound(doc)!.areas.flatMap((area) => area.items);
		for (const item of items.slice(0, 4)) {
			answerItem(doc, item.id, 'fail', carol);
			setItemNote(doc, item.id, '乱写乱写乱写', carol);
		}
	});
	const bob = await signedIn(browser, server.url, bobMember.token);
	await bob.page.goto(`${server.url}/rounds/${roundId}`);
	const bobRound = new RoundPage(bob.page);
	for (const i of [0, 1, 2, 3]) {
		await expect(bobRound.item(i)).toHaveAttribute('data-answer', 'fail');
		await expect(carolRound.item(i)).toHaveAttribute('data-answer', 'fail');
	}

	// The office opens the round as of then: every item 合格, read-only.
	await office.page.getByTestId('as-of-open').click();
	await office.page.waitForURL(/\/history\/inspection\/[\w-]+$/);
	await office.page.goto(`${server.url}/history/${name}?at=${then}`);
	await expect(office.page.getByTestId('as-of-banner')).toHaveText(`${chinaDateTime(then)} 时的状态（只读）`);
	const past = new RoundPage(office.page);
	for (const i of [0, 1, 2, 3]) await expect(past.item(i)).toHaveAttribute('data-answer', 'pass');
	await expect(past.item(0).locator('button[data-answer="fail"]')).toHaveCount(0);
	await shot(office.page, 'round-as-of-desk.png');

	// 恢复到此时的状态: the dialog counts the items and says it is a new change; then it restores.
	await office.page.getByTestId('as-of-restore').click();
	const dialog = office.page.getByTestId('restore-dialog');
	await expect(dialog.getByTestId('restore-summary')).toContainText('4 个检查项将恢复为当时的结果和说明');
	await expect(dialog.getByTestId('restore-summary')).toContainText('记入变更记录');
	await shot(office.page, 'round-restore-dialog.png');
	expect(await seriousViolations(office.page), 'restore dialog').toEqual([]);
	await dialog.getByTestId('restore-confirm').click();
	await expect(dialog.getByTestId('restore-done')).toBeVisible();

	// Every device sees the answers of then come back live, and the junk notes gone.
	for (const round of [carolRound, bobRound])
		for (const i of [0, 1, 2, 3]) {
			await expect(round.item(i)).toHaveAttribute('data-answer', 'pass');
			await expect(round.item(i)).not.toContainText('乱写');
		}
	// Nothing was erased: the vandal's answers are still in each item's history, after the first.
	await expect(bobRound.item(0)).toHaveAttribute('data-history', '3');

	// The change log names the office as the one who put them back.
	await bob.page.goto(`${server.url}/changes/${name}`);
	await expect(bob.page.getByTestId('change').first()).toContainText('周尹尹 将 ');
	await expect(bob.page.getByTestId('change').first()).toContainText('标为 合格');

	// A phone reads the round of then too.
	await phone.page.goto(`${server.url}/history/${name}?at=${then}`);
	await expect(new RoundPage(phone.page).item(0)).toHaveAttribute('data-answer', 'pass');
	await expect(phone.page.getByTestId('as-of-restore')).toHaveCount(0);
	await shot(phone.page, 'round-as-of-phone.png');
	await Promise.all([office.context.close(), phone.context.close(), bob.context.close()]);
});

test('the plan as of a date shows the text of then', async ({ browser, server }) => {
	test.setTimeout(180_000);
	const leaderMember = await server.member('leader', '王晓芳');
	const leader = { id: leaderMember.memberId, name: '王晓芳' };
	const guidance = (paragraph: string): PlanBlock[] => [
		{ type: 'heading', level: 1, text: '一、指导思想' },
		{ type: 'paragraph', text: paragraph }
	];
	await writePlanText(server.url, leaderMember.token, leader, guidance('坚持安全第一，预防为主。'));
	const then = await between();
	await writePlanText(server.url, leaderMember.token, leader, guidance('各部门自行安排。'));

	const { context, page } = await signedIn(browser, server.url, leaderMember.token);
	await page.goto(`${server.url}/plan`);
	await expect(page.getByText('各部门自行安排。')).toBeVisible();
	await page.getByTestId('as-of-open').click();
	await page.waitForURL(/\/history\/plan$/);
	await page.goto(`${server.url}/history/plan?at=${then}`);
	const text = page.getByTestId('plan-version-text');
	await expect(text).toContainText('坚持安全第一，预防为主。');
	await expect(text).not.toContainText('各部门自行安排');
	await expect(text.locator('h1')).toHaveText('一、指导思想');
	await shot(page, 'plan-as-of-desk.png');
	expect(await seriousViolations(page), 'plan as of a date').toEqual([]);

	// A leader may restore the plan: the text of then comes back on 方案.
	await page.getByTestId('as-of-restore').click();
	const dialog = page.getByTestId('restore-dialog');
	await expect(dialog.getByTestId('restore-summary')).toContainText('方案正文中 1 段将替换为当时的内容');
	await dialog.getByTestId('restore-confirm').click();
	await expect(dialog.getByTestId('restore-done')).toBeVisible();
	await page.goto(`${server.url}/plan`);
	await expect(page.getByText('坚持安全第一，预防为主。')).toBeVisible();
	await expect(page.getByText('各部门自行安排。')).toHaveCount(0);

	const phone = await signedIn(browser, server.url, leaderMember.token, PHONE);
	await phone.page.goto(`${server.url}/history/plan?at=${then}`);
	await expect(phone.page.getByTestId('plan-version-text')).toContainText('坚持安全第一');
	await shot(phone.page, 'plan-as-of-phone.png');
	await Promise.all([context.close(), phone.context.close()]);
});
