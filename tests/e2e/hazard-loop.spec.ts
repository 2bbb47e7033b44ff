import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from './support/fixtures.ts';
import { seriousViolations } from './support/axe.ts';
import { DocClient } from './support/doc-client.ts';
import type { ServerProcess } from './support/server.ts';
import { HomePage } from './pages/home-page.ts';
import { HazardPage } from './pages/hazard-page.ts';
import { PHONE, cameraPhoto } from './pages/photos.ts';
import { setMemberDepts } from '../../src/lib/model/duty.ts';
import { SEED_DOMAINS } from '../../src/lib/model/duty-seed.ts';
import { moveHazard, registerHazard, type MemberContext } from '../../src/lib/model/ledger.ts';
import { chinaDate } from '../../src/lib/model/time.ts';

const SCREENS = 'tests/e2e/.output/screens';
const DAY = 24 * 60 * 60 * 1000;

/**
 * The whole page in pieces a person can read: a tall page shrinks to illegible in one image, and
 * a full-page capture paints the fixed bars over the middle. Segments of one viewport each.
 */
async function shoot(page: Page, name: string): Promise<void> {
	const viewport = page.viewportSize() ?? { width: 390, height: 844 };
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	for (let y = 0, part = 1; y < height; y += viewport.height - 80, part++) {
		await page.evaluate((top) => window.scrollTo(0, top), y);
		await page.waitForTimeout(100);
		await page.screenshot({ path: `${SCREENS}/${name}-${part}.png` });
	}
	await page.evaluate(() => window.scrollTo(0, 0));
}

/** What the config's `use` gives its own contexts; contexts made by hand need it said. */
const CHINA = { locale: 'zh-CN', timezoneId: 'Asia/Shanghai' } as const;

interface Member {
	context: MemberContext;
	token: string;
}

async function member(server: ServerProcess, role: 'office' | 'dept' | 'inspector' | 'viewer', name: string) {
	const { memberId, token } = await server.member(role, name);
	return { context: { id: memberId, name, role, deptIds: [] }, token } satisfies Member;
}

/** A browser context signed in as `who`, on the hazard's page. */
async function open(
	context: BrowserContext,
	server: ServerProcess,
	who: Member,
	id: string
): Promise<{ page: Page; hazard: HazardPage }> {
	const page = await context.newPage();
	await new HomePage(page).signIn(server.url, who.token);
	const hazard = new HazardPage(page);
	await hazard.goto(server.url, id);
	return { page, hazard };
}

/** The inspector registers a hazard (the quick report's screen is another part of the app). */
async function register(server: ServerProcess, inspector: Member, level: '一般' | '重大'): Promise<string> {
	const ledger = await DocClient.open(server, 'ledger', inspector.token);
	let id = '';
	await ledger.write((doc) => {
		id = registerHazard(
			doc,
			{
				place: '教学楼东侧消防通道',
				description: '通道堆放桌椅杂物，影响疏散',
				domain: 'safe-campus',
				level
			},
			inspector.context,
			'A'
		).id;
	});
	ledger.close();
	return id;
}

test('a hazard runs its whole loop, each step seen live by the inspector, the department and the office', async ({
	browser,
	server
}) => {
	test.setTimeout(240_000);
	const inspector = await member(server, 'inspector', '李明');
	const head = await member(server, 'dept', '王晓华');
	const office = await member(server, 'office', '周尹尹');
	// The office names the department the head acts for (the settings screen is another part).
	const duty = await DocClient.open(server, 'duty', office.token);
	await duty.write((doc) => setMemberDepts(doc, head.context.id, ['general-affairs'], office.context));
	duty.close();
	const id = await register(server, inspector, '重大');

	const inspectorContext = await browser.newContext({ ...PHONE, ...CHINA });
	// Service workers off: the test holds back the head's photo uploads with a route.
	const headContext = await browser.newContext({ ...PHONE, ...CHINA, serviceWorkers: 'block' });
	const officeContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...CHINA });
	const a = await open(inspectorContext, server, inspector, id);
	const b = await open(headContext, server, head, id);
	const c = await open(officeContext, server, office, id);
	const all = [a.hazard, b.hazard, c.hazard];

	// Registered: the number is the same everywhere; the domain's department (安保处) is awaited.
	const number = await a.hazard.number.textContent();
	expect(number).toMatch(/^\d{4}-\d{2}-A-001$/);
	for (const page of all) {
		await expect(page.number).toHaveText(number ?? '');
		await page.expectState('registered');
		await expect(page.page.getByTestId('hazard-level')).toHaveText('重大隐患');
		await expect(page.page.getByTestId('report-countdown')).toContainText(/还剩 2[34] 小时/);
		await expect(page.waiting).toHaveText('等待安保处整改');
		await page.expectMoves();
	}
	// Only the office may change the routing; the finder may change what was found.
	await expect(c.hazard.field('ownerDept').getByRole('combobox')).toBeVisible();
	await expect(a.hazard.field('ownerDept').getByRole('combobox')).toHaveCount(0);
	await expect(a.hazard.field('place').getByRole('textbox')).toBeVisible();
	await expect(b.hazard.field('place').getByRole('textbox')).toHaveCount(0);
	await expect(b.page.getByTestId('report-box')).toContainText('上报后由办公室');
	// Who else is here.
	await expect(c.page.getByTestId('presence-peer')).toHaveCount(2);
	await b.page.screenshot({ path: `${SCREENS}/phone-hazard-registered.png` });
	await c.page.screenshot({ path: `${SCREENS}/desktop-hazard-registered.png` });

	// The office records the report to the bureau: the countdown ends on every page.
	await c.page.getByTestId('report-ref').fill('校安〔2026〕3号');
	await c.page.getByTestId('report-save').click();
	for (const page of all) {
		await expect(page.page.getByTestId('report-done')).toHaveText('已上报 · 文号 校安〔2026〕3号');
		await expect(page.page.getByTestId('report-countdown')).toHaveCount(0);
	}

	// The office assigns 总务处 with yesterday's deadline: the head may now start; everyone sees it late.
	await c.hazard.choose('ownerDept', '总务处');
	await c.hazard
		.field('deadline')
		.getByRole('textbox')
		.fill(chinaDate(Date.now() - DAY));
	await c.hazard.field('deadline').getByRole('textbox').blur();
	await b.hazard.expectMoves('start');
	await expect(a.hazard.waiting).toHaveText('等待总务处整改');
	for (const page of all) await expect(page.page.getByTestId('hazard-overdue')).toHaveText('已逾期 1 天');
	// A required field emptied keeps what was typed and says why, in Chinese.
	const place = c.hazard.field('place').getByRole('textbox');
	await place.fill('   ');
	await place.blur();
	await expect(c.hazard.field('place').getByTestId('field-error')).toHaveText('请填写地点。');
	await expect(place).toHaveValue('   ');
	await place.fill('教学楼东侧一楼消防通道');
	await place.blur();
	await expect(c.hazard.field('place').getByTestId('field-error')).toHaveCount(0);
	await expect(b.hazard.field('place')).toContainText('教学楼东侧一楼消防通道');

	// The department starts, and writes its measures, which the office sees as typed.
	await b.hazard.move('start');
	for (const page of all) await page.expectState('rectifying');
	await b.hazard.field('measures').getByRole('textbox').fill('清理杂物，设置禁止堆放标识');
	await expect(c.hazard.field('measures').getByRole('textbox')).toHaveValue('清理杂物，设置禁止堆放标识');

	// Submitting needs the rectification record: the form says so and keeps the photo.
	const form = await b.hazard.open('submit');
	await form.getByTestId('move-confirm').click();
	await expect(form.getByRole('alert')).toHaveText('请填写整改情况。');
	await expect(form.getByTestId('move-comment')).toHaveAttribute('aria-invalid', 'true');
	// Its photo stays on the head's phone for now (uploads held back): others see whose it is.
	await headContext.route('**/api/blobs/**', (route) =>
		route.request().method() === 'PUT' ? route.abort() : route.continue()
	);
	await form
		.getByTestId('photo-input')
		.setInputFiles(await cameraPhoto(b.page, { width: 1600, height: 1200, seed: 7 }));
	await expect(form.getByTestId('photo-thumb')).toHaveCount(1);
	await form.getByTestId('move-comment').fill('已清理通道杂物');
	await expect(form.getByRole('alert')).toHaveCount(0);
	await form.scrollIntoViewIfNeeded();
	await b.page.screenshot({ path: `${SCREENS}/phone-hazard-submit.png` });
	await form.getByTestId('move-confirm').click();
	for (const page of all) await page.expectState('awaiting_reinspection');
	await a.hazard.expectMoves('pass', 'reject');
	await a.page.screenshot({ path: `${SCREENS}/phone-hazard-reinspect.png` });
	await b.hazard.expectMoves();
	await expect(b.hazard.waiting).toHaveText('等待检查员或办公室复查');
	const submitted = c.hazard.lastEntry();
	await expect(submitted).toHaveAttribute('data-move', 'submit');
	await expect(submitted.getByTestId('timeline-comment')).toHaveText('已清理通道杂物');
	await expect(submitted.getByTestId('photo-waiting')).toHaveText('待上传（王晓华的手机）');
	await headContext.unrouteAll();
	await expect(submitted.getByTestId('photo-thumb')).toHaveAttribute('data-state', 'ready', {
		timeout: 60_000
	});

	// The inspector rejects with a reason and a new deadline: back to rectifying, no longer late.
	const newDeadline = chinaDate(Date.now() + 3 * DAY);
	await a.hazard.move('reject', { comment: '仍有杂物未清理', deadline: newDeadline });
	for (const page of all) {
		await page.expectState('rectifying');
		await expect(page.page.getByTestId('hazard-overdue')).toHaveCount(0);
		await expect(page.lastEntry()).toHaveAttribute('data-move', 'reject');
		await expect(page.lastEntry()).toContainText('仍有杂物未清理');
	}
	await expect(c.hazard.page.getByTestId('step-not-fixed')).toContainText(newDeadline);

	// Rectified again, re-inspected, passed.
	await b.hazard.move('submit', { comment: '已全部清理，加装禁止堆放标识' });
	for (const page of all) await page.expectState('awaiting_reinspection');
	await a.hazard.move('pass', { comment: '通道畅通' });
	for (const page of all) await page.expectState('verified');
	await c.hazard.expectMoves('close');
	await expect(a.hazard.waiting).toHaveText('复查已通过，等待办公室销号');
	await expect(b.hazard.waiting).toHaveText('复查已通过，等待办公室销号');

	// The office closes it (销号).
	await c.hazard.move('close');
	for (const page of all) {
		await page.expectState('closed');
		await expect(page.waiting).toHaveText('已销号，闭环完成');
		// 登记, 开始整改, 提交复查, 复查不通过, 提交复查, 复查通过, 销号.
		await expect(page.timeline).toHaveCount(7);
		await expect(page.page.locator('[data-testid="timeline-entry"][data-mark="applied"]')).toHaveCount(7);
	}
	// Closed: only the office's remarks stay editable.
	await expect(c.page.locator('[data-testid^="field-"][data-editable="true"]')).toHaveCount(1);
	await expect(c.hazard.field('remarks')).toHaveAttribute('data-editable', 'true');
	await expect(c.page.getByTestId('step-closed')).toContainText('周尹尹');

	await shoot(b.page, 'phone-hazard');
	await shoot(c.page, 'desktop-hazard');
	expect(await seriousViolations(b.page)).toEqual([]);
	expect(await seriousViolations(c.page)).toEqual([]);
	await inspectorContext.close();
	await headContext.close();
	await officeContext.close();
});

test('a move that lost a race with another device stays in the timeline, struck; a viewer only reads', async ({
	browser,
	server
}) => {
	const inspector = await member(server, 'inspector', '李明');
	const office = await member(server, 'office', '周尹尹');
	const viewer = await member(server, 'viewer', '教育局');
	const headMember = await member(server, 'dept', '王晓华');
	const head: Member = { ...headMember, context: { ...headMember.context, deptIds: ['security'] } };
	// Each member writes with their own token: the server takes moves only from their author.
	const duty = await DocClient.open(server, 'duty', office.token);
	await duty.write((doc) => setMemberDepts(doc, head.context.id, ['security'], office.context));
	duty.close();
	const id = await register(server, inspector, '一般');
	const owners = new Map(SEED_DOMAINS.map((domain) => [domain.id, domain.owners]));
	const now = Date.now();
	const headLedger = await DocClient.open(server, 'ledger', head.token);
	await headLedger.write((doc) => {
		moveHazard(doc, id, 'start', head.context, owners, { now: now - 5000 });
		moveHazard(doc, id, 'submit', head.context, owners, { comment: '已清理', now: now - 4000 });
	});
	headLedger.close();
	const ledger = await DocClient.open(server, 'ledger', office.token);
	const inspectorLedger = await DocClient.open(server, 'ledger', inspector.token);
	// The inspector passes it on a phone offline; the office, not knowing, rejects it a moment later.
	const offline = inspectorLedger.offlineCopy();
	moveHazard(offline, id, 'pass', inspector.context, new Map(), { now: now - 2000 });
	await ledger.write((doc) =>
		moveHazard(doc, id, 'reject', office.context, new Map(), { comment: '标识未设置', now: now - 1000 })
	);

	const context = await browser.newContext({ ...PHONE, ...CHINA });
	const { page, hazard } = await open(context, server, office, id);
	await hazard.expectState('rectifying');
	await hazard.expectMoves();
	// The phone comes back: the earlier pass wins, the rejection stays in the record, struck.
	await inspectorLedger.merge(offline);
	inspectorLedger.close();
	await hazard.expectState('verified');
	await hazard.expectMoves('close');
	const lost = hazard.timeline.filter({ has: page.locator('s') });
	await expect(lost).toHaveCount(1);
	await expect(lost).toHaveAttribute('data-mark', 'superseded');
	await expect(lost).toContainText('复查不通过');
	await expect(lost.getByTestId('timeline-mark')).toHaveText('与另一设备的操作冲突，未生效');
	await lost.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SCREENS}/phone-hazard-race.png` });
	ledger.close();

	// The bureau reads everything and writes nothing.
	const reader = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...CHINA });
	const seen = await open(reader, server, viewer, id);
	await expect(seen.page.getByTestId('readonly')).toBeVisible();
	await seen.hazard.expectMoves();
	await expect(seen.hazard.waiting).toHaveText('复查已通过，等待办公室销号');
	await expect(seen.page.locator('[data-testid^="field-"][data-editable="true"]')).toHaveCount(0);
	await expect(seen.page.getByTestId('hazard-page').locator('textarea, input, select')).toHaveCount(0);
	expect(await seriousViolations(seen.page)).toEqual([]);
	await context.close();
	await reader.close();
});
