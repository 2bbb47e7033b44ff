import type { Browser } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { PHONE } from './pages/photos.ts';
import { PlanPage } from './pages/plan-page.ts';
import { PlanVersionsPage } from './pages/plan-versions-page.ts';

// 方案 → 版本: the leadership group saves the plan as "2026 秋季修订", edits it, sees what changed
// inline, and restores it while another member watches the text come back. Screenshots go to
// tests/e2e/.output/screens for a person to look at.
const SCREENS = 'tests/e2e/.output/screens';
const DESKTOP = { viewport: { width: 1280, height: 800 } };

async function signedIn(browser: Browser, origin: string, token: string, options: object = DESKTOP) {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await new HomePage(page).signIn(origin, token);
	return { context, page, plan: new PlanPage(page), versions: new PlanVersionsPage(page) };
}

test('save a version, edit, compare inline, restore, and another member sees the text come back', async ({
	browser,
	server
}) => {
	test.setTimeout(180_000);
	const leader = await signedIn(browser, server.url, await server.token('leader', '王晓芳'));
	const { page, plan, versions } = leader;

	// The leader writes the plan.
	await plan.goto(server.url);
	await plan.editor.click();
	await plan.tool('h1');
	await page.keyboard.type('一、指导思想');
	await page.keyboard.press('Enter');
	await page.keyboard.type('坚持安全第一，预防为主。');
	await page.keyboard.press('Enter');
	await page.keyboard.type('各部门每月开展一次安全检查。');
	await plan.expectSynced();
	const original = await plan.text();

	// 版本: nothing saved yet; a name is required, and then the version is listed with who and size.
	await page.getByTestId('plan-versions').click();
	await expect(page.getByTestId('version-empty')).toContainText('还没有保存过版本');
	await versions.save('  ');
	await expect(page.getByTestId('version-save-error')).toHaveText('请填写版本名称。');
	await expect(page.getByTestId('version-name')).toHaveAttribute('aria-invalid', 'true');
	await versions.save('2026 秋季修订');
	await expect(page.getByTestId('version-done')).toContainText('已保存版本“2026 秋季修订”');
	const row = versions.row('2026 秋季修订');
	await expect(row).toContainText('王晓芳');
	await expect(row).toContainText(/\d+(\.\d)?\s?(B|kB|KB|字节)/);
	await expect(row).toContainText('与当前正文相同');
	await expect(row.getByTestId('version-restore')).toHaveCount(0);

	// Back in the editor: a sentence added to one paragraph, another paragraph deleted.
	await page.getByRole('link', { name: '返回方案' }).click();
	await plan.waitForEditor();
	await plan.caretAtEndOf('坚持安全第一');
	await page.keyboard.type('层层落实责任。');
	await plan.caretAtEndOf('各部门每月');
	await page.keyboard.press('Shift+Home');
	await page.keyboard.press('Backspace');
	await page.keyboard.press('Backspace');
	await expect.poll(() => plan.text()).not.toContain('各部门每月');
	await plan.expectSynced();

	// Another member has the plan open on a laptop.
	const office = await signedIn(browser, server.url, await server.token('office', '周尹尹'));
	await office.plan.goto(server.url);
	await expect.poll(() => office.plan.text()).toContain('层层落实责任。');

	// Compared with the current text: the added words green and underlined, the removed ones struck.
	await page.getByTestId('plan-versions').click();
	await versions.row('2026 秋季修订').getByTestId('version-compare-current').click();
	await expect(page.getByTestId('version-counts')).toHaveText('新增 0 段，删除 1 段，修改 1 段');
	const added = versions.blocks('changed').locator('ins');
	await expect(added).toHaveText('层层落实责任。');
	await expect(added).toHaveCSS('text-decoration-line', 'underline');
	const removed = versions.blocks('removed').locator('del');
	await expect(removed).toHaveText('各部门每月开展一次安全检查。');
	await expect(removed).toHaveCSS('text-decoration-line', 'line-through');
	await expect(versions.blocks('same')).toHaveText(['一、指导思想']);
	await page.screenshot({ path: `${SCREENS}/desktop-plan-compare.png`, fullPage: true });
	expect(await seriousViolations(page)).toEqual([]);

	// Restoring asks first, and says who else has the plan open.
	await page.getByTestId('compare-restore').click();
	await expect(page.getByTestId('version-confirm')).toContainText('恢复到“2026 秋季修订”？');
	await expect(page.getByTestId('version-confirm-warning')).toContainText('周尹尹');
	await versions.confirm();
	await expect(page.getByTestId('version-done')).toContainText('已恢复到“2026 秋季修订”');
	await expect(page.getByTestId('version-counts')).toHaveText('两者内容相同，没有改动。');

	// The other member sees the text come back live; nothing was lost: the text before is a version.
	await expect.poll(() => office.plan.text()).toBe(original);
	await office.plan.expectSynced();
	await page.goto(`${server.url}/plan/versions`);
	const before = versions.row('恢复“2026 秋季修订”前的正文');
	await expect(before).toContainText('自动');
	await expect(versions.row('2026 秋季修订')).toContainText('与当前正文相同');
	await page.screenshot({ path: `${SCREENS}/desktop-plan-versions.png`, fullPage: true });

	// The text before the restore, read-only as the editor shows it.
	await before.getByTestId('version-view').click();
	await expect(page.getByTestId('version-sheet').getByTestId('plan-version-text')).toContainText(
		'层层落实责任。'
	);
	await expect(page.getByTestId('plan-version-text')).toHaveAttribute('contenteditable', 'false');
	await plan.goto(server.url);
	expect(await plan.text()).toBe(original);

	// On a phone, the office reads the list and a comparison (restoring is offered by role).
	const phone = await signedIn(browser, server.url, await server.token('office', '王晓华'), PHONE);
	await phone.versions.goto(server.url);
	await expect(phone.page.getByTestId('version-row')).toHaveCount(2);
	await phone.page.screenshot({ path: `${SCREENS}/phone-plan-versions.png`, fullPage: true });
	await phone.versions.row('恢复“2026 秋季修订”前的正文').getByTestId('version-compare-current').click();
	// From the text before the restore to now: the sentence is gone again, the paragraph is back.
	await expect(phone.versions.blocks('changed').locator('del')).toHaveText('层层落实责任。');
	await expect(phone.versions.blocks('added').locator('ins')).toHaveText('各部门每月开展一次安全检查。');
	await phone.page.screenshot({ path: `${SCREENS}/phone-plan-compare.png`, fullPage: true });
	expect(await seriousViolations(phone.page)).toEqual([]);

	for (const { context } of [leader, office, phone]) await context.close();
});

test('a department head compares versions but may not save, restore or delete', async ({
	browser,
	server
}) => {
	test.setTimeout(120_000);
	const leader = await signedIn(browser, server.url, await server.token('leader', '王晓芳'));
	await leader.plan.goto(server.url);
	await leader.plan.editor.click();
	await leader.page.keyboard.type('学校每学期组织一次疏散演练。');
	await leader.versions.goto(server.url);
	await leader.versions.save('初稿');
	await expect(leader.versions.row('初稿').getByTestId('version-delete')).toBeVisible();
	await leader.plan.expectSynced();

	const dept = await signedIn(browser, server.url, await server.token('dept', '李强'));
	await dept.versions.goto(server.url);
	await expect(dept.page.getByTestId('version-readonly')).toHaveText(
		'只有领导小组和办公室可以保存或恢复版本；你可以查看和比较。'
	);
	await expect(dept.page.getByTestId('version-save')).toHaveCount(0);
	const row = dept.versions.row('初稿');
	await expect(row).toBeVisible();
	await expect(row.getByTestId('version-restore')).toHaveCount(0);
	await expect(row.getByTestId('version-delete')).toHaveCount(0);
	for (const { context } of [leader, dept]) await context.close();
});
