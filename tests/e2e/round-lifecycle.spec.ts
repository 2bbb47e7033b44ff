import { PHONE } from './support/devices.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { LifecycleBar } from './pages/lifecycle.ts';
import { RoundPage } from './pages/round-page.ts';
import { seriousViolations } from './support/axe.ts';

const SCREENS = 'tests/e2e/.output/screens';
const TITLE = '2026年11月 月度安全检查';

test('an inspector submits and signs by hand, the office signs by name and signs off, the round locks, and re-opens with a reason', async ({
	browser,
	server
}) => {
	const officeContext = await browser.newContext({ locale: 'zh-CN' });
	const officePage = await officeContext.newPage();
	const office = new HomePage(officePage);
	await office.signIn(server.url, await server.token('office', '周尹尹'));
	await office.createRound(TITLE);
	const officeRound = new RoundPage(officePage);
	await officeRound.waitForChecklist();

	const inspectorContext = await browser.newContext(PHONE);
	const page = await inspectorContext.newPage();
	await new HomePage(page).signIn(server.url, await server.token('inspector', '黄春'));
	await new HomePage(page).openRound(TITLE);
	const round = new RoundPage(page);
	const bar = new LifecycleBar(page);
	await round.waitForChecklist();
	await bar.expectState('检查中');

	// The inspector checks two items and submits the rest unchecked, after the list of them.
	await round.answer(0, 'pass');
	await round.answer(1, 'fail');
	const total = await round.items().count();
	expect(await bar.submit()).toBe(total - 2);
	await bar.expectState('已提交，待签字');
	await expect(bar.bar.getByTestId('signatures-missing')).toHaveText('待签字：黄春');

	// Signs by drawing on the pad.
	const dialog = await bar.openSignature();
	await bar.draw(dialog);
	await page.screenshot({ path: `${SCREENS}/phone-signature-dialog.png` });
	expect(await seriousViolations(page)).toEqual([]);
	await bar.confirmSignature(dialog);
	await expect(bar.signature('黄春').getByTestId('signature-drawing').locator('path')).toHaveCount(3);
	await expect(bar.bar.getByRole('button', { name: '签字', exact: true })).toHaveCount(0);

	// The office sees it live, signs by name and signs off.
	const officeBar = new LifecycleBar(officePage);
	await expect(officeBar.signature('黄春').getByTestId('signature-drawing')).toBeVisible();
	await officeBar.signByName();
	await expect(officeBar.signature('周尹尹').getByTestId('signature-by-name')).toHaveText('按姓名确认');
	await officeBar.signOff();
	await officeBar.bar.getByText('记录（4）').click();
	await expect(officeBar.bar.getByTestId('lifecycle-entry')).toHaveCount(4);
	expect(await seriousViolations(officePage)).toEqual([]);

	// The inspector's page turns read-only live, with the banner.
	await bar.expectState('已签字确认');
	await expect(page.getByTestId('signed-off-banner')).toContainText('由 周尹尹');
	await expect(round.item(2).locator('button[data-answer="pass"]')).toBeDisabled();
	await expect(bar.bar.getByRole('button')).toHaveCount(0);
	await round.expectSynced();
	await page.screenshot({ path: `${SCREENS}/phone-round-signed-off.png` });

	// Lists say so too, from the summary the server derives.
	await new HomePage(page).openRoundList();
	await expect(
		page.getByTestId('round-link').filter({ hasText: TITLE }).getByTestId('round-lifecycle')
	).toHaveText('已签字');
	await new HomePage(page).openRound(TITLE);
	await round.waitForChecklist();

	// The office re-opens with a reason; the inspector can answer again.
	await officeBar.reopen('1.2 的照片看不清，需要复查');
	await officeBar.expectState('检查中');
	await bar.expectState('检查中');
	await expect(page.getByTestId('reopened-note')).toContainText('1.2 的照片看不清，需要复查');
	await round.answer(2, 'pass');
	await round.expectSynced();
	await officeRound.expectAnswer(2, 'pass');
	await inspectorContext.close();
	await officeContext.close();
});
