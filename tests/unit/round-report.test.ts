import { readSheet } from 'read-excel-file/node';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import ReportAreaTable from '../../src/lib/components/report/ReportAreaTable.svelte';
import {
	buildRoundReport,
	confirmedText,
	datesText,
	hazardSummaryText,
	hazardText,
	signatureText,
	stateText,
	summaryText,
	type RoundReport
} from '../../src/lib/export/round-report.ts';
import {
	REPORT_COLUMNS,
	REPORT_PRINT_WIDTH_MM,
	REPORT_RULE_ALLOWANCE_MM,
	printColumns,
	reportTable,
	type ReportColumn
} from '../../src/lib/export/round-report-table.ts';
import {
	INFO_SHEET,
	ITEMS_SHEET,
	reportFileName,
	reportSheets,
	roundReportXlsx
} from '../../src/lib/export/round-report-xlsx.ts';
import {
	addItemPhoto,
	answerItem,
	initRound,
	readRound,
	setItemNote
} from '../../src/lib/model/inspection.ts';
import {
	roundLifecycle,
	signOffRound,
	signRound,
	submitRound,
	type LifecycleMember
} from '../../src/lib/model/round-lifecycle.ts';
import { roundTeam, setRoundTeam } from '../../src/lib/model/round-team.ts';
import type { MemberContext } from '../../src/lib/model/hazard-rules.ts';
import { moveHazard } from '../../src/lib/model/ledger.ts';
import { LedgerIndex } from '../../src/lib/model/ledger-index.ts';
import {
	linkHazardToItem,
	readItemHazardLinks,
	registerHazardFromItem
} from '../../src/lib/model/round-hazard.ts';
import { SEED_TEMPLATE } from '../../src/lib/model/templates.ts';
import { photoHash, syncAll } from './helpers.ts';
import { OWNERS, generalAffairs } from './ledger-helpers.ts';

// 2026-11-03 09:00 in China.
const T0 = Date.UTC(2026, 10, 3, 1, 0, 0);
const MIN = 60_000;
const DAY = 86_400_000;
const office: LifecycleMember = { id: 'm-office', name: '周主任', role: 'office' };
const carol: LifecycleMember = { id: 'm-carol', name: '黄春', role: 'inspector' };
const bob: LifecycleMember = { id: 'm-bob', name: '王晓华', role: 'inspector' };
const DRAWN = { width: 300, height: 150, strokes: [[10, 10, 50, 60, 90, 20]] };
/** 黄春 as the ledger's rules see her (an inspector acts for no department). */
const carolInLedger: MemberContext = { ...carol, deptIds: [] };

function newRound(): Y.Doc {
	const doc = new Y.Doc();
	initRound(doc, {
		id: 'round-1',
		title: '11月月度安全检查',
		month: '2026-11',
		template: SEED_TEMPLATE,
		actor: office,
		now: T0
	});
	return doc;
}

function itemIds(doc: Y.Doc): string[] {
	return readRound(doc)!.areas.flatMap((area) => area.items.map((item) => item.id));
}

/**
 * The round's report, its items' hazards read as the app reads them: the round's links, and each
 * hazard's view from an index over this device's copy of the ledger (null when it has none).
 */
function report(doc: Y.Doc, ledger: Y.Doc = new Y.Doc()): RoundReport {
	const links = readItemHazardLinks(doc);
	const index = new LedgerIndex(ledger);
	return buildRoundReport({
		school: '示范中学',
		round: readRound(doc)!,
		team: roundTeam(doc),
		lifecycle: roundLifecycle(doc),
		hazards: (itemId) => (links.get(itemId) ?? []).map((link) => ({ link, view: index.get(link.hazardId) }))
	});
}

const column = (id: string) => REPORT_COLUMNS.findIndex((c) => c.id === id);

describe('the round report', () => {
	it('lists every area and item in order with its result, note, who and when', () => {
		const doc = newRound();
		const ids = itemIds(doc);
		answerItem(doc, ids[0]!, 'pass', carol, T0 + MIN);
		answerItem(doc, ids[1]!, 'fail', carol, T0 + 2 * MIN);
		setItemNote(doc, ids[1]!, '东侧警示牌脱落\n需要更换', carol);
		addItemPhoto(doc, ids[1]!, photoHash(1), carol, 'phone', T0 + 3 * MIN);
		addItemPhoto(doc, ids[1]!, photoHash(2), carol, 'phone', T0 + 3 * MIN);
		answerItem(doc, ids[2]!, 'na', bob, T0 + DAY);
		// Answered, then cleared: unchecked again.
		answerItem(doc, ids[3]!, 'pass', bob, T0 + DAY);
		answerItem(doc, ids[3]!, null, bob, T0 + DAY + MIN);

		const r = report(doc);
		expect(r.areas.map((area) => `${area.numeral}${area.title}`)).toEqual([
			'（一）校舍及设施设备',
			'（二）食品卫生',
			'（三）消防安全',
			'（四）学生路途安全'
		]);
		expect(r.areas[2]!.items.map((item) => item.number)).toEqual([
			'3.1',
			'3.2',
			'3.3',
			'3.4',
			'3.5',
			'3.6',
			'3.7'
		]);
		expect(r.dates).toEqual({ from: '2026-11-03', to: '2026-11-04' });
		expect(datesText(r.dates)).toBe('2026-11-03 至 2026-11-04');
		expect(r.summary).toMatchObject({
			total: 18,
			answered: 3,
			pass: 1,
			fail: 1,
			na: 1,
			conflicts: 0,
			unchecked: 15
		});
		expect(summaryText(r.summary)).toBe('共 18 项，已检 3 项：合格 1，不合格 1，不适用 1，有分歧 0，未检 15');

		const table = reportTable(r);
		expect(table.header).toEqual([
			'检查区域',
			'序号',
			'检查项目',
			'检查结果',
			'情况说明',
			'检查人',
			'检查时间',
			'照片',
			'登记隐患'
		]);
		expect(table.rows).toHaveLength(18);
		expect(table.rows[0]).toEqual([
			'（一）校舍及设施设备',
			'1.1',
			'学校围墙及重点基础设施是否安全稳固',
			'合格',
			'',
			'黄春',
			'2026-11-03 09:01',
			0,
			''
		]);
		expect(table.rows[1]).toEqual([
			'（一）校舍及设施设备',
			'1.2',
			'围墙及重点基础设施的警示标志是否齐全完好',
			'不合格',
			'东侧警示牌脱落\n需要更换',
			'黄春',
			'2026-11-03 09:02',
			2,
			''
		]);
		expect(table.rows[2]?.[column('result')]).toBe('不适用');
		// A cleared answer and a never-answered item both read 未检, with nobody and no time.
		expect(table.rows[3]?.slice(column('result'))).toEqual(['未检', '', '', '', 0, '']);
		expect(table.rows[17]?.slice(0, 4)).toEqual([
			'（四）学生路途安全',
			'4.4',
			'是否落实向家长及学生预告通报路途安全的制度',
			'未检'
		]);
	});

	it('marks a conflict with both answers, names and times, and counts it apart', () => {
		const office1 = newRound();
		const phone = new Y.Doc();
		syncAll(office1, phone);
		const fire = itemIds(office1)[8]!; // 3.2 灭火器材
		// The inspector offline says 不合格; the office, without seeing it, 合格.
		answerItem(phone, fire, 'fail', carol, T0 + 10 * MIN);
		answerItem(office1, fire, 'pass', office, T0 + 12 * MIN);
		syncAll(office1, phone);

		const r = report(office1);
		const item = r.areas[2]!.items[1]!;
		expect(item).toMatchObject({ number: '3.2', result: 'conflict' });
		expect(item.answers).toEqual([
			{ value: 'fail', byName: '黄春', at: T0 + 10 * MIN },
			{ value: 'pass', byName: '周主任', at: T0 + 12 * MIN }
		]);
		expect(r.summary).toMatchObject({ answered: 0, conflicts: 1, unchecked: 17 });
		const row = reportTable(r).rows[8]!;
		expect(row[column('result')]).toBe('有分歧\n不合格：黄春\n合格：周主任');
		expect(row[column('by')]).toBe('黄春\n周主任');
		expect(row[column('at')]).toBe('2026-11-03 09:10\n2026-11-03 09:12');

		// Someone answers again having seen both: settled.
		answerItem(office1, fire, 'fail', office, T0 + 20 * MIN);
		const settled = report(office1).areas[2]!.items[1]!;
		expect(settled).toMatchObject({ result: 'fail', answers: [{ value: 'fail', byName: '周主任' }] });
	});

	it('names the team with their areas, the state and every signature', () => {
		const doc = newRound();
		const round = readRound(doc)!;
		setRoundTeam(
			doc,
			[
				{ id: carol.id, name: carol.name, areas: [round.areas[0]!.id, round.areas[2]!.id] },
				{ id: bob.id, name: bob.name }
			],
			office
		);
		let r = report(doc);
		expect(r.teamNamed).toBe(true);
		expect(r.inspectors).toEqual([
			{ name: '王晓华', areas: [] },
			{ name: '黄春', areas: ['（一）校舍及设施设备', '（三）消防安全'] }
		]);
		expect(r.areas[0]!.inspectors).toEqual(['黄春']);
		expect(r.areas[1]!.inspectors).toEqual([]);
		expect(r.state).toBe('open');
		expect(stateText(r)).toBe('检查中');
		expect(r.signatures).toEqual([]);

		// Both answer, so both sign (whoever the lifecycle takes as required, they are these two).
		const ids = itemIds(doc);
		answerItem(doc, ids[0]!, 'pass', carol, T0 + MIN);
		answerItem(doc, ids[4]!, 'pass', bob, T0 + 2 * MIN);
		submitRound(doc, carol, T0 + DAY);
		signRound(doc, carol, DRAWN, T0 + DAY + MIN);
		r = report(doc);
		expect(stateText(r)).toBe('已提交，待签字（黄春 2026-11-04 09:00）');
		expect(r.missing).toEqual(['王晓华']);
		signRound(doc, bob, { confirmedByName: true }, T0 + DAY + 2 * MIN);
		signOffRound(doc, office, T0 + DAY + 3 * MIN);
		r = report(doc);
		expect(r.state).toBe('signed_off');
		expect(stateText(r)).toBe('已签字确认（周主任 2026-11-04 09:03）');
		expect(r.missing).toEqual([]);
		expect(r.signatures).toEqual([
			{ name: '黄春', at: T0 + DAY + MIN, signature: DRAWN },
			{ name: '王晓华', at: T0 + DAY + 2 * MIN, signature: { confirmedByName: true } }
		]);
		expect(r.signatures.map(signatureText)).toEqual([
			'黄春 手写签名 2026-11-04 09:01',
			'已确认：王晓华 2026-11-04 09:02'
		]);
		expect(confirmedText(r.signatures[1]!)).toBe('已确认：王晓华 2026-11-04 09:02');
	});

	it('lists who answered when the round names no team, and says when nothing was checked', () => {
		const doc = newRound();
		expect(report(doc).dates).toBeNull();
		expect(datesText(report(doc).dates)).toBe('尚无检查记录');
		const ids = itemIds(doc);
		answerItem(doc, ids[5]!, 'pass', bob, T0 + 5 * MIN);
		answerItem(doc, ids[0]!, 'pass', carol, T0 + 6 * MIN);
		answerItem(doc, ids[1]!, 'pass', bob, T0 + 7 * MIN);
		const r = report(doc);
		expect(r.teamNamed).toBe(false);
		expect(r.inspectors).toEqual([
			{ name: '王晓华', areas: [] },
			{ name: '黄春', areas: [] }
		]);
	});

	it('takes one more column in one place, on paper and in the XLSX', () => {
		const r = report(newRound());
		const remark: ReportColumn = {
			id: 'remark',
			header: '备注',
			xlsxWidth: 16,
			printMm: 20,
			print: 'text',
			lines: (item) => (item.number === '1.1' ? ['复查时重点看'] : [])
		};
		const columns = [...REPORT_COLUMNS, remark];
		expect(reportTable(r, columns).rows[0]?.at(-1)).toBe('复查时重点看');
		const printed = printColumns(columns);
		expect(printed.at(-1)?.header).toBe('备注');
		// The printed columns still fill the page's width.
		expect(printed.reduce((sum, c) => sum + parseFloat(c.width), 0)).toBeCloseTo(
			REPORT_PRINT_WIDTH_MM - REPORT_RULE_ALLOWANCE_MM,
			1
		);
		expect(printColumns().map((c) => c.id)).not.toContain('area');
	});

	it('lists the hazards raised from each item with number and state, on paper and in the XLSX', async () => {
		const doc = newRound();
		const ledger = new Y.Doc();
		const ids = itemIds(doc);
		const [wall, fire] = [ids[1]!, ids[8]!]; // 1.2 警示标志, 3.2 灭火器材
		answerItem(doc, wall, 'fail', carol, T0 + MIN);
		answerItem(doc, fire, 'fail', carol, T0 + 2 * MIN);
		answerItem(doc, ids[0]!, 'pass', carol, T0 + 3 * MIN);
		const first = registerHazardFromItem(ledger, doc, wall, carolInLedger, 'C', { now: T0 + 4 * MIN });
		const second = registerHazardFromItem(ledger, doc, fire, carolInLedger, 'C', { now: T0 + 5 * MIN });
		// 总务处 starts on the extinguishers; the first hazard is linked to 3.2 as well.
		moveHazard(ledger, second.id, 'start', generalAffairs, OWNERS, { now: T0 + 6 * MIN });
		linkHazardToItem(ledger, doc, fire, first.id, carolInLedger, T0 + 7 * MIN);
		expect([first.number, second.number]).toEqual(['2026-11-C-001', '2026-11-C-002']);

		const r = report(doc, ledger);
		expect(r.areas[0]!.items[0]!.hazards).toEqual([]);
		expect(r.areas[0]!.items[1]!.hazards).toEqual([
			{ id: first.id, number: '2026-11-C-001', state: 'registered' }
		]);
		// Two hazards on one item, oldest link first.
		expect(r.areas[2]!.items[1]!.hazards).toEqual([
			{ id: second.id, number: '2026-11-C-002', state: 'rectifying' },
			{ id: first.id, number: '2026-11-C-001', state: 'registered' }
		]);
		// A hazard linked from two items counts once.
		expect(r.hazards).toMatchObject({ total: 2, unsynced: 0 });
		expect(hazardSummaryText(r.hazards)).toBe('共 2 条：已登记 1，整改中 1');

		const rows = reportTable(r).rows;
		expect(rows[0]?.[column('hazards')]).toBe('');
		expect(rows[1]?.[column('hazards')]).toBe('2026-11-C-001 已登记');
		expect(rows[8]?.[column('hazards')]).toBe('2026-11-C-002 整改中\n2026-11-C-001 已登记');

		// On paper: the area's table has the column, and each hazard its number and state.
		const { body } = render(ReportAreaTable, { props: { area: r.areas[2]!, onphoto: () => {} } });
		const row = body.split('data-testid="report-item"')[2] ?? '';
		expect(body).toMatch(/<th scope="col"[^>]*>登记隐患<\/th>/);
		expect(hazardsIn(row)).toEqual(['2026-11-C-002 整改中', '2026-11-C-001 已登记']);
		const wallRow = render(ReportAreaTable, { props: { area: r.areas[0]!, onphoto: () => {} } }).body.split(
			'data-testid="report-item"'
		);
		expect(hazardsIn(wallRow[1] ?? '')).toEqual([]);
		expect(hazardsIn(wallRow[2] ?? '')).toEqual(['2026-11-C-001 已登记']);

		// In the XLSX: the same text, and the count on the information sheet.
		const bytes = Buffer.from(await (await roundReportXlsx(r)).arrayBuffer());
		const items = await readSheet(bytes, ITEMS_SHEET);
		expect(items[1]?.[column('hazards')]).toBe('登记隐患');
		expect(items[2 + 1]?.[column('hazards')]).toBe('2026-11-C-001 已登记');
		expect(items[2 + 8]?.[column('hazards')]).toBe('2026-11-C-002 整改中\n2026-11-C-001 已登记');
		const info = await readSheet(bytes, INFO_SHEET);
		expect(info.find((line) => line[0] === '登记隐患')?.[1]).toBe('共 2 条：已登记 1，整改中 1');
	});

	it('prints a hazard not yet on this device by its number, 状态未同步, never a blank', () => {
		// An inspector's phone registers a hazard; the office's device has the round's change but
		// not yet the ledger's.
		const office1 = newRound();
		const phone = new Y.Doc();
		syncAll(office1, phone);
		const fire = itemIds(phone)[8]!;
		answerItem(phone, fire, 'fail', carol, T0 + MIN);
		const phoneLedger = new Y.Doc();
		const hazard = registerHazardFromItem(phoneLedger, phone, fire, carolInLedger, 'D', {
			now: T0 + 2 * MIN
		});
		syncAll(office1, phone);

		const officeLedger = new Y.Doc();
		let r = report(office1, officeLedger);
		expect(r.areas[2]!.items[1]!.hazards).toEqual([{ id: hazard.id, number: '2026-11-D-001', state: null }]);
		expect(reportTable(r).rows[8]?.[column('hazards')]).toBe('2026-11-D-001 状态未同步');
		expect(hazardSummaryText(r.hazards)).toBe('共 1 条：状态未同步 1');
		const { body } = render(ReportAreaTable, { props: { area: r.areas[2]!, onphoto: () => {} } });
		expect(hazardsIn(body.split('data-testid="report-item"')[2] ?? '')).toEqual(['2026-11-D-001 状态未同步']);
		// A link that somehow holds no number still says a hazard is there.
		expect(hazardText({ id: hazard.id, number: '', state: null })).toBe('隐患（未同步）');

		// The ledger arrives: its state prints.
		syncAll(officeLedger, phoneLedger);
		r = report(office1, officeLedger);
		expect(reportTable(r).rows[8]?.[column('hazards')]).toBe('2026-11-D-001 已登记');
		expect(hazardSummaryText(r.hazards)).toBe('共 1 条：已登记 1');
	});

	it('fills A4 portrait with its printed columns as given, none squeezed by scaling', () => {
		// The widths are chosen for the page (round-report-table.ts): they add up to its width, and
		// paper gets them as they are, less a hair for the table's outer rules.
		const total = REPORT_COLUMNS.reduce((sum, c) => sum + (c.printMm ?? 0), 0);
		expect(total).toBe(REPORT_PRINT_WIDTH_MM);
		for (const column of printColumns())
			expect(Math.abs(parseFloat(column.width) - (column.printMm ?? 0))).toBeLessThan(0.1);
		expect(printColumns().map((c) => c.id)).toEqual([
			'number',
			'item',
			'result',
			'note',
			'by',
			'at',
			'photos',
			'hazards'
		]);
	});

	it('writes an XLSX whose two sheets read back as the items and the round information', async () => {
		const doc = newRound();
		const ids = itemIds(doc);
		answerItem(doc, ids[0]!, 'fail', carol, T0 + MIN);
		setItemNote(doc, ids[0]!, '=HYPERLINK("x")', carol);
		submitRound(doc, office, T0 + DAY);
		signRound(doc, carol, { confirmedByName: true }, T0 + DAY + MIN);
		const r = report(doc);
		expect(reportFileName(r)).toBe('巡检-2026-11-示范中学.xlsx');
		expect(reportFileName({ ...r, school: '示范 中学/一校' })).toBe('巡检-2026-11-示范_中学_一校.xlsx');
		expect(reportSheets(r).map((sheet) => sheet.sheet)).toEqual([ITEMS_SHEET, INFO_SHEET]);

		const bytes = Buffer.from(await (await roundReportXlsx(r)).arrayBuffer());
		const items = await readSheet(bytes, ITEMS_SHEET);
		expect(items[0]?.[0]).toBe('示范中学学校安全隐患排查登记表（2026年11月）');
		expect(items[1]).toEqual(REPORT_COLUMNS.map((c) => c.header));
		expect(items).toHaveLength(2 + 18);
		expect(items[2]).toEqual([
			'（一）校舍及设施设备',
			'1.1',
			'学校围墙及重点基础设施是否安全稳固',
			'不合格',
			'=HYPERLINK("x")',
			'黄春',
			'2026-11-03 09:01',
			0,
			null
		]);
		const info = await readSheet(bytes, INFO_SHEET);
		const field = (label: string) => info.find((row) => row[0] === label)?.[1];
		expect(field('学校名称')).toBe('示范中学');
		expect(field('检查名称')).toBe('11月月度安全检查');
		expect(field('检查日期')).toBe('2026-11-03');
		expect(field('检查结果汇总')).toBe('共 18 项，已检 1 项：合格 0，不合格 1，不适用 0，有分歧 0，未检 17');
		expect(field('登记隐患')).toBe('本轮未登记隐患');
		expect(field('状态')).toBe('已提交，待签字（周主任 2026-11-04 09:00）');
		expect(field('签字')).toBe('已确认：黄春 2026-11-04 09:01');
	});
});

/** The hazards a printed row names, as its text reads (number and state), from the rendered HTML. */
function hazardsIn(rowHtml: string): string[] {
	const cell = /<td class="hazards[^"]*">(.*?)<\/td>/s.exec(rowHtml)?.[1] ?? '';
	return cell
		.split('data-testid="report-hazard"')
		.slice(1)
		.map((part) =>
			part
				// The split leaves the rest of this span's opening tag and the start of the next one's.
				.replace(/^[^>]*>|<[^>]*$/g, '')
				.replace(/<!--.*?-->|<[^>]*>/gs, '')
				.replace(/\s+/g, ' ')
				.trim()
		);
}
