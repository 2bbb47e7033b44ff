import type { Row, Sheet } from 'write-excel-file/universal';
import {
	REPORT_TITLE,
	REPORT_WORDS as W,
	datesText,
	hazardSummaryText,
	inspectorText,
	signatureText,
	stateText,
	summaryText,
	type RoundReport
} from './round-report.ts';
import { REPORT_COLUMNS, reportTable, type ReportColumn } from './round-report-table.ts';
import { bodyCell, bodyRow, fileNamePart, headerRow, labelCell, titleRow, writeXlsx } from './xlsx.ts';

/**
 * A round's report as an XLSX: the items table (检查记录: area, item, result, note, who, when,
 * photo count, hazards raised), and the round's information (检查信息: school, dates, team,
 * summary, hazards raised, state and signatures, as text). Built as data, so tests can read it
 * without writing a file.
 */
export const ITEMS_SHEET = '检查记录';
export const INFO_SHEET = '检查信息';

export function reportTitle(report: RoundReport): string {
	return `${report.school}${REPORT_TITLE}（${report.monthLabel}）`;
}

export function reportSheets(
	report: RoundReport,
	columns: readonly ReportColumn[] = REPORT_COLUMNS
): Sheet<Blob>[] {
	const table = reportTable(report, columns);
	const items: Sheet<Blob> = {
		sheet: ITEMS_SHEET,
		data: [
			titleRow(reportTitle(report), table.header.length),
			headerRow(table.header),
			...table.rows.map(bodyRow)
		],
		columns: columns.map((column) => ({ width: column.xlsxWidth })),
		stickyRowsCount: 2,
		orientation: 'landscape'
	};
	const line = (label: string, value: string): Row => [labelCell(label), bodyCell(value)];
	const info: Sheet<Blob> = {
		sheet: INFO_SHEET,
		data: [
			titleRow(reportTitle(report), 2),
			line(W.school, report.school),
			line(W.title, report.title),
			line(W.month, report.monthLabel),
			line(W.dates, datesText(report.dates)),
			line(report.teamNamed ? W.team : W.teamFromAnswers, report.inspectors.map(inspectorText).join('\n')),
			line(W.summary, summaryText(report.summary)),
			line(W.hazards, hazardSummaryText(report.hazards)),
			line(W.state, stateText(report)),
			line(W.signatures, report.signatures.map(signatureText).join('\n')),
			...(report.missing.length > 0 ? [line(W.missing, report.missing.join('、'))] : [])
		],
		columns: [{ width: 16 }, { width: 70 }]
	};
	return [items, info];
}

/** The XLSX file, written by write-excel-file (loaded on first use). */
export function roundReportXlsx(report: RoundReport): Promise<Blob> {
	return writeXlsx(reportSheets(report));
}

/** `巡检-2026-11-<school>.xlsx`, without characters that file systems refuse. */
export function reportFileName(report: RoundReport): string {
	return `巡检-${report.month}-${fileNamePart(report.school)}.xlsx`;
}
