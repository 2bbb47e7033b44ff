import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { readSheet } from 'read-excel-file/node';
import type * as Y from 'yjs';
import { expect, test } from './support/fixtures.ts';
import { DocClient } from './support/doc-client.ts';
import { HomePage } from './pages/home-page.ts';
import { RoundPage } from './pages/round-page.ts';
import { inspectionDocument } from '../../src/lib/model/documents.ts';
import { answerItem, readRound } from '../../src/lib/model/inspection.ts';
import type { LifecycleMember } from '../../src/lib/model/round-lifecycle.ts';
import { submitRound } from '../../src/lib/model/round-lifecycle.ts';

const OUTPUT = path.join(import.meta.dirname, '..', '.output', 'change-log');

function labels(doc: Y.Doc): { id: string; label: string }[] {
	return readRound(doc)!.areas.flatMap((area, a) =>
		area.items.map((item, i) => ({ id: item.id, label: `${a + 1}.${i + 1} ${item.text}` }))
	);
}

test('a round’s change log reads as sentences naming who did what, filters by person and exports for the bureau', async ({
	browser,
	server
}, testInfo) => {
	test.setTimeout(180_000);
	mkdirSync(OUTPUT, { recursive: true });
	const officeMember = await server.member('office', '周尹尹');
	const carolMember = await server.member('inspector', '黄春');
	const bobMember = await server.member('inspector', '王晓华');
	const carol: LifecycleMember = { id: carolMember.memberId, name: '黄春', role: 'inspector' };
	const bob: LifecycleMember = { id: bobMember.memberId, name: '王晓华', role: 'inspector' };

	const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
	const page = await desk.newPage();
	await new HomePage(page).signIn(server.url, officeMember.token);
	const roundId = await new HomePage(page).createRound('11月检查');
	await new RoundPage(page).waitForChecklist();

	// The inspectors answer from their own devices (here, from Node, as their phones would).
	const name = inspectionDocument(roundId);
	const carolDoc = await DocClient.open(server, name, carolMember.token);
	const bobDoc = await DocClient.open(server, name, bobMember.token);
	const items = labels(carolDoc.doc);
	await carolDoc.write((doc) => answerItem(doc, items[8]!.id, 'fail', carol));
	await bobDoc.write((doc) => answerItem(doc, items[0]!.id, 'pass', bob));
	await carolDoc.write((doc) => submitRound(doc, carol));

	// 变更记录 from the round's page.
	await page.getByRole('link', { name: '变更记录' }).click();
	const list = page.getByTestId('change-list');
	const lines = list.getByTestId('change');
	await expect(lines).toHaveCount(4);
	// Newest first, in the order the server stored them (two phones' changes may cross on the way).
	await expect(lines.nth(3)).toHaveText(/^周尹尹 创建了检查“11月检查” /);
	// Each line: the sentence, the time, and 此时的状态 (the round just after that change).
	await expect(lines.nth(3).getByTestId('change-as-of')).toHaveText('此时的状态');
	const said = (await lines.allTextContents()).map((line) =>
		line.replace(/\s*\d+月\d+日 \d+:\d+\s*此时的状态$/, '')
	);
	expect(said.slice(0, 3).sort()).toEqual(
		[
			'黄春 提交了检查',
			`王晓华 将 ${items[0]!.label} 标为 合格`,
			`黄春 将 ${items[8]!.label} 标为 不合格`
		].sort()
	);
	expect(said.indexOf('黄春 提交了检查')).toBeLessThan(
		said.indexOf(`黄春 将 ${items[8]!.label} 标为 不合格`)
	);
	await testInfo.attach('change-log', {
		body: await page.screenshot({ fullPage: true }),
		contentType: 'image/png'
	});
	await page.screenshot({ path: path.join(OUTPUT, 'change-log-desk.png'), fullPage: true });

	// Only 黄春's changes.
	await page.getByTestId('filter-member').selectOption({ label: '黄春' });
	await expect(lines).toHaveCount(2);
	await expect(list).not.toContainText('王晓华');

	// The export for the bureau: the filtered log as XLSX, read back.
	const download = page.waitForEvent('download');
	await page.getByTestId('changes-export').click();
	const file = path.join(OUTPUT, 'change-log.xlsx');
	await (await download).saveAs(file);
	const rows = await readSheet(file);
	expect(rows[0]?.[0]).toBe('检查记录变更记录');
	expect(rows[1]).toEqual(['时间', '人员', '变更']);
	expect(rows.slice(2).map((row) => [row[1], row[2]])).toEqual([
		['黄春', '提交了检查'],
		['黄春', `将 ${items[8]!.label} 标为 不合格`]
	]);
	expect(String(rows[2]?.[0])).toMatch(/\d+月\d+日 \d+:\d+/);

	// Dates with no change: a clear line, not an empty page.
	await page.getByTestId('filter-member').selectOption({ label: '所有人' });
	await page.getByTestId('filter-to').fill('2020-01-01');
	await page.getByTestId('filter-to').dispatchEvent('change');
	await expect(page.getByTestId('changes-none')).toBeVisible();

	// On a phone it reads the same.
	const phone = await browser.newContext({
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
	const phonePage = await phone.newPage();
	await new HomePage(phonePage).signIn(server.url, carolMember.token);
	await phonePage.goto(`${server.url}/changes/${name}`);
	await expect(phonePage.getByTestId('change')).toHaveCount(4);
	await phonePage.screenshot({ path: path.join(OUTPUT, 'change-log-phone.png'), fullPage: true });
	await phone.close();
	carolDoc.close();
	bobDoc.close();
	await desk.close();
});
