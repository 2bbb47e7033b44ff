import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readSheet } from 'read-excel-file/node';
import type * as Y from 'yjs';
import { expect, test } from './support/fixtures.ts';
import { seriousViolations } from './support/axe.ts';
import { DocClient } from './support/doc-client.ts';
import { WORKSPACE } from './support/server.ts';
import { HomePage } from './pages/home-page.ts';
import { PHONE, cameraPhoto } from './pages/photos.ts';
import { RoundPage } from './pages/round-page.ts';
import { RoundReportPage } from './pages/round-report-page.ts';
import { REPORT_COLUMNS } from '../../src/lib/export/round-report-table.ts';
import { inspectionDocument } from '../../src/lib/model/documents.ts';
import { addItemPhoto, answerItem, readRound, setItemNote } from '../../src/lib/model/inspection.ts';
import {
	lifecycleState,
	roundLifecycle,
	signOffRound,
	signRound,
	submitRound,
	type LifecycleMember
} from '../../src/lib/model/round-lifecycle.ts';
import { setRoundTeam } from '../../src/lib/model/round-team.ts';
import { setMemberDepts } from '../../src/lib/model/duty.ts';
import { SEED_DOMAINS } from '../../src/lib/model/duty-seed.ts';
import { moveHazard } from '../../src/lib/model/ledger.ts';
import { registerHazardFromItem } from '../../src/lib/model/round-hazard.ts';

const OUTPUT = path.join(import.meta.dirname, '..', '.output', 'round-report');
const TITLE = '2026年11月 月度安全检查';
/** A few strokes, as the signature pad stores them (signature.ts). */
const DRAWN = {
	width: 300,
	height: 120,
	strokes: [
		[20, 80, 40, 30, 60, 85, 75, 35],
		[110, 30, 110, 90],
		[150, 60, 180, 35, 210, 80, 260, 40]
	]
};

function items(doc: Y.Doc): string[] {
	return readRound(doc)!.areas.flatMap((area) => area.items.map((item) => item.id));
}

test('a round prints as the 登记表 with conflicts, photos, hazards and signatures, and downloads as an XLSX that reads back', async ({
	browser,
	server
}, testInfo) => {
	test.setTimeout(240_000);
	mkdirSync(OUTPUT, { recursive: true });
	const shot = async (name: string, body: Buffer) =>
		testInfo.attach(name, { body, contentType: 'image/png' });

	const officeMember = await server.member('office', '周尹尹');
	const carolMember = await server.member('inspector', '黄春');
	const bobMember = await server.member('inspector', '王晓华');
	const office: LifecycleMember = { id: officeMember.memberId, name: '周尹尹', role: 'office' };
	const carol: LifecycleMember = { id: carolMember.memberId, name: '黄春', role: 'inspector' };
	const bob: LifecycleMember = { id: bobMember.memberId, name: '王晓华', role: 'inspector' };
	// 张强 heads 总务处, an owner of 校舍设施安全管理 (where 校舍及设施设备 maps).
	const headMember = await server.member('dept', '张强');
	const head = { id: headMember.memberId, name: '张强', role: 'dept', deptIds: ['general-affairs'] } as const;
	const duty = await DocClient.open(server, 'duty', officeMember.token);
	await duty.write((doc) => setMemberDepts(doc, head.id, [...head.deptIds], office));
	duty.close();

	const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const page = await desk.newPage();
	await new HomePage(page).signIn(server.url, officeMember.token);
	const roundId = await new HomePage(page).createRound(TITLE);
	await new RoundPage(page).waitForChecklist();

	// One photo on the server, another that the phone which took it has not uploaded yet.
	const photo = await cameraPhoto(page, { width: 800, height: 600, seed: 3 });
	const uploaded = createHash('sha256').update(photo.buffer).digest('hex');
	const put = await page.request.put(`${server.url}/api/blobs/${WORKSPACE}/${uploaded}`, {
		headers: { authorization: `Bearer ${carolMember.token}`, 'content-type': 'image/jpeg' },
		data: photo.buffer
	});
	expect(put.ok()).toBe(true);
	const notUploaded = 'ab'.repeat(32);

	// The office names the team; the inspectors check from their phones (here, from Node).
	const name = inspectionDocument(roundId);
	const officeDoc = await DocClient.open(server, name, officeMember.token);
	const carolDoc = await DocClient.open(server, name, carolMember.token);
	const bobDoc = await DocClient.open(server, name, bobMember.token);
	const ids = items(officeDoc.doc);
	const areas = readRound(officeDoc.doc)!.areas.map((area) => area.id);
	await officeDoc.write((doc) =>
		setRoundTeam(
			doc,
			[
				{ id: carol.id, name: carol.name, areas: [areas[0]!, areas[2]!] },
				{ id: bob.id, name: bob.name, areas: [areas[1]!, areas[3]!] }
			],
			office
		)
	);
	await carolDoc.write((doc) => {
		answerItem(doc, ids[0]!, 'pass', carol);
		answerItem(doc, ids[1]!, 'fail', carol);
		setItemNote(doc, ids[1]!, '东侧围墙警示牌脱落，需要重新安装', carol);
		addItemPhoto(doc, ids[1]!, uploaded, carol, 'phone');
		addItemPhoto(doc, ids[1]!, notUploaded, carol, 'phone');
	});
	await bobDoc.write((doc) => answerItem(doc, ids[4]!, 'na', bob));
	// 3.2 灭火器材: 黄春 offline says 不合格, 王晓华 online 合格; both come together.
	const offline = carolDoc.offlineCopy();
	answerItem(offline, ids[8]!, 'fail', carol);
	// A millisecond later at least: answers in one millisecond would be ordered by their random ids.
	await bobDoc.write((doc) => answerItem(doc, ids[8]!, 'pass', bob, Date.now() + 1));
	await carolDoc.merge(offline);
	// 1.2 has a hazard: 黄春 registers it from the item (the round's link and the ledger's entry).
	const carolLedger = await DocClient.open(server, 'ledger', carolMember.token);
	let hazard = { id: '', number: '' };
	await carolLedger.write((ledger) => {
		const view = registerHazardFromItem(ledger, carolDoc.doc, ids[1]!, { ...carol, deptIds: [] }, 'E');
		hazard = { id: view.id, number: view.number };
	});
	await carolDoc.write(() => {});
	carolLedger.close();
	expect(hazard.number).toMatch(/^\d{4}-\d{2}-E-001$/);

	// The round page's 打印 / 导出 toolbar opens the print view.
	const report = new RoundReportPage(page);
	await report.openFromRound();
	const sheet = report.sheet;
	await expect(page.getByTestId('report-school')).toHaveText('示范学校');
	await expect(page.getByTestId('report-title')).toHaveText(TITLE);
	await expect(page.getByTestId('report-team')).toContainText('黄春：（一）校舍及设施设备、（三）消防安全');
	await expect(page.getByTestId('report-team')).toContainText('王晓华：（二）食品卫生、（四）学生路途安全');
	await expect(sheet.getByTestId('report-area')).toHaveCount(4);
	await expect(sheet.getByTestId('report-item')).toHaveCount(18);
	await expect(report.item('3.2')).toHaveAttribute('data-result', 'conflict');
	await expect(report.item('3.2')).toContainText('有分歧');
	await expect(report.item('3.2')).toContainText('不合格：黄春');
	await expect(report.item('3.2')).toContainText('合格：王晓华');
	await expect(report.item('1.2')).toContainText('不合格');
	await expect(report.item('1.2')).toContainText('东侧围墙警示牌脱落');
	await expect(report.item('4.4')).toContainText('未检');
	await expect(page.getByTestId('report-summary')).toHaveText(
		'共 18 项，已检 3 项：合格 1，不合格 1，不适用 1，有分歧 1，未检 14'
	);
	await expect(page.getByTestId('report-state')).toHaveText('检查中');
	// The hazard raised from 1.2: its number and state in the row, counted in the header.
	await expect(report.hazards('1.2')).toHaveText([`${hazard.number} 已登记`]);
	await expect(report.hazards('1.1')).toHaveCount(0);
	await expect(page.getByTestId('report-hazards')).toHaveText('共 1 条：已登记 1');
	// 总务处 starts rectifying it: the printed row follows without a reload.
	const headLedger = await DocClient.open(server, 'ledger', headMember.token);
	await headLedger.write((ledger) =>
		moveHazard(ledger, hazard.id, 'start', head, new Map(SEED_DOMAINS.map((d) => [d.id, d.owners])), {
			comment: '已联系维修'
		})
	);
	headLedger.close();
	await expect(report.hazards('1.2')).toHaveText([`${hazard.number} 整改中`]);
	await expect(page.getByTestId('report-hazards')).toHaveText('共 1 条：整改中 1');
	// The uploaded photo shows; the other prints as a placeholder, and the screen says so.
	await expect(report.photos('1.2').nth(0)).toHaveAttribute('data-state', 'ready');
	await expect(report.photos('1.2').nth(1)).toHaveText('照片待上传');
	await expect(page.getByTestId('report-photos-pending')).toContainText('还有 1 张照片未显示');
	expect(await seriousViolations(page)).toEqual([]);
	await page.screenshot({ path: path.join(OUTPUT, 'desktop-open.png'), fullPage: true });
	await shot('desktop-open', await sheet.screenshot({ path: path.join(OUTPUT, 'sheet-open.png') }));

	// On a phone, the same view.
	const phone = await browser.newContext(PHONE);
	const phonePage = await phone.newPage();
	await new HomePage(phonePage).signIn(server.url, carolMember.token);
	await phonePage.goto(`${server.url}/rounds/${roundId}`);
	await new RoundPage(phonePage).waitForChecklist();
	await shot('phone-round', await phonePage.screenshot({ path: path.join(OUTPUT, 'phone-round.png') }));
	const phoneReport = new RoundReportPage(phonePage);
	// The round page's toolbar downloads the XLSX itself too.
	const fromRound = await phoneReport.downloadXlsx();
	expect(fromRound.suggestedFilename()).toMatch(/^巡检-\d{4}-\d{2}-示范学校\.xlsx$/);
	const phoneRows = await readSheet(readFileSync(await fromRound.path()), '检查记录');
	expect(phoneRows[2 + 8]?.[REPORT_COLUMNS.findIndex((column) => column.id === 'result')]).toBe(
		'有分歧\n不合格：黄春\n合格：王晓华'
	);
	expect(phoneRows[2 + 1]?.[REPORT_COLUMNS.findIndex((column) => column.id === 'hazards')]).toContain(
		hazard.number
	);
	await phoneReport.openFromRound();
	await expect(phoneReport.item('3.2')).toContainText('有分歧');
	// The A4 page scrolls sideways inside its preview; the app's page itself does not.
	expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await shot('phone', await phonePage.screenshot({ path: path.join(OUTPUT, 'phone.png'), fullPage: true }));
	await phone.close();

	// Settled by 黄春, who saw both; submitted, signed by hand and by name, signed off: live.
	// Each writer first waits until its copy holds what the move builds on.
	await expect.poll(() => readRound(carolDoc.doc)!.progress.conflicts).toBe(1);
	await carolDoc.write((doc) => answerItem(doc, ids[8]!, 'fail', carol));
	await carolDoc.write((doc) => submitRound(doc, carol));
	await carolDoc.write((doc) => signRound(doc, carol, DRAWN));
	await expect.poll(() => lifecycleState(bobDoc.doc)).toBe('submitted');
	await bobDoc.write((doc) => signRound(doc, bob, { confirmedByName: true }));
	await expect(page.getByTestId('report-state')).toContainText('已提交，待签字');
	await expect.poll(() => roundLifecycle(officeDoc.doc).signatures.length).toBe(2);
	await officeDoc.write((doc) => signOffRound(doc, office));
	await expect(page.getByTestId('report-state')).toContainText('已签字确认（周尹尹 ');
	await expect(report.item('3.2')).toHaveAttribute('data-result', 'fail');
	const signatures = sheet.getByTestId('report-signature');
	await expect(signatures).toHaveCount(2);
	await expect(signatures.nth(0)).toContainText('黄春');
	await expect(signatures.nth(0).locator('svg path')).toHaveCount(3);
	await expect(signatures.nth(1)).toHaveText(/^已确认：王晓华 \d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
	await expect(sheet.getByTestId('report-signed-off')).toContainText('签字确认：周尹尹');

	// On paper: A4, no navigation, no buttons, no notice about the photo.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByTestId('side-nav')).toBeHidden();
	await expect(page.getByTestId('round-report-tools')).toBeHidden();
	await expect(page.getByTestId('report-photos-pending')).toBeHidden();
	await shot('print', await page.screenshot({ path: path.join(OUTPUT, 'print.png'), fullPage: true }));
	// At the width A4 leaves inside its margins (186 mm at 96 px per inch), as the printer lays
	// the columns out (round-report.pdf is the paper itself).
	await page.setViewportSize({ width: 703, height: 1000 });
	await shot('print-a4', await page.screenshot({ path: path.join(OUTPUT, 'print-a4.png'), fullPage: true }));
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.pdf({ path: path.join(OUTPUT, 'round-report.pdf'), preferCSSPageSize: true });
	await page.emulateMedia({ media: 'screen' });

	// The XLSX: the items, and the round's information with the signatures as text.
	const xlsx = await report.downloadXlsx();
	expect(xlsx.suggestedFilename()).toMatch(/^巡检-\d{4}-\d{2}-示范学校\.xlsx$/);
	const file = path.join(OUTPUT, 'round-report.xlsx');
	await xlsx.saveAs(file);
	const bytes = readFileSync(file);
	const rows = await readSheet(bytes, '检查记录');
	const [year, month] = readRound(officeDoc.doc)!.month.split('-').map(Number);
	expect(rows[0]?.[0]).toBe(`示范学校学校安全隐患排查登记表（${year}年${month}月）`);
	expect(rows[1]).toEqual(REPORT_COLUMNS.map((column) => column.header));
	expect(rows).toHaveLength(2 + 18);
	const col = (id: string) => REPORT_COLUMNS.findIndex((column) => column.id === id);
	expect(rows[3]?.slice(0, 5)).toEqual([
		'（一）校舍及设施设备',
		'1.2',
		'围墙及重点基础设施的警示标志是否齐全完好',
		'不合格',
		'东侧围墙警示牌脱落，需要重新安装'
	]);
	expect(rows[3]?.[col('by')]).toBe('黄春');
	expect(rows[3]?.[col('photos')]).toBe(2);
	expect(rows[3]?.[col('hazards')]).toBe(`${hazard.number} 整改中`);
	expect(rows[2]?.[col('hazards')]).toBeNull();
	expect(rows[2 + 8]?.[col('result')]).toBe('不合格');
	expect(rows[2 + 17]?.[col('result')]).toBe('未检');
	const info = await readSheet(bytes, '检查信息');
	const field = (label: string) => String(info.find((row) => row[0] === label)?.[1] ?? '');
	expect(field('学校名称')).toBe('示范学校');
	expect(field('检查人员')).toContain('黄春：（一）校舍及设施设备、（三）消防安全');
	expect(field('登记隐患')).toBe('共 1 条：整改中 1');
	expect(field('状态')).toMatch(/^已签字确认（周尹尹 /);
	expect(field('签字')).toMatch(/^黄春 手写签名 .+\n已确认：王晓华 /);

	for (const client of [officeDoc, carolDoc, bobDoc]) client.close();
	await desk.close();
});
