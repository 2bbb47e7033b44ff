import type { BrowserContextOptions, Locator, Page } from '@playwright/test';
import { PHONE } from './support/devices.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { LifecycleBar } from './pages/lifecycle.ts';
import { PlanVersionsPage } from './pages/plan-versions-page.ts';
import { RoundPage } from './pages/round-page.ts';

// The dialogs built on Sheet.svelte: a centred card on a desk, a sheet along the bottom edge of a
// phone. Each is opened, must lie wholly on screen, and is photographed for a person to look at.
const SCREENS = 'tests/e2e/.output/screens';
const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 860 }, locale: 'zh-CN' };

/** The dialog is open, on screen edge to edge at most, and photographed as `<device>-dialog-<name>`. */
async function look(page: Page, dialog: Locator, device: string, name: string): Promise<void> {
	await expect(dialog).toBeVisible();
	const box = await dialog.boundingBox();
	const viewport = page.viewportSize();
	if (box === null || viewport === null) throw new Error(`no box for the ${name} dialog`);
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.y).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(viewport.width + 0.5);
	expect(box.y + box.height).toBeLessThanOrEqual(viewport.height + 0.5);
	if (device === 'phone') expect(box.y + box.height).toBeGreaterThan(viewport.height - 2); // along the bottom
	await page.screenshot({ path: `${SCREENS}/${device}-dialog-${name}.png` });
}

for (const [device, options] of [
	['desktop', DESKTOP],
	['phone', PHONE]
] as const) {
	test(`the dialogs fit a ${device} and keep their test ids`, async ({ browser, server }) => {
		test.setTimeout(180_000);
		const officeContext = await browser.newContext(options);
		const page = await officeContext.newPage();
		const home = new HomePage(page);
		await home.signIn(server.url, await server.token('office', '周尹尹'));

		// 新建巡检
		await home.openRoundList();
		await page.getByTestId('new-round').click();
		const newRound = page.getByTestId('new-round-dialog');
		await look(page, newRound, device, 'new-round');
		await newRound.getByLabel('名称').fill('2026年11月 月度安全检查');
		await newRound.getByRole('button', { name: '创建' }).click();
		await page.waitForURL(/\/rounds\/[\w-]+$/);
		await new RoundPage(page).waitForChecklist();

		// 编辑巡检组
		await page.getByTestId('edit-team').click();
		const team = page.getByTestId('team-dialog');
		await look(page, team, device, 'team');
		await page.keyboard.press('Escape');
		await expect(team).toBeHidden();

		// 提交, then signed off and 重新打开
		const bar = new LifecycleBar(page);
		await bar.bar.getByRole('button', { name: '提交', exact: true }).click();
		const submit = page.getByTestId('submit-dialog');
		await look(page, submit, device, 'submit');
		await submit.getByTestId('submit-confirm').click();
		await expect(submit).toBeHidden();
		await bar.signByName();
		await bar.signOff();
		await bar.bar.getByRole('button', { name: '重新打开', exact: true }).click();
		const reopen = page.getByTestId('reopen-dialog');
		await look(page, reopen, device, 'reopen');
		await page.keyboard.press('Escape');
		await expect(reopen).toBeHidden();
		await officeContext.close();

		// 导入方案, then a version deleted after the confirmation
		const leaderContext = await browser.newContext(options);
		const leaderPage = await leaderContext.newPage();
		await new HomePage(leaderPage).signIn(server.url, await server.token('leader', '王晓芳'));
		await leaderPage.goto(`${server.url}/plan`); // on a phone an empty plan has no editor to wait for
		await leaderPage.getByTestId('plan-import-open').first().click();
		const importer = leaderPage.getByTestId('plan-import');
		await importer
			.getByTestId('plan-import-text')
			.fill('一、指导思想\n坚持安全第一，预防为主。\n二、工作目标\n杜绝重大事故。');
		await expect(importer.getByTestId('plan-import-preview')).toContainText('一、指导思想');
		await look(leaderPage, importer, device, 'plan-import');
		await importer.getByTestId('plan-import-submit').click();
		await expect(importer).toBeHidden();

		const versions = new PlanVersionsPage(leaderPage);
		await versions.goto(server.url);
		await versions.save('初稿');
		// The version read-only is set like the editor's sheet (plan-body.css): indented paragraphs.
		await versions.row('初稿').getByTestId('version-view').click();
		const paragraph = leaderPage.getByTestId('version-sheet').locator('p', { hasText: '坚持安全第一' });
		await expect(paragraph).toBeVisible();
		expect(
			await paragraph.evaluate(
				(p) => parseFloat(getComputedStyle(p).textIndent) / parseFloat(getComputedStyle(p).fontSize)
			)
		).toBe(2);
		await leaderPage.screenshot({ path: `${SCREENS}/${device}-plan-version-view.png` });
		await leaderPage.goBack();
		await versions.row('初稿').getByTestId('version-delete').click();
		const confirm = leaderPage.getByTestId('version-confirm');
		await look(leaderPage, confirm, device, 'version-confirm');
		await versions.confirm();
		await expect(versions.row('初稿')).toHaveCount(0);
		await leaderContext.close();
	});
}
