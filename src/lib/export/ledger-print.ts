import type { LedgerColumn, LedgerTable } from '../model/hazard-export.ts';
import { pageStyle, printableWidth } from './print-page.ts';

/**
 * The A4 print form of the ledger (学校安全隐患排查治理台账): its words, and its columns. Twenty-three
 * columns do not fit an A4 landscape page at a legible size, so related ones share a printed column
 * (排查时间 with 排查人, the re-inspection's who, when and result …), each value on its own line;
 * every field of the XLSX is still on paper. The words are the bureau's form, not interface text:
 * they do not follow the app's language.
 */
export const PRINT_TITLE = '学校安全隐患排查治理台账';

export const PRINT_WORDS = {
	school: '学校名称',
	period: '排查时段',
	total: '共计',
	entries: '条',
	preparer: '填表人',
	reviewer: '审核人',
	date: '日期',
	dateBlank: '年　　月　　日',
	none: '本期无隐患记录'
} as const;

/** The printable width of an A4 landscape page with 12 mm margins: 297 − 2 × 12. */
const PRINT_WIDTH_MM = printableWidth('landscape', 12);
/** The table's width, as CSS. */
export const PRINT_WIDTH = `${PRINT_WIDTH_MM}mm`;

/** The printed page: A4 landscape, 12 mm margins, 第 1 页，共 3 页 at the foot. */
export const PAGE_STYLE = pageStyle('landscape', 12);

interface PrintColumn {
	/** The ledger columns this printed column shows, one per line. */
	columns: readonly LedgerColumn[];
	/** Relative width. */
	weight: number;
	/** Kept on one line (hazard numbers: a number broken at a hyphen reads as two). */
	nowrap?: boolean;
}

export const PRINT_COLUMNS: readonly PrintColumn[] = [
	{ columns: ['序号'], weight: 6 },
	{ columns: ['隐患编号'], weight: 20, nowrap: true },
	{ columns: ['排查时间', '排查人'], weight: 18 },
	{ columns: ['隐患地点'], weight: 14 },
	{ columns: ['隐患描述'], weight: 26 },
	{ columns: ['隐患类别', '隐患等级'], weight: 15 },
	{ columns: ['整改措施'], weight: 19 },
	{ columns: ['临时防范措施'], weight: 14 },
	{ columns: ['责任部门', '责任人'], weight: 16 },
	{ columns: ['整改期限', '整改资金（元）'], weight: 18 },
	{ columns: ['整改情况'], weight: 16 },
	{ columns: ['复查人', '复查时间', '复查结果'], weight: 18 },
	{ columns: ['未整改原因'], weight: 12 },
	{ columns: ['销号时间'], weight: 16 },
	{ columns: ['状态'], weight: 12 },
	{ columns: ['重大隐患上报'], weight: 18 },
	{ columns: ['备注'], weight: 10 }
];

export interface PrintTable {
	/**
	 * Each printed column's header lines and its width as CSS, in millimetres (they add up to
	 * `PRINT_WIDTH`: Chromium sizes percentage columns from the screen's width when printing).
	 */
	header: { lines: readonly string[]; width: string; nowrap: boolean }[];
	/** Each row's cells, each cell its non-empty lines. */
	rows: string[][][];
}

/** The ledger's rows (hazard-export.ts `ledgerRows`) laid out in the printed columns. */
export function printTable(table: LedgerTable): PrintTable {
	const at = new Map(table.header.map((column, i) => [column, i]));
	const total = PRINT_COLUMNS.reduce((sum, column) => sum + column.weight, 0);
	return {
		header: PRINT_COLUMNS.map((column) => ({
			lines: column.columns,
			width: `${Math.round((column.weight / total) * PRINT_WIDTH_MM * 10) / 10}mm`,
			nowrap: column.nowrap === true
		})),
		rows: table.rows.map((row) =>
			PRINT_COLUMNS.map((column) =>
				column.columns.map((name) => row[at.get(name) ?? -1] ?? '').filter((value) => value !== '')
			)
		)
	};
}
