import { expect, test } from './support/fixtures.ts';
import { DocClient } from './support/doc-client.ts';
import { HomePage } from './pages/home-page.ts';
import { HazardPage } from './pages/hazard-page.ts';
import { LedgerPage } from './pages/ledger-page.ts';
import { PHONE } from './pages/photos.ts';
import { RoundPage } from './pages/round-page.ts';
import { ItemHazards } from './pages/round-hazard.ts';
import { seriousViolations } from './support/axe.ts';
import { setMemberDepts } from '../../src/lib/model/duty.ts';

const SCREENS = 'tests/e2e/.output/screens';
const CHINA = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const;
const TITLE = '2026年11月 月度安全检查';
/** 3.2 灭火器材是否完好、好用: after 4 items of 校舍 and 3 of 食品卫生. */
const EXTINGUISHERS = 8;
const NOTE = '实验楼三楼东侧两具灭火器压力不足';

test('a failed item registers a hazard that a second context sees in the ledger with the item’s note; its badge follows the hazard live', async ({
	browser,
	server
}) => {
	test.setTimeout(180_000);
	const office = await server.member('office', '周尹尹');
	const head = await server.member('dept', '王晓华');
	// The head acts for 总务处, an owner of 学校内部安全管理 (where 消防安全 maps).
	const duty = await DocClient.open(server, 'duty', office.token);
	await duty.write((doc) =>
		setMemberDepts(doc, head.memberId, ['general-affairs'], { id: office.memberId, name: '周尹尹' })
	);
	duty.close();

	const officeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...CHINA });
	const officePage = await officeContext.newPage();
	await new HomePage(officePage).signIn(server.url, office.token);
	await new HomePage(officePage).createRound(TITLE);

	const inspectorContext = await browser.newContext({ ...PHONE, ...CHINA });
	const page = await inspectorContext.newPage();
	await new HomePage(page).signIn(server.url, await server.token('inspector', '黄春'));
	await new HomePage(page).openRound(TITLE);
	const round = new RoundPage(page);
	await round.waitForChecklist();
	const hazards = new ItemHazards(round, EXTINGUISHERS);

	// A passed item offers nothing; a failed one offers both actions.
	await round.answer(EXTINGUISHERS - 1, 'pass');
	await expect(round.item(EXTINGUISHERS - 1).getByTestId('register-hazard')).toHaveCount(0);
	await round.answer(EXTINGUISHERS, 'fail');
	await (await round.note(EXTINGUISHERS)).fill(NOTE);
	await expect(hazards.item.getByTestId('link-hazard')).toBeVisible();

	// The sheet holds what the item knows, to check before registering.
	const sheet = await hazards.openRegister();
	await expect(sheet.getByRole('textbox', { name: '地点' })).toHaveValue(
		'消防安全 · 3.2 灭火器材是否完好、好用'
	);
	await expect(sheet.getByRole('textbox', { name: '隐患描述' })).toHaveValue(NOTE);
	await expect(sheet.getByRole('combobox', { name: '隐患类别' })).toHaveValue('internal-management');
	await page.screenshot({ path: `${SCREENS}/phone-round-register-hazard.png` });
	expect(await seriousViolations(page)).toEqual([]);
	await sheet.getByRole('textbox', { name: '地点' }).fill('实验楼三楼东侧');
	await hazards.register();
	const number = (await hazards.badges.first().locator('.number').textContent()) ?? '';
	expect(number).toMatch(/^\d{4}-\d{2}-[A-Z]+-001$/);
	await hazards.expectBadge(number, 'registered', '已登记');
	await round.expectSynced();

	// The department head, in another context, finds it in the ledger with the item's note.
	const headContext = await browser.newContext({ ...PHONE, ...CHINA });
	const headPage = await headContext.newPage();
	await new HomePage(headPage).signIn(server.url, head.token);
	const ledger = new LedgerPage(headPage);
	await ledger.goto(server.url, '?view=all');
	await expect(ledger.row(number)).toContainText('实验楼三楼东侧');
	await expect(ledger.row(number)).toContainText(NOTE);
	await ledger.row(number).click();
	const hazard = new HazardPage(headPage);
	await expect(hazard.number).toHaveText(number);
	await expect(hazard.field('description')).toContainText(NOTE);
	await expect(headPage.getByTestId('hazard-source')).toHaveText(
		`来自巡检：${TITLE} · 3.2 灭火器材是否完好、好用`
	);

	await headPage.screenshot({ path: `${SCREENS}/phone-hazard-from-round.png` });

	// The head starts rectifying: the inspector's item follows without a reload.
	await hazard.move('start');
	await hazards.expectBadge(number, 'rectifying', '整改中');
	await hazards.item.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/phone-round-item-hazard.png` });

	// The item's badge leads to the hazard; the hazard leads back to the round.
	await hazards.badges.first().click();
	await expect(new HazardPage(page).number).toHaveText(number);
	await page.getByTestId('hazard-source-link').click();
	await round.waitForChecklist();
	await hazards.expectBadge(number, 'rectifying', '整改中');

	// Another failed item links the same hazard (关联已有隐患), found by its number.
	await round.answer(EXTINGUISHERS + 1, 'fail');
	const alarm = new ItemHazards(round, EXTINGUISHERS + 1);
	await alarm.link(number.slice(-5), number);
	await alarm.expectBadge(number, 'rectifying', '整改中');
	await expect(headPage.getByTestId('hazard-source')).toHaveCount(2);
	await expect(headPage.getByTestId('hazard-source').nth(1)).toContainText('关联巡检：');

	// The office's page shows the badge too.
	const officeRound = new RoundPage(officePage);
	await officeRound.waitForChecklist();
	const officeItem = new ItemHazards(officeRound, EXTINGUISHERS);
	await officeItem.expectBadge(number, 'rectifying', '整改中');
	await officeItem.item.scrollIntoViewIfNeeded();
	await officePage.screenshot({ path: `${SCREENS}/desktop-round-item-hazard.png` });
	await officeContext.close();
	await inspectorContext.close();
	await headContext.close();
});

test('a viewer sees a failed item’s hazard but no action', async ({ browser, server }) => {
	test.setTimeout(150_000);
	const office = await server.member('office', '周尹尹');
	const officeContext = await browser.newContext({ ...PHONE, ...CHINA });
	const officePage = await officeContext.newPage();
	await new HomePage(officePage).signIn(server.url, office.token);
	await new HomePage(officePage).createRound(TITLE);
	const officeRound = new RoundPage(officePage);
	await officeRound.waitForChecklist();
	await officeRound.answer(0, 'fail');
	const raised = new ItemHazards(officeRound, 0);
	await raised.openRegister();
	await raised.register();
	await officeRound.expectSynced();

	const viewerContext = await browser.newContext({ ...PHONE, ...CHINA });
	const page = await viewerContext.newPage();
	await new HomePage(page).signIn(server.url, await server.token('viewer', '教育局'));
	await new HomePage(page).openRound(TITLE);
	const round = new RoundPage(page);
	await round.waitForChecklist();
	const seen = new ItemHazards(round, 0);
	await expect(seen.badges).toHaveCount(1);
	await expect(seen.item.getByTestId('register-hazard')).toHaveCount(0);
	await expect(seen.item.getByTestId('link-hazard')).toHaveCount(0);
	await officeContext.close();
	await viewerContext.close();
});
