import type { Browser } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { PHONE } from './pages/photos.ts';
import { PlanPage } from './pages/plan-page.ts';

// 方案: the leadership group edits the plan together in a meeting. Screenshots go to
// tests/e2e/.output/screens for a person to look at.
const SCREENS = 'tests/e2e/.output/screens';
const DESKTOP = { viewport: { width: 1280, height: 860 } };

/** Signs a new desktop (or `options`) context in at `origin` and opens /plan. */
async function openPlan(browser: Browser, origin: string, token: string, options: object = DESKTOP) {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await new HomePage(page).signIn(origin, token);
	const plan = new PlanPage(page);
	await plan.goto(origin);
	return { context, page, plan };
}

/** Whether `typed` appears in `text` in its own order, whatever was typed between its characters. */
function keepsOrder(text: string, typed: string): boolean {
	let at = 0;
	for (const char of typed) {
		at = text.indexOf(char, at);
		if (at < 0) return false;
		at++;
	}
	return true;
}

/** Every plan shows the same text, and it holds everything in `expected`. */
async function merged(plans: PlanPage[], expected: string[]): Promise<boolean> {
	const texts = await Promise.all(plans.map((plan) => plan.text()));
	return (
		texts.every((text) => text === texts[0]) && expected.every((typed) => keepsOrder(texts[0] ?? '', typed))
	);
}

test('three members type into one paragraph at once, see each other, and an edit made offline merges', async ({
	browser,
	server,
	makeProxy
}) => {
	test.setTimeout(180_000);
	const signal = await makeProxy();
	const leader = await openPlan(browser, server.url, await server.token('leader', '王晓芳'));
	const a = leader.plan;

	// An empty plan says how to fill it, and the leader starts typing the outline.
	await expect(leader.page.getByTestId('plan-empty')).toContainText('方案还是空的');
	await expect(leader.page.getByTestId('plan-import-command')).toHaveText(
		'npm run admin -- plan import --workspace demo 方案.docx'
	);
	await leader.page.screenshot({ path: `${SCREENS}/desktop-plan-empty.png` });
	await a.editor.click();
	await a.tool('h1');
	await expect(leader.page.getByTestId('plan-tool-h1')).toHaveAttribute('aria-pressed', 'true');
	await leader.page.keyboard.type('一、指导思想');
	await leader.page.keyboard.press('Enter');
	await leader.page.keyboard.type('坚持安全第一，预防为主。');
	await leader.page.keyboard.press('Enter');
	await leader.page.keyboard.type('各部门按职责落实。');
	await expect(leader.page.getByTestId('plan-empty')).toHaveCount(0);

	const office = await openPlan(browser, server.url, await server.token('office', '周尹尹'));
	const deputy = await openPlan(browser, signal.url, await server.token('office', '王晓华'));
	const [b, c] = [office.plan, deputy.plan];
	const plans = [a, b, c];
	for (const plan of [b, c]) {
		await expect(plan.editor.locator('h1')).toHaveText('一、指导思想');
		await expect(plan.paragraph('各部门按职责落实')).toBeVisible();
	}
	// Who is here: each sees the other two.
	for (const { page } of [leader, office, deputy])
		await expect(page.getByTestId('presence-peer')).toHaveCount(2);

	// All three type into the same paragraph at the same time.
	const typed = ['春夏秋冬', '东南西北', '金木水火'];
	const pages = [leader.page, office.page, deputy.page];
	await Promise.all(plans.map((plan) => plan.caretAtEndOf('坚持安全第一')));
	await Promise.all(pages.map((page, i) => page.keyboard.type(typed[i] ?? '')));
	await expect.poll(() => merged(plans, typed)).toBe(true);
	const paragraph = (await a.text()).split('\n').find((line) => line.startsWith('坚持安全第一'));
	expect(paragraph).toHaveLength('坚持安全第一，预防为主。'.length + typed.join('').length);

	// Named carets: the leader sees where the other two are typing.
	await expect(a.caretOf('周尹尹')).toBeVisible();
	await expect(a.caretOf('王晓华')).toBeVisible();
	await expect(b.caretOf('王晓芳')).toBeVisible();
	await leader.page.screenshot({ path: `${SCREENS}/desktop-plan-meeting.png` });

	// The deputy's laptop loses its connection for real, and both sides go on editing. The
	// deputy's edit is kept on the laptop: it is still there after a reload with no connection.
	await c.waitForServiceWorker();
	signal.cut();
	await c.expectOffline();
	await c.caretAtEndOf('各部门按职责落实');
	await deputy.page.keyboard.type('（离线时补充）');
	await expect(deputy.page.getByTestId('sync-pending')).toBeVisible();
	await c.savedOnDevice('各部门按职责落实。（离线时补充）');
	await deputy.page.reload();
	await c.waitForEditor();
	await c.expectOffline();
	await expect.poll(() => c.text()).toContain('各部门按职责落实。（离线时补充）');
	await a.caretAtEndOf('坚持安全第一');
	await leader.page.keyboard.type('（会上补充）');
	await expect.poll(() => b.text()).toContain('（会上补充）');
	expect(await a.text()).not.toContain('（离线时补充）');
	expect(await c.text()).not.toContain('（会上补充）');

	// The connection returns: the edits merge everywhere.
	signal.restore();
	await c.expectSynced();
	await expect.poll(() => merged(plans, [...typed, '（会上补充）', '（离线时补充）'])).toBe(true);
	expect(await b.text()).toContain('各部门按职责落实。（离线时补充）');
	for (const plan of plans) await plan.expectSynced();

	expect(await seriousViolations(leader.page)).toEqual([]);
	for (const { context } of [leader, office, deputy]) await context.close();
});

test('the plan is read-only for other roles and on phones, and says so', async ({ browser, server }) => {
	test.setTimeout(120_000);
	const office = await openPlan(browser, server.url, await server.token('office', '周尹尹'));
	const page = office.page;
	await expect(page.getByTestId('plan-readonly')).toHaveCount(0);
	await office.plan.editor.click();
	await office.plan.tool('h1');
	await page.keyboard.type('一、领导小组');
	await page.keyboard.press('Enter');
	await office.plan.tool('h2');
	await page.keyboard.type('（一）组成');
	await page.keyboard.press('Enter');
	await office.plan.tool('paragraph');
	await page.keyboard.type('组长：王晓芳；副组长：薛建平、章方辉。');
	await page.keyboard.press('Enter');
	await office.plan.tool('h3');
	await page.keyboard.type('1、办公室');
	await page.keyboard.press('Enter');
	await office.plan.tool('bullet');
	await page.keyboard.type('设在总务处');
	await page.keyboard.press('Enter');
	await page.keyboard.type('主任：周尹尹');
	await page.keyboard.press('Enter');
	// 正文 takes the new line out of the list.
	await office.plan.tool('paragraph');
	await page.keyboard.type('办公室负责日常工作。');
	await expect(office.plan.editor.locator('ul li')).toHaveCount(2);
	await expect(office.plan.editor.locator(':scope > p').last()).toHaveText('办公室负责日常工作。');
	await office.plan.expectSynced();
	const written = await office.plan.text();

	// A department head reads it on a desktop: no toolbar, a clear line, and typing changes nothing.
	const dept = await openPlan(browser, server.url, await server.token('dept', '李强'));
	await expect(dept.page.getByTestId('plan-readonly')).toHaveText(
		'只读：方案由领导小组和办公室编辑，你可以随时查看。'
	);
	await expect(dept.page.getByTestId('plan-tool-h1')).toHaveCount(0);
	await expect.poll(() => dept.plan.text()).toBe(written);
	await expect(dept.plan.editor).toHaveAttribute('contenteditable', 'false');
	await dept.plan.paragraph('组长').click();
	await dept.page.keyboard.type('改动');
	expect(await dept.plan.text()).toBe(written);
	await dept.plan.expectSynced();
	await dept.page.screenshot({ path: `${SCREENS}/desktop-plan-readonly.png` });

	// The office on a phone reads too, and is told where to edit.
	const phone = await openPlan(browser, server.url, await server.token('office', '王晓华'), PHONE);
	await expect(phone.page.getByTestId('plan-readonly')).toHaveText(
		'手机上只能查看方案。要修改，请在电脑或平板上打开“方案”。'
	);
	await expect.poll(() => phone.plan.text()).toBe(written);
	await expect(phone.plan.editor.locator('h2')).toHaveText('（一）组成');
	await expect(phone.plan.editor.locator('ul li')).toHaveCount(2);
	await expect(phone.plan.editor).toHaveAttribute('contenteditable', 'false');
	await phone.plan.expectSynced();
	await phone.page.screenshot({ path: `${SCREENS}/phone-plan.png`, fullPage: true });
	expect(await seriousViolations(phone.page)).toEqual([]);

	for (const { context } of [office, dept, phone]) await context.close();
});
