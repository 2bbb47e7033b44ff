import { unzipSync, strFromU8 } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	COLUMN_WIDTHS,
	ledgerCsv,
	ledgerFileName,
	ledgerSheet,
	ledgerTitle,
	ledgerXlsx
} from '../../src/lib/export/ledger-export.ts';
import {
	monthPeriod,
	periodFromQuery,
	semesterOf,
	semesterPeriod
} from '../../src/lib/export/ledger-period.ts';
import { PRINT_COLUMNS, printTable } from '../../src/lib/export/ledger-print.ts';
import { SEED_DEPARTMENTS, SEED_DOMAINS } from '../../src/lib/model/duty-seed.ts';
import { LEDGER_COLUMNS, exportNames, ledgerRows } from '../../src/lib/model/hazard-export.ts';
import { listHazards, moveHazard, registerHazard } from '../../src/lib/model/ledger.ts';
import { DAY, OWNERS, T0, generalAffairs, inspector, office } from './ledger-helpers.ts';

const NAMES = exportNames(
	SEED_DEPARTMENTS.map((dept, order) => ({ ...dept, order })),
	SEED_DOMAINS.map((domain, order) => ({ ...domain, order, lead: null }))
);
const HEADING = { school: '示范中学', period: '2026年11月' };

/** Two hazards: one plain, one whose text needs every kind of CSV quoting, moved along the loop. */
function table() {
	const doc = new Y.Doc();
	registerHazard(
		doc,
		{ place: '食堂后厨', description: '燃气管道老化', domain: 'food-hygiene', deadline: '2026-11-20' },
		inspector,
		'C',
		T0
	);
	const tricky = registerHazard(
		doc,
		{
			place: '教学楼, 东侧',
			description: '通道堆放"杂物"\n影响疏散',
			domain: 'food-hygiene',
			level: '重大',
			remarks: '=HYPERLINK("x")',
			funds: 1200
		},
		inspector,
		'C',
		T0 + DAY
	);
	moveHazard(doc, tricky.id, 'start', generalAffairs, OWNERS, { now: T0 + 2 * DAY });
	moveHazard(doc, tricky.id, 'submit', generalAffairs, OWNERS, {
		now: T0 + 3 * DAY,
		comment: '已清理'
	});
	moveHazard(doc, tricky.id, 'pass', office, OWNERS, { now: T0 + 4 * DAY, comment: '复查合格' });
	const views = listHazards(doc).sort((a, b) => a.foundAt - b.foundAt);
	return ledgerRows(views, NAMES, T0 + 5 * DAY);
}

describe('the ledger as CSV', () => {
	it('starts with a BOM, has the Chinese header, CRLF lines and RFC 4180 quoting', () => {
		const csv = ledgerCsv(table());
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe(LEDGER_COLUMNS.join(','));
		expect(lines[0]).toContain('序号,隐患编号,排查时间,隐患地点');
		expect(lines[1]).toMatch(/^1,2026-11-C-001,2026-11-03,食堂后厨,李明,燃气管道老化,/);
		expect(csv.endsWith('\r\n')).toBe(true);
		// The second row's description holds a line break, so it spans two physical lines.
		expect(csv).toContain('"教学楼, 东侧"');
		expect(csv).toContain('"通道堆放""杂物""\n影响疏散"');
		expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
		expect(csv).toContain('1200.00');
	});

	it('reads back to the same cells with an RFC 4180 parser', () => {
		const data = table();
		expect(parseCsv(ledgerCsv(data).slice(1))).toEqual([
			data.header,
			...data.rows.map((row) => row.map((cell) => (cell.startsWith('=') ? `'${cell}` : cell)))
		]);
	});
});

describe('the ledger as XLSX', () => {
	it('reads back: title row, Chinese header, every cell', async () => {
		const data = table();
		const blob = await ledgerXlsx(data, HEADING);
		const bytes = new Uint8Array(await blob.arrayBuffer());
		const sheet = await readSheet(Buffer.from(bytes));
		expect(sheet[0]?.[0]).toBe('示范中学隐患排查治理台账（2026年11月）');
		expect(sheet[1]).toEqual([...LEDGER_COLUMNS]);
		expect(sheet.slice(2).map((row) => row.map((cell) => (cell === null ? '' : String(cell))))).toEqual(
			data.rows
		);
	});

	it('has a bold header, column widths, wrapped text, frozen top rows and a landscape page', async () => {
		const data = table();
		const { data: rows, options } = ledgerSheet(data, HEADING);
		expect(options).toMatchObject({ stickyRowsCount: 2, orientation: 'landscape' });
		expect(options.columns?.map((c) => c.width)).toEqual(LEDGER_COLUMNS.map((c) => COLUMN_WIDTHS[c]));
		expect(rows[1]).toEqual(LEDGER_COLUMNS.map(() => expect.objectContaining({ fontWeight: 'bold' })));

		const files = unzipSync(new Uint8Array(await (await ledgerXlsx(data, HEADING)).arrayBuffer()));
		const sheetXml = strFromU8(files['xl/worksheets/sheet1.xml']!);
		const styles = strFromU8(files['xl/styles.xml']!);
		expect(sheetXml).toMatch(/<pane [^>]*ySplit="2"[^>]*state="frozen"/);
		expect(sheetXml).toMatch(/<col [^>]*width="36"/);
		expect(sheetXml).toContain('<mergeCell ref="A1:W1"');
		expect(sheetXml).toMatch(/orientation="landscape"/);
		expect(styles).toContain('<b/>');
		expect(styles).toContain('wrapText="1"');
	});
});

describe('the ledger on A4', () => {
	it('prints every column of the XLSX, related ones sharing a printed column, widths adding up to the page', () => {
		expect(PRINT_COLUMNS.flatMap((column) => column.columns).sort()).toEqual([...LEDGER_COLUMNS].sort());
		const data = table();
		const printed = printTable(data);
		const total = printed.header.reduce((sum, column) => sum + parseFloat(column.width), 0);
		expect(total).toBeCloseTo(273, 0);
		expect(printed.header[2]?.lines).toEqual(['排查时间', '排查人']);
		expect(printed.rows[1]?.[2]).toEqual([data.rows[1]![2], data.rows[1]![4]]);
		// Empty values leave no blank line.
		expect(printed.rows[0]?.[11]).toEqual([]);
	});
});

describe('titles, file names and periods', () => {
	it('names the school, the form and the period', () => {
		expect(ledgerTitle(HEADING)).toBe('示范中学隐患排查治理台账（2026年11月）');
		expect(ledgerFileName({ school: '示范 中学/一校', period: '2026年秋季学期' }, 'xlsx')).toBe(
			'示范_中学_一校隐患排查治理台账-2026年秋季学期.xlsx'
		);
	});

	it('reads a month or a semester from the URL, else this month in China', () => {
		expect(monthPeriod('2026-02')).toMatchObject({
			label: '2026年2月',
			from: '2026-02-01',
			to: '2026-02-28'
		});
		expect(semesterPeriod('2026-autumn')).toMatchObject({
			label: '2026年秋季学期',
			filter: { foundFrom: '2026-09-01', foundTo: '2027-01-31' }
		});
		expect(semesterPeriod('2027-spring')).toMatchObject({ from: '2027-02-01', to: '2027-08-31' });
		expect(semesterOf('2027-01')).toBe('2026-autumn');
		expect(semesterOf('2027-03')).toBe('2027-spring');
		const now = Date.UTC(2026, 9, 31, 17); // 1 November, 01:00 in China
		expect(periodFromQuery(new URLSearchParams(''), now).key).toBe('2026-11');
		expect(periodFromQuery(new URLSearchParams('month=2026-13'), now).key).toBe('2026-11');
		expect(periodFromQuery(new URLSearchParams('semester=2026-autumn'), now).kind).toBe('semester');
	});
});

/** A small RFC 4180 reader, independent of the writer. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') quoted = false;
			else field += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else field += c;
	}
	return rows;
}
