import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';

/** Serious and critical accessibility problems on the page as it is now (WCAG 2 A/AA rules). */
async function violations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
	return results.violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map(
			(violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`
		);
}

test('the main pages have no serious accessibility problems', async ({ browser, server }) => {
	const context = await browser.newContext();
	const page = await context.newPage();

	await page.goto(server.url);
	await expect(page.getByText('欢迎使用校安')).toBeVisible();
	expect(await violations(page)).toEqual([]);

	const home = new HomePage(page);
	await home.signIn(server.url, await server.token('office', '周尹尹'));
	expect(await violations(page)).toEqual([]);

	await page.getByTestId('new-round').click();
	await expect(page.getByRole('dialog')).toBeVisible();
	expect(await violations(page)).toEqual([]);
	await page.getByRole('dialog').getByRole('button', { name: '创建' }).click();

	const round = new RoundPage(page);
	await round.waitForChecklist();
	await round.answer(0, 'fail');
	expect(await violations(page)).toEqual([]);

	await round.answer(1, 'pass');
	await round.answer(1, 'fail');
	await round.openHistory(1);
	expect(await violations(page)).toEqual([]);

	await page.goto(`${server.url}/settings`);
	await page.getByRole('button', { name: '生成邀请链接' }).click();
	await expect(page.getByTestId('invite-link')).toBeVisible();
	await page.getByTestId('member').first().getByRole('button', { name: '生成登录码' }).click();
	await expect(page.getByTestId('signin-code')).toBeVisible();
	expect(await violations(page)).toEqual([]);
	const link = await page.getByTestId('invite-link').inputValue();

	const join = await (await browser.newContext()).newPage();
	await join.goto(`${server.url}/join/ABCDEFGHJKMN`);
	await expect(join.getByTestId('join-error')).toBeVisible();
	expect(await violations(join)).toEqual([]);
	await join.goto(link);
	await expect(join.getByLabel('你的姓名')).toBeVisible();
	expect(await violations(join)).toEqual([]);
	await join.context().close();
	await context.close();
});
