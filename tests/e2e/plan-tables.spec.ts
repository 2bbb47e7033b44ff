import type { Browser } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { PlanPage } from './pages/plan-page.ts';

// Tables in the plan: a responsibility table typed in a meeting, rows and columns added and
// removed from the toolbar, seen by another member live. Screenshots (screen and print) go to
// tests/e2e/.output/screens.
const SCREENS = 'tests/e2e/.output/screens';

async function openPlan(browser: Browser, origin: string, token: string) {
	const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
	const page = await context.newPage();
	await new HomePage(page).signIn(origin, token);
	const plan = new PlanPage(page);
	await plan.goto(origin);
	return { context, page, plan };
}

test('a table is inserted, grows and shrinks by rows and columns, and another member sees it', async ({
	browser,
	server
}) => {
	test.setTimeout(120_000);
	const leader = await openPlan(browser, server.url, await server.token('leader', '王晓芳'));
	const { page, plan } = leader;
	await plan.editor.click();
	await plan.tool('h1');
	await page.keyboard.type('三、责任分工');
	await page.keyboard.press('Enter');
	await plan.tool('paragraph');

	// Only the insert button until the caret is in a table; then its rows and columns.
	await expect(page.getByTestId('plan-table-tools')).toHaveCount(0);
	await page.getByTestId('plan-tool-table').click();
	await expect(page.getByTestId('plan-tool-table')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId('plan-table-tools')).toBeVisible();
	const table = plan.editor.locator('table');
	await expect(table.locator('tr')).toHaveCount(3);
	await expect(table.locator('tr').first().locator('th')).toHaveCount(3);

	// The header row, then one row: Tab moves to the next cell.
	for (const text of ['部门', '负责领域', '负责人', '总务处', '食堂、宿舍安全', '周尹尹'])
		await page.keyboard.type(text).then(() => page.keyboard.press('Tab'));
	await page.keyboard.type('安保处');
	// A row added below the caret's row, filled, then removed again with the caret in it.
	await page.getByTestId('plan-table-rowAdd').click();
	await expect(table.locator('tr')).toHaveCount(4);
	await table.locator('tr').nth(3).locator('td').first().click();
	await page.keyboard.type('教务处');
	await page.getByTestId('plan-table-rowDelete').click();
	await expect(table.locator('tr')).toHaveCount(3);
	await expect(table).not.toContainText('教务处');
	// A column right of 负责人, named, then removed with the caret in it.
	await table.locator('th').nth(2).click();
	await page.getByTestId('plan-table-columnAdd').click();
	await expect(table.locator('th')).toHaveCount(4);
	await table.locator('th').nth(3).click();
	await page.keyboard.type('备注');
	await page.getByTestId('plan-table-columnDelete').click();
	await expect(table.locator('th')).toHaveText(['部门', '负责领域', '负责人']);
	await expect(table.locator('tr').nth(1)).toHaveText('总务处食堂、宿舍安全周尹尹');
	await plan.expectSynced();

	const office = await openPlan(browser, server.url, await server.token('office', '周尹尹'));
	const seen = office.plan.editor.locator('table');
	await expect(seen.locator('tr')).toHaveCount(3);
	await expect(seen.locator('th')).toHaveText(['部门', '负责领域', '负责人']);
	await expect(seen.locator('tr').nth(2)).toContainText('安保处');

	await page.screenshot({ path: `${SCREENS}/desktop-plan-table.png` });
	await page.emulateMedia({ media: 'print' });
	await page.screenshot({ path: `${SCREENS}/print-plan-table.png` });

	// The whole table goes, the text around it stays.
	await page.emulateMedia({ media: 'screen' });
	await table.locator('td').first().click();
	await page.getByTestId('plan-table-tableDelete').click();
	await expect(office.plan.editor.locator('table')).toHaveCount(0);
	await expect.poll(() => office.plan.text()).toContain('三、责任分工');
	expect(await office.plan.text()).not.toContain('总务处');
	for (const { context } of [leader, office]) await context.close();
});
