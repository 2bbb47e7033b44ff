import type { Browser } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { PHONE } from './pages/photos.ts';
import { PlanPage } from './pages/plan-page.ts';
import { ProposalsPage } from './pages/proposals-page.ts';

// The office imports the school's plan on the page and accepts what it says into the duty board
// and the compliance settings, one proposal at a time; a leader watching 责任 sees it arrive.
// Screenshots go to tests/e2e/.output/screens for a person to look at.
const SCREENS = 'tests/e2e/.output/screens';
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const EXAMPLE = 'tests/fixtures/plans/000_f92f3527b0d669fc.txt';

async function signedIn(browser: Browser, origin: string, token: string, options: object = DESKTOP) {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await new HomePage(page).signIn(origin, token);
	return { context, page };
}

test('the office imports a plan file, accepts its domains and group, rejects a rule; 责任 shows them live', async ({
	browser,
	server
}) => {
	test.setTimeout(240_000);
	// A leader keeps 责任 open: nothing accepted yet.
	const leader = await signedIn(browser, server.url, await server.token('leader', '王晓芳'));
	await leader.page.goto(`${server.url}/duty`);
	await expect(leader.page.getByTestId('duty-group')).toContainText('尚未设置');
	await expect(leader.page.getByTestId('duty-domains')).toContainText('教学活动安全管理');

	const office = await signedIn(browser, server.url, await server.token('office', '周尹尹'));
	const plan = new PlanPage(office.page);
	await plan.goto(server.url);
	const empty = office.page.getByTestId('plan-empty');
	await expect(empty).toContainText('方案还是空的');

	// Files that are no plan are refused with what to do instead, and nothing is imported.
	await empty.getByTestId('plan-import-open').click();
	const dialog = office.page.getByTestId('plan-import');
	const file = dialog.getByTestId('plan-import-file');
	await file.setInputFiles({ name: '方案.doc', mimeType: 'application/msword', buffer: Buffer.from('x') });
	await expect(dialog.getByTestId('plan-import-problem')).toContainText('另存为 .docx');
	await file.setInputFiles({ name: '空白.txt', mimeType: 'text/plain', buffer: Buffer.from('  \n') });
	await expect(dialog.getByTestId('plan-import-problem')).toContainText('文件里没有文字');
	await expect(dialog.getByTestId('plan-import-submit')).toBeDisabled();

	// The plan file: its outline is previewed before anything is written.
	await file.setInputFiles(EXAMPLE);
	const preview = dialog.getByTestId('plan-import-preview');
	await expect(preview).toContainText('识别出 14 个标题');
	await expect(preview.getByRole('listitem').first()).toHaveText('一、指导思想');
	await expect(preview).toContainText('（一）校长职责');
	await expect(dialog.getByTestId('plan-import-problem')).toHaveCount(0);
	await expect(dialog.getByTestId('plan-import-replaces')).toHaveCount(0);
	await office.page.screenshot({ path: `${SCREENS}/desktop-plan-import-preview.png` });
	await dialog.getByTestId('plan-import-submit').click();
	await expect(dialog).toBeHidden();
	await expect(plan.editor.locator('h1').first()).toHaveText('一、指导思想');
	await expect(plan.paragraph('组  长：王晓芳')).toBeVisible();
	await expect(empty).toHaveCount(0);

	// The proposals, from the text just imported.
	await office.page.getByTestId('plan-proposals-open').click();
	await office.page.waitForURL(`${server.url}/plan/proposals`);
	const proposals = new ProposalsPage(office.page);
	await expect(proposals.card('group')).toHaveAttribute('data-state', 'new');
	await expect(proposals.card('group')).toContainText('薛建平、章方辉');
	// The workspace was seeded from this plan: eight domains are already the same, one is worded otherwise.
	await expect(proposals.section('domain').getByTestId('proposals-same')).toContainText('8 项与现有一致');
	await expect(proposals.card('domain:学校的教学活动安全管理')).toHaveAttribute('data-state', 'differs');
	await office.page.screenshot({ path: `${SCREENS}/desktop-plan-proposals.png`, fullPage: true });

	expect(await proposals.acceptAll('domain')).toBe(1);
	await expect(proposals.section('domain').getByTestId('proposals-same')).toContainText('9 项与现有一致');
	await proposals.accept('group');
	await proposals.accept('rule:meeting:quarter');
	await proposals.reject('rule:education:day');
	await expect(office.page.getByTestId('proposals-rejected')).toContainText('不采纳的建议（1）');

	// Where it went: the leader's 责任, without a reload.
	const group = leader.page.getByTestId('duty-group');
	await expect(group).toContainText('王晓芳');
	await expect(group).toContainText('薛建平、章方辉');
	await expect(group).toContainText('王晓华、周尹尹、黄春');
	const domain = leader.page.getByTestId('duty-domains').getByRole('row', { name: '学校的教学活动安全管理' });
	await expect(domain).toContainText('教务处、德育处');
	await expect(leader.page.getByTestId('duty-office')).toContainText('尚未设置');
	await leader.page.screenshot({ path: `${SCREENS}/desktop-duty.png`, fullPage: true });
	await leader.page.goto(`${server.url}/compliance`);
	await expect(leader.page.getByTestId('compliance-rules')).toContainText(
		'每季度召开安全工作会议，由校长主持'
	);
	await expect(leader.page.getByTestId('compliance-rules')).not.toContainText('安全教育');
	await leader.page.screenshot({ path: `${SCREENS}/desktop-compliance.png` });

	// The rejection is remembered: after a reload the rule is not proposed again.
	await office.page.reload();
	await expect(proposals.card('group')).toHaveAttribute('data-state', 'same');
	await expect(proposals.card('rule:education:day')).toHaveCount(0);
	await expect(office.page.getByTestId('proposals-rejected')).toContainText('不采纳的建议（1）');
	expect(await seriousViolations(office.page)).toEqual([]);

	// On a phone: the proposals, and importing over the plan asks first and saves a version.
	const phone = await signedIn(browser, server.url, await server.token('office', '王晓华'), PHONE);
	await phone.page.goto(`${server.url}/plan/proposals`);
	await expect(new ProposalsPage(phone.page).card('office')).toHaveAttribute('data-state', 'new');
	await phone.page.screenshot({ path: `${SCREENS}/phone-plan-proposals.png` });
	await phone.page.goto(`${server.url}/duty`);
	await expect(phone.page.getByTestId('duty-group')).toContainText('王晓芳');
	await phone.page.screenshot({ path: `${SCREENS}/phone-duty.png`, fullPage: true });
	await phone.page.goto(`${server.url}/plan`);
	await phone.page.getByTestId('plan-import-open').click();
	const phoneDialog = phone.page.getByTestId('plan-import');
	await phoneDialog
		.getByTestId('plan-import-text')
		.fill('一、总则\n全校师生共同遵守。\n二、职责\n各部门按职责落实。');
	await expect(phoneDialog.getByTestId('plan-import-preview')).toContainText('识别出 2 个标题');
	await expect(phoneDialog.getByTestId('plan-import-replaces')).toContainText('导入前');
	await expect(phoneDialog.getByTestId('plan-import-submit')).toHaveText('保存版本并替换');
	await phone.page.screenshot({ path: `${SCREENS}/phone-plan-import-preview.png` });

	for (const { context } of [leader, office, phone]) await context.close();
});
