import type { Browser } from '@playwright/test';
import { PHONE } from './support/devices.ts';
import { expect, test } from './support/fixtures.ts';
import { AppNav } from './pages/app-nav.ts';
import { HomePage } from './pages/home-page.ts';
import { JoinPage } from './pages/join-page.ts';
import { MembersPage } from './pages/members-page.ts';
import { RoundPage } from './pages/round-page.ts';

// What a new user hit on the round page and around sign-in, on the phone first.
const SCREENS = 'tests/e2e/.output/screens';

async function phonePage(browser: Browser) {
	const context = await browser.newContext(PHONE);
	return { context, page: await context.newPage() };
}

test('a passed item is one line, a failed one opens its note, an over-long note is kept and limited, history opens', async ({
	browser,
	server
}) => {
	const { context, page } = await phonePage(browser);
	await new HomePage(page).signIn(server.url, await server.token('office', '周尹尹'));
	await new HomePage(page).createRound('2026年12月 月度安全检查');
	const round = new RoundPage(page);
	await round.waitForChecklist();

	// Unanswered: the three buttons, the note behind its toggle.
	await expect(round.item(2).getByTestId('note')).toHaveCount(0);
	await round.answer(2, 'pass');
	const passed = round.item(2);
	await expect(passed.getByTestId('note')).toHaveCount(0);
	await expect(passed.locator('button[data-answer]')).toHaveCount(0);
	await expect(passed.getByTestId('answer-state')).toHaveText(/合格/);
	expect((await passed.boundingBox())?.height).toBeLessThan(60);
	for (const target of [passed.getByTestId('answer-state'), passed.getByTestId('note-toggle')]) {
		const box = await target.boundingBox();
		expect(box?.height).toBeGreaterThanOrEqual(44);
		expect(box?.width).toBeGreaterThanOrEqual(44);
	}
	const changes = await page.getByRole('link', { name: '变更记录' }).boundingBox();
	expect(changes?.height).toBeGreaterThanOrEqual(44);
	// The toggle opens the note on demand and gives it the focus.
	await passed.getByTestId('note-toggle').click();
	await expect(passed.getByTestId('note')).toBeFocused();

	// 不合格 opens the note by itself.
	await round.answer(1, 'fail');
	const failed = round.item(1);
	await expect(failed.getByTestId('note')).toBeVisible();
	await expect(failed.getByTestId('note-toggle')).toHaveCount(0);

	// A pasted text over the limit stays in the field, is not stored, and the page says what to do.
	const note = failed.getByTestId('note');
	await expect(note).toHaveAttribute('maxlength', '2000');
	await note.fill('东侧围墙有裂缝');
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.evaluate((text) => navigator.clipboard.writeText(text), '长'.repeat(2100));
	await note.press('End');
	await note.press('Control+V');
	await expect(note).toHaveValue(`东侧围墙有裂缝${'长'.repeat(2100)}`);
	await expect(failed.getByTestId('note-count')).toHaveText('2107/2000 字');
	await expect(failed.getByTestId('note-too-long')).toContainText('多出 107 字');
	await expect(failed.getByTestId('note-too-long')).toContainText('删减');
	await page.screenshot({ path: `${SCREENS}/phone-note-too-long.png` });
	// Leaving would lose the unsaved text: the page asks, and staying keeps it.
	page.once('dialog', (dialog) => void dialog.dismiss());
	await page.getByRole('link', { name: '返回' }).click();
	await expect(note).toHaveValue(`东侧围墙有裂缝${'长'.repeat(2100)}`);
	// Shortened to the limit, it saves, whole, and survives a reload.
	await note.fill(`东侧围墙有裂缝${'长'.repeat(1993)}`);
	await expect(failed.getByTestId('note-too-long')).toHaveCount(0);
	await round.expectSynced();
	await page.reload();
	await round.waitForChecklist();
	await expect(round.item(1).getByTestId('note')).toHaveValue(`东侧围墙有裂缝${'长'.repeat(1993)}`);

	// Two people answer the same item: the history opens and lists both, newest first, with names.
	const other = await phonePage(browser);
	await new HomePage(other.page).signIn(server.url, await server.token('inspector', '黄春'));
	await new HomePage(other.page).openRound('2026年12月 月度安全检查');
	const otherRound = new RoundPage(other.page);
	await otherRound.waitForChecklist();
	await otherRound.expectAnswer(2, 'pass');
	await otherRound.answer(2, 'fail');
	await round.expectAnswer(2, 'fail');
	const toggle = round.item(2).getByTestId('history-toggle');
	await expect(toggle).toHaveText(/2 次记录/);
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	const entries = await round.openHistory(2);
	await expect(entries).toHaveCount(2);
	await expect(entries.nth(0)).toContainText('不合格');
	await expect(entries.nth(0)).toContainText('黄春');
	await expect(entries.nth(1)).toContainText('合格');
	await expect(entries.nth(1)).toContainText('周尹尹');
	await page.screenshot({ path: `${SCREENS}/phone-round-dense.png`, fullPage: true });
	await other.context.close();
	await context.close();
});

test('offline on a phone: the unsaved count stays visible, and an unknown round says why it is empty', async ({
	browser,
	server,
	makeProxy
}) => {
	const signal = await makeProxy();
	const { context, page } = await phonePage(browser);
	await new HomePage(page).signIn(signal.url, await server.token('office', '周尹尹'));
	const roundId = await new HomePage(page).createRound('消防专项检查');
	const round = new RoundPage(page);
	await round.waitForChecklist();
	await round.expectSynced();

	// Online and synced, a round nobody made is "missing", with a way back.
	await page.goto(`${signal.url}/rounds/no-such-round`);
	await expect(page.getByTestId('round-absent')).toHaveAttribute('data-absence', 'missing');
	await expect(page.getByTestId('round-absent')).toContainText('这一轮不存在或已被删除');
	await expect(page.getByRole('link', { name: '返回巡检列表' })).toBeVisible();
	await round.waitForServiceWorker();

	// The signal goes: sockets die (the proxy) and the browser says so (the offline event).
	signal.cut();
	await context.setOffline(true);
	await page.goto(`${signal.url}/rounds/${roundId}`);
	await round.waitForChecklist();
	await round.expectOffline();
	await round.answer(0, 'pass');
	await round.answer(1, 'fail');
	const pending = page.getByTestId('sync-pending');
	await expect(pending).toBeVisible();
	// innerText, not textContent: what shows, without the long form hidden on phones.
	await expect.poll(() => pending.innerText()).toBe('2 待保存');
	const box = await pending.boundingBox();
	expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
	expect(await pending.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(
		12
	);
	await page.screenshot({ path: `${SCREENS}/phone-offline-pending.png` });

	// Offline, an unknown round is one this device has not downloaded yet.
	await page.goto(`${signal.url}/rounds/not-here-yet`);
	await expect(page.getByTestId('round-absent')).toHaveAttribute('data-absence', 'offline');
	await expect(page.getByTestId('round-absent')).toContainText('联网后会自动下载');

	await context.setOffline(false);
	signal.restore();
	await page.goto(`${signal.url}/rounds/${roundId}`);
	await round.waitForChecklist();
	await round.expectSynced();
	await context.close();
});

test('a wrong invite code is reported and corrected on the spot', async ({ browser, server }) => {
	const { context, page } = await phonePage(browser);
	const join = new JoinPage(page);
	await join.enterOnWelcome(server.url, 'WRONG-CODE-1');
	await join.expectError('没有这个邀请码或登录码');
	await expect(page.getByLabel('你的姓名')).toHaveCount(0);
	await page.screenshot({ path: `${SCREENS}/phone-join-wrong-code.png` });

	await join.correct((await server.invite('inspector')).toLowerCase());
	await expect(page.getByTestId('join-what')).toContainText('检查员');
	await expect(page.getByTestId('join-error')).toHaveCount(0);
	await page.getByLabel('你的姓名').fill('黄春');
	await page.getByRole('button', { name: '加入' }).click();
	await expect(page.getByTestId('me')).toContainText('黄春 · 检查员');
	await context.close();
});

test('a signed-out leader comes back with a sign-in code; the office cannot make one for a leader', async ({
	browser,
	server
}) => {
	const leader = await phonePage(browser);
	const home = new HomePage(leader.page);
	await home.signIn(server.url, server.leaderToken);
	await new AppNav(leader.page).signOut();
	await expect(leader.page.getByText('欢迎使用校安')).toBeVisible();

	// The office may make codes for the others, never for a leader (the same rule as invites).
	const officeContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
	const office = await officeContext.newPage();
	await new HomePage(office).signIn(server.url, await server.token('office', '周尹尹'));
	const officeMembers = new MembersPage(office);
	await officeMembers.goto(server.url);
	await expect(officeMembers.member('王晓芳').getByRole('button', { name: '生成登录码' })).toHaveCount(0);

	// Another leader makes her one.
	const deputyContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
	const deputy = await deputyContext.newPage();
	await new HomePage(deputy).signIn(server.url, await server.token('leader', '李校长'));
	const members = new MembersPage(deputy);
	await members.goto(server.url);
	const code = await members.signinCode('王晓芳');
	await expect(members.member('王晓芳').getByTestId('signin-code-link')).toHaveValue(/\/join\/[0-9A-Z]{10}$/);
	await deputy.screenshot({ path: `${SCREENS}/desktop-members-signin-code.png` });

	const join = new JoinPage(leader.page);
	await join.enterOnWelcome(server.url, code.toLowerCase());
	await expect(leader.page.getByTestId('join-what')).toContainText('王晓芳（领导小组）');
	await leader.page.getByRole('button', { name: '登录' }).click();
	await expect(leader.page.getByTestId('me')).toContainText('王晓芳 · 领导小组');

	// Single use: the same code again is refused, where it can be corrected.
	const late = await phonePage(browser);
	await new JoinPage(late.page).enterOnWelcome(server.url, code);
	await new JoinPage(late.page).expectError('已被使用');
	for (const context of [leader.context, officeContext, deputyContext, late.context]) await context.close();
});
