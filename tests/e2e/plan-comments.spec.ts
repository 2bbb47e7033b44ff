import type { Browser } from '@playwright/test';
import { seriousViolations } from './support/axe.ts';
import { expect, test } from './support/fixtures.ts';
import { HomePage } from './pages/home-page.ts';
import { PHONE } from './pages/photos.ts';
import { PlanMeetingPage } from './pages/plan-meeting-page.ts';
import { PlanPage } from './pages/plan-page.ts';

// 方案's meeting aids: comments on passages, resolved in another context, and the decisions list.
// Screenshots go to tests/e2e/.output/screens for a person to look at.
const SCREENS = 'tests/e2e/.output/screens';
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PASSAGE = '每月开展一次全校安全检查';

async function openPlan(browser: Browser, origin: string, token: string, options: object = DESKTOP) {
	const context = await browser.newContext(options);
	const page = await context.newPage();
	await new HomePage(page).signIn(origin, token);
	const plan = new PlanPage(page);
	await plan.goto(origin);
	return { context, page, plan, meeting: new PlanMeetingPage(page) };
}

test('a comment on a passage is answered and resolved in another context; a phone comments; decisions are shared', async ({
	browser,
	server
}) => {
	test.setTimeout(180_000);
	const a = await openPlan(browser, server.url, await server.token('leader', '王晓芳'));
	await a.plan.editor.click();
	await a.plan.tool('h1');
	await a.page.keyboard.type('一、工作要求');
	await a.page.keyboard.press('Enter');
	await a.page.keyboard.type(`各部门${PASSAGE}，发现隐患及时整改。`);
	await a.page.keyboard.press('Enter');
	await a.page.keyboard.type('每学期组织一次应急疏散演练。');
	await a.plan.expectSynced();

	const b = await openPlan(browser, server.url, await server.token('leader', '薛建平'));
	await expect(b.plan.paragraph(PASSAGE)).toBeVisible();

	// A selects the passage and comments on it; B sees the thread and the passage marked, live.
	await a.meeting.comment(PASSAGE, '频次是否足够？建议宿舍楼每周查一次。');
	await expect(a.meeting.thread('频次是否足够')).toBeVisible();
	await expect(a.meeting.passage(PASSAGE)).toHaveText(PASSAGE);
	await expect(b.meeting.thread('频次是否足够')).toContainText('王晓芳');
	await expect(b.meeting.passage(PASSAGE)).toHaveText(PASSAGE);

	// Typing before the passage on A does not move or grow the marked passage on B.
	await a.plan.paragraph(PASSAGE).click();
	await a.page.keyboard.press('Home');
	await a.page.keyboard.type('学校');
	await expect.poll(() => b.plan.text()).toContain(`学校各部门${PASSAGE}`);
	await expect(b.meeting.passage(PASSAGE)).toHaveText(PASSAGE);

	// B clicks the marked passage: its thread is picked; B replies and resolves it.
	await b.meeting.passage(PASSAGE).click();
	await expect(b.meeting.thread('频次是否足够')).toHaveClass(/active/);
	const onB = b.meeting.thread('频次是否足够');
	await onB.getByTestId('comment-reply-input').fill('同意，改为宿舍楼每周一次。');
	await onB.getByTestId('comment-reply-send').click();
	await expect(onB.getByTestId('comment-reply')).toContainText('薛建平');
	await b.page.screenshot({ path: `${SCREENS}/desktop-plan-comments.png` });
	await onB.getByTestId('comment-resolve').click();

	// A sees it resolved: folded under 已解决, no longer marked in the text, with who resolved it.
	const onA = a.meeting.thread('频次是否足够');
	await expect(onA).toHaveAttribute('data-resolved', 'true');
	await expect(a.meeting.passage(PASSAGE)).toHaveCount(0);
	await a.page.getByTestId('comments-resolved').locator('summary').click();
	await expect(onA.getByTestId('comment-reply')).toContainText('同意，改为宿舍楼每周一次。');
	await expect(onA.getByTestId('comment-status')).toContainText('薛建平');
	// Picking it from the list shows its passage again.
	await onA.getByTestId('comment-passage').click();
	await expect(a.meeting.passage(PASSAGE)).toHaveClass(/active/);

	// An inspector on a phone reads the plan (read-only) and the resolved thread, and comments.
	const phone = await openPlan(browser, server.url, await server.token('inspector', '黄春'), PHONE);
	await expect(phone.plan.editor).toHaveAttribute('contenteditable', 'false');
	await phone.meeting.openSheet('comments');
	await expect(phone.page.getByTestId('comments-resolved')).toContainText('已解决的评论（1）');
	await phone.page.getByTestId('meeting-close').click();
	await phone.meeting.comment('每学期组织一次应急疏散演练', '演练前要通知家长吗？');
	await expect(phone.meeting.thread('演练前要通知家长吗')).toBeVisible();
	await phone.page.screenshot({ path: `${SCREENS}/phone-plan-comments.png` });
	await phone.page.getByTestId('meeting-close').click();
	await expect(a.meeting.thread('演练前要通知家长吗')).toContainText('黄春');
	await expect(a.meeting.passage('每学期组织一次应急疏散演练')).toBeVisible();
	await phone.plan.expectSynced();
	// Its text is unchanged by the comment: the phone wrote only the comment.
	expect(await phone.plan.text()).toBe(await a.plan.text());

	// A decision recorded on A shows on B, and B marks it done.
	await a.meeting.view('decisions');
	await a.page.getByTestId('decision-text').fill('宿舍楼每周检查一次消防通道');
	await a.page.getByTestId('decision-owner').fill('总务处');
	await a.page.getByTestId('decision-deadline').fill('2026-12-31');
	await a.page.getByTestId('decision-save').click();
	await expect(a.meeting.decision('宿舍楼每周检查')).toContainText('负责：总务处');
	await b.meeting.view('decisions');
	const onBDecision = b.meeting.decision('宿舍楼每周检查');
	await expect(onBDecision).toContainText('期限：2026-12-31');
	await b.page.screenshot({ path: `${SCREENS}/desktop-plan-decisions.png` });
	await onBDecision.getByTestId('decision-toggle').click();
	await expect(a.meeting.decision('宿舍楼每周检查')).toHaveAttribute('data-status', 'done');
	await expect(a.meeting.decision('宿舍楼每周检查')).toContainText('薛建平');

	// The phone reads the decisions, and may not add any.
	await phone.meeting.openSheet('decisions');
	await expect(phone.meeting.decision('宿舍楼每周检查')).toHaveAttribute('data-status', 'done');
	await expect(phone.page.getByTestId('decision-add')).toHaveCount(0);
	await phone.page.screenshot({ path: `${SCREENS}/phone-plan-decisions.png` });

	for (const page of [a.page, phone.page]) expect(await seriousViolations(page)).toEqual([]);
	for (const { context } of [a, b, phone]) await context.close();
});
