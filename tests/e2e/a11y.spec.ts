import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';

test('the main pages have no serious accessibility problems', async ({ browser, server }) => {
	const context = await browser.newContext();
	const page = await context.newPage();

	await page.goto(server.url);
	await expect(page.getByText('欢迎使用校安')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	const home = new HomePage(page);
	await home.signIn(server.url, await server.token('office', '周尹尹'));
	expect(await seriousViolations(page)).toEqual([]);

	await page.getByTestId('new-round').click();
	await expect(page.getByRole('dialog')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	await page.getByRole('dialog').getByRole('button', { name: '创建' }).click();

	const round = new RoundPage(page);
	await round.waitForChecklist();
	await round.answer(0, 'fail');
	expect(await seriousViolations(page)).toEqual([]);

	await round.answer(1, 'pass');
	await round.answer(1, 'fail');
	await round.openHistory(1);
	expect(await seriousViolations(page)).toEqual([]);

	await page.goto(`${server.url}/settings`);
	await page.getByRole('button', { name: '生成邀请链接' }).click();
	await expect(page.getByTestId('invite-link')).toBeVisible();
	await page.getByTestId('member').first().getByRole('button', { name: '生成登录码' }).click();
	await expect(page.getByTestId('signin-code')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	const link = await page.getByTestId('invite-link').inputValue();

	const join = await (await browser.newContext()).newPage();
	await join.goto(`${server.url}/join/ABCDEFGHJKMN`);
	await expect(join.getByTestId('join-error')).toBeVisible();
	expect(await seriousViolations(join)).toEqual([]);
	await join.goto(link);
	await expect(join.getByLabel('你的姓名')).toBeVisible();
	expect(await seriousViolations(join)).toEqual([]);
	await join.context().close();
	await context.close();
});
