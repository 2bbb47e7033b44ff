import type { SheetData, SheetOptions } from 'write-excel-file/universal';
import type { LedgerColumn, LedgerTable } from '../model/hazard-export.ts';
import { bodyRow, fileNamePart, headerRow, titleRow, writeXlsx } from './xlsx.ts';

export { XLSX_TYPE } from './xlsx.ts';

/**
 * The ledger's files for the education bureau, built around `ledgerRows` (hazard-export.ts), so the
 * XLSX, the CSV and the print view show the same rows in the same words. Pure: no Svelte, no DOM;
 * the XLSX writer is loaded on demand, so the app shell does not carry it.
 */

/** The form's name (隐患排查治理台账), after the school's. */
export const LEDGER_TITLE = '隐患排查治理台账';

/** What the file's title row says: whose ledger, for which period. */
export interface LedgerHeading {
	school: string;
	/** As printed: 2026年11月, 2026年秋季学期. */
	period: string;
}

export function ledgerTitle(heading: LedgerHeading): string {
	return `${heading.school}${LEDGER_TITLE}（${heading.period}）`;
}

/** Column widths in characters (a CJK character counts about two), for the XLSX. */
export const COLUMN_WIDTHS: Readonly<Record<LedgerColumn, number>> = {
	序号: 6,
	隐患编号: 16,
	排查时间: 12,
	隐患地点: 18,
	排查人: 10,
	隐患描述: 36,
	隐患类别: 16,
	隐患等级: 10,
	整改措施: 30,
	责任部门: 14,
	责任人: 10,
	整改期限: 12,
	'整改资金（元）': 12,
	临时防范措施: 24,
	整改情况: 28,
	复查人: 10,
	复查时间: 12,
	复查结果: 20,
	未整改原因: 22,
	销号时间: 12,
	状态: 12,
	重大隐患上报: 22,
	备注: 20
};

export const CSV_TYPE = 'text/csv;charset=utf-8';

/** A byte order mark: Excel as sold in China reads a CSV without one as GBK and garbles it. */
const BOM = '\uFEFF';

/**
 * The table as CSV (RFC 4180): CRLF line ends, a field quoted when it holds a quote, comma, CR or
 * LF (quotes doubled), and a UTF-8 BOM first. A field that a spreadsheet would take for a formula
 * (starting with = + - @ or a tab or CR) gets a leading apostrophe, so an exported description can
 * never run as a formula on the office's computer.
 */
export function ledgerCsv(table: LedgerTable): string {
	const lines = [table.header, ...table.rows].map((row) => row.map(csvField).join(','));
	return `${BOM}${lines.join('\r\n')}\r\n`;
}

function csvField(value: string): string {
	const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The sheet the XLSX holds: a title row across every column (school, form, period), the header row
 * in bold, then one row per hazard; every cell wraps and has a thin border, the two top rows stay
 * frozen, the page is landscape. Returned as data so tests can look at it without writing a file.
 */
export function ledgerSheet(
	table: LedgerTable,
	heading: LedgerHeading
): { data: SheetData; options: SheetOptions<Blob> } {
	return {
		data: [
			titleRow(ledgerTitle(heading), table.header.length),
			headerRow(table.header),
			...table.rows.map(bodyRow)
		],
		options: {
			sheet: '隐患台账',
			columns: table.header.map((column) => ({ width: COLUMN_WIDTHS[column] })),
			stickyRowsCount: 2,
			orientation: 'landscape'
		}
	};
}

/** The XLSX file, written by write-excel-file (loaded on first use). */
export async function ledgerXlsx(table: LedgerTable, heading: LedgerHeading): Promise<Blob> {
	const { data, options } = ledgerSheet(table, heading);
	return writeXlsx([{ data, ...options }]);
}

/** `<school>隐患排查治理台账-<period>.<ext>`, without characters that file systems refuse. */
export function ledgerFileName(heading: LedgerHeading, extension: 'xlsx' | 'csv'): string {
	return `${fileNamePart(heading.school)}${LEDGER_TITLE}-${fileNamePart(heading.period)}.${extension}`;
}
