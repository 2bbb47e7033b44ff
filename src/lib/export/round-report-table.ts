import { chinaDateTime } from '../model/time.ts';
import { printableWidth } from './print-page.ts';
import {
	RESULT_WORDS,
	hazardText,
	type ReportArea,
	type ReportItem,
	type RoundReport
} from './round-report.ts';

/**
 * The items table of a round's report: one list of columns that both the XLSX and the print view
 * read, so a column added here (as the hazards raised from an item were: one entry below and a
 * `hazards` field on `ReportItem`, filled in `buildRoundReport`) appears in both.
 */
export type PrintKind =
	/** The lines, one under another. */
	| 'text'
	/** The result, coloured; 有分歧 marked, with each side's answer under it. */
	| 'result'
	/** The photos as thumbnails (the XLSX has their count). */
	| 'photos'
	/** One hazard a line: its number, unbroken, then its state (where the cell wraps it). */
	| 'hazards';

export interface ReportColumn {
	id: string;
	header: string;
	/** The XLSX column's width in characters (a CJK character counts about two). */
	xlsxWidth: number;
	/** Width on paper in millimetres; null for the XLSX only (on paper each area heads its table). */
	printMm: number | null;
	print: PrintKind;
	/** The cell as lines of text; the XLSX joins them with line breaks. */
	lines: (item: ReportItem, area: ReportArea) => string[];
	/** The XLSX value where it is not the lines joined (a count, as a number). */
	xlsx?: (item: ReportItem, area: ReportArea) => string | number;
}

/**
 * The page: A4 portrait, 12 mm margins; the printed columns add up to its width (186 mm). Widths
 * at 9 pt: a CJK character takes about 3.2 mm, a digit 1.6 mm, a cell's padding 2 mm. So 序号 9,
 * 不合格：黄春 22, a three-character name 12, a date 19, two 15 mm thumbnails side by side 36
 * (each with its 1 mm gap), a hazard number (2026-11-C-007) 24 with its state on the line under
 * it; the item and the note, which wrap anyway, share the rest.
 */
export const REPORT_PAGE = { orientation: 'portrait', marginMm: 12 } as const;
export const REPORT_PRINT_WIDTH_MM = printableWidth(REPORT_PAGE.orientation, REPORT_PAGE.marginMm);
/** The sheet's width, as CSS. */
export const REPORT_PRINT_WIDTH = `${REPORT_PRINT_WIDTH_MM}mm`;

/** `合格：黄春` for each side of a disagreement, under 有分歧. */
function resultLines(item: ReportItem): string[] {
	if (item.result !== 'conflict') return [RESULT_WORDS[item.result]];
	return [
		RESULT_WORDS.conflict,
		...item.answers.map((answer) => `${RESULT_WORDS[answer.value]}：${answer.byName}`)
	];
}

const lines = (text: string) => (text === '' ? [] : text.split(/\r?\n/));

export const REPORT_COLUMNS: readonly ReportColumn[] = [
	{
		id: 'area',
		header: '检查区域',
		xlsxWidth: 20,
		printMm: null,
		print: 'text',
		lines: (_, area) => [`${area.numeral}${area.title}`]
	},
	{ id: 'number', header: '序号', xlsxWidth: 6, printMm: 9, print: 'text', lines: (item) => [item.number] },
	{ id: 'item', header: '检查项目', xlsxWidth: 36, printMm: 33, print: 'text', lines: (item) => [item.text] },
	{ id: 'result', header: '检查结果', xlsxWidth: 16, printMm: 22, print: 'result', lines: resultLines },
	{
		id: 'note',
		header: '情况说明',
		xlsxWidth: 36,
		printMm: 31,
		print: 'text',
		lines: (item) => lines(item.note)
	},
	{
		id: 'by',
		header: '检查人',
		xlsxWidth: 10,
		printMm: 12,
		print: 'text',
		lines: (item) => item.answers.map((answer) => answer.byName)
	},
	{
		id: 'at',
		header: '检查时间',
		xlsxWidth: 17,
		printMm: 19,
		print: 'text',
		lines: (item) => item.answers.map((answer) => chinaDateTime(answer.at))
	},
	{
		id: 'photos',
		header: '照片',
		xlsxWidth: 6,
		printMm: 36,
		print: 'photos',
		lines: (item) => (item.photos.length === 0 ? [] : [`${item.photos.length} 张`]),
		xlsx: (item) => item.photos.length
	},
	{
		id: 'hazards',
		header: '登记隐患',
		xlsxWidth: 24,
		printMm: 24,
		print: 'hazards',
		lines: (item) => item.hazards.map(hazardText)
	}
];

export interface ReportTable {
	header: string[];
	/** One row per item, area by area, in the columns' order. */
	rows: (string | number)[][];
}

/** The items table as the XLSX holds it: every column, one row per item. */
export function reportTable(
	report: RoundReport,
	columns: readonly ReportColumn[] = REPORT_COLUMNS
): ReportTable {
	return {
		header: columns.map((column) => column.header),
		rows: report.areas.flatMap((area) =>
			area.items.map((item) =>
				columns.map((column) => column.xlsx?.(item, area) ?? column.lines(item, area).join('\n'))
			)
		)
	};
}

/**
 * Room kept for the tables' outer rules (0.5 pt): collapsed borders stick out by half their width,
 * and the page cut the right-hand rule's outer half off. On paper the sheet is inset by half of
 * this each side (RoundReportSheet), and the columns add up to the rest.
 */
export const REPORT_RULE_ALLOWANCE_MM = 0.4;
/** The sheet's inset each side on paper, as CSS. */
export const REPORT_RULE_INSET = `${REPORT_RULE_ALLOWANCE_MM / 2}mm`;

/**
 * The columns on paper, each with its width as CSS, in millimetres (Chromium sizes percentage
 * columns from the screen's width when printing; see ledger-print.ts): together the page's width,
 * less the outer rules' allowance.
 */
export function printColumns(
	columns: readonly ReportColumn[] = REPORT_COLUMNS
): (ReportColumn & { width: string })[] {
	const printed = columns.filter((column) => column.printMm !== null);
	const total = printed.reduce((sum, column) => sum + (column.printMm ?? 0), 0);
	const scale = (REPORT_PRINT_WIDTH_MM - REPORT_RULE_ALLOWANCE_MM) / total;
	return printed.map((column) => ({
		...column,
		width: `${Math.round((column.printMm ?? 0) * scale * 100) / 100}mm`
	}));
}
