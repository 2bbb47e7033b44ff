import type { Page } from '@playwright/test';
import type * as Y from 'yjs';
import { moveHazard, registerHazard } from '../../src/lib/model/ledger.ts';
import { HomePage } from './pages/home-page.ts';
import { PHONE } from './support/devices.ts';
import { DocClient } from './support/doc-client.ts';
import { expect, test } from './support/fixtures.ts';
import type { ServerProcess } from './support/server.ts';

/**
 * 违规记录: an inspector's hand-made client tries to downgrade a 重大 hazard and to close it in the
 * office director's name; the server refuses both, and keeps (marked 已保留) a department head's
 * start on a hazard not his department's. The office reads them on /violations, in Chinese, with
 * the names, on a phone and on a desktop, reached from 设置.
 */
async function attempts(server: ServerProcess): Promise<{ office: string }> {
	const office = await server.member('office', '周尹尹');
	const { token: huang } = await server.member('inspector', '黄春');
	const ledger = await DocClient.open(server, 'ledger', office.token);
	let id = '';
	let number = '';
	await ledger.write((doc) => {
		({ id, number } = registerHazard(
			doc,
			{ place: '东门围墙', description: '围墙开裂', domain: 'safe-campus', level: '重大' },
			{ id: office.memberId, name: '周尹尹', role: 'office', deptIds: ['office'] },
			'Z'
		));
	});
	ledger.close();
	const rec = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('hazards').get(id)!;
	const tries: ((doc: Y.Doc) => void)[] = [
		(doc) => rec(doc).set('level', '一般'),
		(doc) =>
			(rec(doc).get('log') as Y.Array<unknown>).push([
				{
					id: 'forged',
					from: 'registered',
					to: 'rectifying',
					by: office.memberId,
					byName: '周尹尹',
					at: Date.now(),
					comment: '',
					photos: [],
					deadline: null
				}
			])
	];
	for (const change of tries) {
		const attacker = await DocClient.open(server, 'ledger', huang);
		await attacker.write(change);
		attacker.close();
	}
	// A department head whose department the duty board does not make responsible starts
	// rectifying: a conflict an offline device may cause honestly, so it is kept, and recorded.
	const { token: liu, memberId: liuId } = await server.member('dept', '刘处长');
	const head = await DocClient.open(server, 'ledger', liu);
	// His device believes he heads 安保处, which owns the domain; the duty board says nothing of him.
	const believed = { id: liuId, name: '刘处长', role: 'dept' as const, deptIds: ['security'] };
	const owners = new Map([['safe-campus', ['security']]]);
	await head.write((doc) => moveHazard(doc, id, 'start', believed, owners, { now: Date.now() }));
	head.close();
	await expect
		.poll(async () => {
			const response = await fetch(`${server.url}/api/violations`, {
				headers: { authorization: `Bearer ${office.token}` }
			});
			return ((await response.json()) as { violations: unknown[] }).violations.length;
		})
		.toBe(3);
	expect(number).not.toBe('');
	return { office: office.token };
}

async function expectList(page: Page): Promise<void> {
	const rows = page.getByTestId('violation');
	await expect(rows).toHaveCount(3);
	await expect(rows.nth(0)).toContainText('已保留 刘处长 对不归本部门负责的隐患记录了“开始整改”');
	await expect(rows.nth(1)).toContainText('黄春 试图以“周尹尹”的名义记录隐患处理步骤');
	await expect(rows.nth(1)).toContainText('隐患台账');
	await expect(rows.nth(2)).toContainText('黄春 试图修改隐患的隐患等级，其角色无权修改');
	await expect(rows.nth(1).getByTestId('violation-kept')).toHaveCount(0);
}

test('the office reads the refused attempts on 违规记录, from 设置, on a phone and a desktop', async ({
	browser,
	server
}) => {
	const { office } = await attempts(server);
	const desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
	const page = await desktop.newPage();
	await new HomePage(page).signIn(server.url, office);
	await page.goto(`${server.url}/settings`);
	await page.getByTestId('violations-link').click();
	await expect(page.getByRole('heading', { name: '违规记录' })).toBeVisible();
	await expectList(page);
	await page.screenshot({ path: test.info().outputPath('violations-desktop.png'), fullPage: true });
	await desktop.close();

	const phone = await browser.newContext(PHONE);
	const mobile = await phone.newPage();
	await new HomePage(mobile).signIn(server.url, office);
	await mobile.goto(`${server.url}/violations`);
	await expectList(mobile);
	await mobile.screenshot({ path: test.info().outputPath('violations-phone.png'), fullPage: true });
	await phone.close();
});
