import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { expect, test } from './support/fixtures.ts';
import { WORKSPACE } from './support/server.ts';
import { AppNav } from './pages/app-nav.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';

/** A sync `update` message that renames a round, followed by a stored-ack request: raw bytes. */
function forgedRenameFrames(): number[][] {
	const doc = new Y.Doc();
	doc.getMap('round').set('title', '被篡改的标题');
	const update = encoding.createEncoder();
	encoding.writeVarUint(update, 0); // sync
	encoding.writeVarUint(update, 2); // update
	encoding.writeVarUint8Array(update, Y.encodeStateAsUpdate(doc));
	const ack = encoding.createEncoder();
	encoding.writeVarUint(ack, 100);
	encoding.writeVarUint(ack, 7);
	return [Array.from(encoding.toUint8Array(update)), Array.from(encoding.toUint8Array(ack))];
}

test('a leader invites an inspector by link; a viewer watches live, read-only, and cannot force a write', async ({
	browser,
	server
}) => {
	const leaderContext = await browser.newContext();
	const officeContext = await browser.newContext();
	const inspectorContext = await browser.newContext();
	const viewerContext = await browser.newContext();
	const leader = await leaderContext.newPage();
	const office = await officeContext.newPage();
	const inspector = await inspectorContext.newPage();
	const viewer = await viewerContext.newPage();

	// The leader signs in with the first start's link and makes an inspector invite.
	await new HomePage(leader).signIn(server.url, server.leaderToken);
	await expect(leader.getByTestId('me')).toContainText('王晓芳 · 领导小组');
	// Leaders read rounds; the office runs them.
	await expect(leader.getByTestId('new-round')).toHaveCount(0);
	await new HomePage(office).signIn(server.url, await server.token('office', '周尹尹'));
	const roundId = await new HomePage(office).createRound('2026年12月 月度安全检查');
	await new AppNav(leader).go('设置');
	await leader.getByLabel('角色').selectOption('inspector');
	await leader.getByRole('button', { name: '生成邀请链接' }).click();
	const link = await leader.getByTestId('invite-link').inputValue();
	expect(link).toMatch(/\/join\/\w+$/);

	// The inspector opens the link on their phone, gives a name, and is in.
	await inspector.goto(link);
	await inspector.getByLabel('你的姓名').fill('黄春');
	await inspector.getByRole('button', { name: '加入' }).click();
	await expect(inspector.getByTestId('me')).toContainText('黄春 · 检查员');
	await expect(inspector.getByTestId('new-round')).toHaveCount(0);

	// The invite is single use: a second opener is told so before giving a name.
	const late = await browser.newContext();
	const latePage = await late.newPage();
	await latePage.goto(link);
	await expect(latePage.getByTestId('join-error')).toContainText('已被使用');
	await expect(latePage.getByLabel('你的姓名')).toHaveCount(0);
	await late.close();

	// A viewer (an auditor) opens the same round.
	await new HomePage(viewer).signIn(server.url, await server.token('viewer', '教育局审计'));
	await viewer.goto(`${server.url}/rounds/${roundId}`);
	const viewerRound = new RoundPage(viewer);
	await viewerRound.waitForChecklist();
	await expect(viewer.getByTestId('readonly')).toBeVisible();
	const readOnlyButton = viewerRound.item(0).locator('button[data-answer="pass"]');
	await expect(readOnlyButton).toBeDisabled();
	// Read-only buttons must not look live: dashed, grey, no pointer.
	await expect(readOnlyButton).toHaveCSS('border-top-style', 'dashed');
	await expect(readOnlyButton).toHaveCSS('cursor', 'not-allowed');

	// The inspector fills the round; the viewer sees it live.
	await new HomePage(inspector).openRound('2026年12月 月度安全检查');
	const inspectorRound = new RoundPage(inspector);
	await inspectorRound.waitForChecklist();
	await inspectorRound.answer(0, 'pass');
	await inspectorRound.answer(1, 'fail');
	await inspectorRound.answer(2, 'na');
	await viewerRound.expectAnswer(0, 'pass');
	await viewerRound.expectAnswer(1, 'fail');
	await viewerRound.expectAnswer(2, 'na');
	await expect(viewer.getByTestId('last-changed')).toContainText('黄春');
	await expect(viewer.getByTestId('presence-peer').filter({ hasText: '黄春' })).toHaveCount(1);

	// A write forced from the viewer's browser, with its own token, is refused by the server.
	const token = await viewer.evaluate(
		() => (JSON.parse(localStorage.getItem('xiaoan:session') ?? '{}') as { token?: string }).token ?? ''
	);
	const status = await viewer.evaluate(
		async ({ url, frames }) => {
			const ws = new WebSocket(url);
			ws.binaryType = 'arraybuffer';
			return await new Promise<number>((resolve, reject) => {
				ws.onopen = () => frames.forEach((frame) => ws.send(new Uint8Array(frame)));
				ws.onmessage = (event: MessageEvent<ArrayBuffer>) => {
					const bytes = new Uint8Array(event.data);
					if (bytes[0] === 100 && bytes[1] === 7) resolve(bytes[2] ?? -1);
				};
				ws.onclose = (event) => reject(new Error(`closed ${event.code}`));
				setTimeout(() => reject(new Error('no answer')), 10_000);
			});
		},
		{
			url: `${server.url.replace('http', 'ws')}/sync/${WORKSPACE}/inspection/${roundId}?token=${token}`,
			frames: forgedRenameFrames()
		}
	);
	expect(status).toBe(1); // StoredStatus.refused
	await inspector.reload();
	await inspectorRound.waitForChecklist();
	await expect(inspector.getByTestId('round-title')).toHaveText('2026年12月 月度安全检查');
	await inspectorRound.expectAnswer(1, 'fail');

	// Home shows who else has the app open, with their role.
	await leader.goto(`${server.url}/`);
	await expect(leader.getByTestId('presence-peer').filter({ hasText: '黄春' })).toContainText('检查员');

	// The change log names who wrote the round.
	await inspector.getByRole('link', { name: '变更记录' }).click();
	await expect(inspector.getByTestId('change').first()).toContainText('黄春');

	for (const context of [leaderContext, officeContext, inspectorContext, viewerContext])
		await context.close();
});

test('a revoked member is told so and stops syncing, and keeps what is on the device', async ({
	browser,
	server
}) => {
	const leaderContext = await browser.newContext();
	const inspectorContext = await browser.newContext();
	const leader = await leaderContext.newPage();
	const inspector = await inspectorContext.newPage();

	const officeContext = await browser.newContext();
	const office = await officeContext.newPage();
	await new HomePage(office).signIn(server.url, await server.token('office', '王晓华'));
	const roundId = await new HomePage(office).createRound('宿舍安全检查');
	await officeContext.close();
	await new HomePage(leader).signIn(server.url, server.leaderToken);
	await new HomePage(inspector).signIn(server.url, await server.token('inspector', '尹仙菊'));
	await inspector.goto(`${server.url}/rounds/${roundId}`);
	const round = new RoundPage(inspector);
	await round.waitForChecklist();
	await round.answer(0, 'pass');
	await round.expectSynced();

	await leader.goto(`${server.url}/settings`);
	leader.once('dialog', (dialog) => void dialog.accept());
	await leader
		.getByTestId('member')
		.filter({ hasText: '尹仙菊' })
		.getByRole('button', { name: '撤销访问' })
		.click();
	await expect(leader.getByTestId('member').filter({ hasText: '尹仙菊' })).toContainText('已撤销');

	await expect(inspector.getByTestId('session-problem')).toContainText('撤销');
	await round.expectAnswer(0, 'pass');
	await leaderContext.close();
	await inspectorContext.close();
});

test('an expired token is renewed without a reload, and the device syncs again', async ({
	browser,
	server
}) => {
	const officeContext = await browser.newContext();
	const office = await officeContext.newPage();
	await new HomePage(office).signIn(server.url, await server.token('office', '周尹尹'));
	const roundId = await new HomePage(office).createRound('寒假前安全检查');
	await officeContext.close();

	// An inspector whose token lives three seconds, on a device whose clock believes it has weeks
	// left (so it does not renew ahead of time): the server is the one to say "expired".
	const { memberId, token } = await server.member('inspector', '侯海林', 3 / 86_400);
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.goto(`${server.url}/`);
	await page.evaluate(
		({ token, memberId }) =>
			localStorage.setItem(
				'xiaoan:session',
				JSON.stringify({
					token,
					expiresAt: Date.now() + 20 * 86_400_000,
					member: { id: memberId, name: '侯海林', role: 'inspector' },
					workspace: { id: 'demo', name: '示范学校' }
				})
			),
		{ token, memberId }
	);
	await new Promise((resolve) => setTimeout(resolve, 3_500));

	let loads = 0;
	page.on('load', () => loads++);
	await page.goto(`${server.url}/rounds/${roundId}`);
	const round = new RoundPage(page);
	await round.waitForChecklist();
	await round.answer(0, 'pass');
	await round.expectSynced();
	const renewed = await page.evaluate(
		() => (JSON.parse(localStorage.getItem('xiaoan:session') ?? '{}') as { token?: string }).token
	);
	expect(renewed).not.toBe(token);
	await expect(page.getByTestId('session-problem')).toHaveCount(0);
	expect(loads).toBe(1);
	await context.close();
});
