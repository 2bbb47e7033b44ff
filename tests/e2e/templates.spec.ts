import type { Browser, BrowserContextOptions } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { PHONE } from './support/devices.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';
import { TemplatePage } from './pages/template-page.ts';

// The checklist template (检查表模板), the monthly schedule, and a round's team and areas.
const SCREENS = 'tests/e2e/.output/screens';
const SWITCHES = '开关是否完好无损坏';
const HYDRANTS = '消防栓是否有水';

async function open(browser: Browser, options: BrowserContextOptions = {}) {
	const context = await browser.newContext(options);
	return { context, page: await context.newPage() };
}

test('the office moves an item, adds one and publishes: new rounds use it, older rounds keep theirs', async ({
	browser,
	server
}) => {
	const { page } = await open(browser, { viewport: { width: 1280, height: 900 } });
	const home = new HomePage(page);
	await home.signIn(server.url, await server.token('office', '周尹尹'));
	// The schedule's default: this month's round is due by the end of the month.
	await expect(page.getByTestId('round-due')).toContainText('月度安全检查还没有开始');
	await expect(page.getByTestId('round-due')).toContainText(/前完成|今天（.+）是截止日期/);
	const oldId = await home.createRound('2026年11月 月度安全检查');
	await new RoundPage(page).waitForChecklist();

	await home.openRoundList();
	await expect(page.getByTestId('round-due')).toHaveCount(0);
	const template = new TemplatePage(page);
	await template.openFromRounds();
	await expect(page.getByTestId('template-status')).toContainText('第 1 版');
	await expect(page.getByTestId('draft-changes')).toHaveText('草稿与已发布的版本相同。');
	await expect(page.getByTestId('publish')).toBeDisabled();

	await template.moveItemTo(SWITCHES, '校舍及设施设备');
	expect(await template.itemTexts('食品卫生')).not.toContain(SWITCHES);
	await template.addItem('消防安全', HYDRANTS);
	// Reordering works from the keyboard, and the focus stays on the button pressed.
	const up = template.item(HYDRANTS).getByRole('button', { name: /上移第/ });
	await up.focus();
	await page.keyboard.press('Enter');
	await expect.poll(async () => (await template.itemTexts('消防安全')).at(-2)).toBe(HYDRANTS);
	await expect(template.item(HYDRANTS).getByRole('button', { name: /上移第/ })).toBeFocused();
	await expect(page.getByTestId('draft-changes')).toHaveText(
		'未发布的修改：新增 1 · 修改 0 · 移动 1 · 停用 0'
	);
	await page.screenshot({ path: `${SCREENS}/desktop-template-editor.png` });
	expect(await seriousViolations(page)).toEqual([]);

	await template.publish();
	await expect(page.getByTestId('template-status')).toContainText('第 2 版 · 周尹尹 发布于');
	await page.getByTestId('template-history').locator('summary').click();
	await expect(page.getByTestId('template-version')).toHaveCount(2);

	// A round created now has the new checklist.
	await home.createRound('2026年11月 补充检查');
	const round = new RoundPage(page);
	await round.waitForChecklist();
	await expect(round.items()).toHaveCount(19);
	const areas = page.getByTestId('checklist-area');
	await expect(
		areas.filter({ hasText: '校舍及设施设备' }).getByTestId('checklist-item').last()
	).toContainText(SWITCHES);
	await expect(areas.filter({ hasText: '食品卫生' })).not.toContainText(SWITCHES);
	await expect(areas.filter({ hasText: '消防安全' })).toContainText(HYDRANTS);

	// The older round keeps the checklist it was made with.
	await page.goto(`${server.url}/rounds/${oldId}`);
	await round.waitForChecklist();
	await expect(round.items()).toHaveCount(18);
	await expect(areas.filter({ hasText: '食品卫生' })).toContainText(SWITCHES);
	await expect(areas.filter({ hasText: '消防安全' })).not.toContainText(HYDRANTS);
});

test('an inspector assigned an area sees it first, and presence says where the others are', async ({
	browser,
	server
}) => {
	await server.member('inspector', '王晓华');
	const office = await open(browser, PHONE);
	const officeHome = new HomePage(office.page);
	await officeHome.signIn(server.url, await server.token('office', '周尹尹'));

	// The editor on a phone, screenshotted and checked.
	await officeHome.openRoundList();
	const template = new TemplatePage(office.page);
	await template.openFromRounds();
	await expect(template.item(SWITCHES)).toBeVisible();
	await office.page.screenshot({ path: `${SCREENS}/phone-template-editor.png` });
	await template.area('消防安全').scrollIntoViewIfNeeded();
	await office.page.screenshot({ path: `${SCREENS}/phone-template-editor-area.png` });
	expect(await seriousViolations(office.page)).toEqual([]);

	// The team is picked when the round is created; the area on the round page.
	await officeHome.openRoundList();
	await office.page.getByTestId('new-round').click();
	const dialog = office.page.getByRole('dialog');
	await dialog.getByTestId('new-round-team').getByLabel('王晓华').check();
	await dialog.getByRole('button', { name: '创建' }).click();
	await office.page.waitForURL(/\/rounds\/[\w-]+$/);
	const officeRound = new RoundPage(office.page);
	await officeRound.waitForChecklist();
	await expect(office.page.getByTestId('team-member')).toHaveText(/王晓华\s*未分配区域/);
	await office.page.getByTestId('edit-team').click();
	const team = office.page.getByTestId('team-dialog');
	await expect(team.getByRole('checkbox', { name: '王晓华' })).toBeChecked();
	expect(await seriousViolations(office.page)).toEqual([]);
	await team.getByRole('group', { name: '王晓华负责的区域' }).getByLabel('消防安全').check();
	await office.page.screenshot({ path: `${SCREENS}/phone-team-dialog.png` });
	await team.getByTestId('team-save').click();
	await expect(office.page.getByTestId('team-member')).toHaveText(/王晓华\s*负责：消防安全/);

	// The inspector finds 消防安全 first, marked as theirs.
	const inspector = await open(browser, PHONE);
	const inspectorHome = new HomePage(inspector.page);
	await inspectorHome.signIn(server.url, await server.token('inspector', '王晓华'));
	await inspectorHome.openRound('月度安全检查');
	const inspectorRound = new RoundPage(inspector.page);
	await inspectorRound.waitForChecklist();
	const first = inspector.page.getByTestId('checklist-area').first();
	await expect(first).toContainText('（三）消防安全');
	await expect(first.getByTestId('my-area')).toHaveText('我的区域');
	await inspector.page.screenshot({ path: `${SCREENS}/phone-my-area.png` });

	// The office works in 食品卫生: the inspector's presence bar says so.
	await officeRound.note(4);
	await expect(inspector.page.getByTestId('presence-peer')).toHaveText('周尹尹 · 食品卫生');

	// Inspectors read the template; they cannot edit it.
	await inspectorHome.openRoundList();
	await expect(inspector.page.getByTestId('template-link')).toHaveText('查看检查表');
	await new TemplatePage(inspector.page).openFromRounds();
	await expect(inspector.page.getByTestId('template-readonly')).toBeVisible();
	await expect(inspector.page.getByTestId('draft-item')).toHaveCount(0);
	await expect(inspector.page.getByTestId('template-item')).toHaveCount(18);
});
