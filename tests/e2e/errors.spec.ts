import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';

// Refusals reach people as sentences in their language, with what to do next (issue 6).

test('a blank round name is named under its field, and what was typed stays', async ({ browser, server }) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await new HomePage(page).signIn(server.url, await server.token('office', '周尹尹'));

	await page.getByTestId('new-round').click();
	const dialog = page.getByRole('dialog');
	const name = dialog.getByLabel('名称');
	// Spaces pass the browser's `required`, not the model's check.
	await name.fill('   ');
	await dialog.getByLabel('月份').fill('2026-10');
	await dialog.getByRole('button', { name: '创建' }).click();
	await expect(dialog.getByRole('alert')).toHaveText('请填写巡检名称。');
	await expect(name).toHaveAttribute('aria-invalid', 'true');
	await expect(dialog.getByLabel('月份')).toHaveValue('2026-10');
	await page.screenshot({ path: 'tests/e2e/.output/screens/new-round-error.png' });

	await name.fill('十月补查');
	await dialog.getByRole('button', { name: '创建' }).click();
	await page.waitForURL(/\/rounds\/[\w-]+$/);
	await context.close();
});

test('a refused sign-in link and an unknown invite code say what to do, not what the server said', async ({
	browser,
	server
}) => {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${server.url}/signin#token=forged.token`);
	const signInError = page.getByTestId('signin-error');
	await expect(signInError).toHaveText('这个登录链接无效。请重新打开发给你的链接，或在欢迎页输入登录码。');

	// The code is checked before anyone types a name, and the answer is the page's own sentence.
	await page.goto(`${server.url}/join/NOSUCHCODE`);
	await expect(page.getByTestId('join-error')).toHaveText('没有这个邀请码或登录码。请核对后重新输入');
	await expect(page.getByLabel('你的姓名')).toHaveCount(0);
	await context.close();
});
