import type { SheetData } from 'write-excel-file/universal';
import { bodyRow, fileNamePart, headerRow, titleRow, writeXlsx } from './xlsx.ts';

/** One change of the log as the export writes it: already worded in the reader's language. */
export interface ChangeLogRow {
	at: string;
	who: string;
	what: string;
}

export interface ChangeLogHeading {
	/** "隐患台账变更记录" */
	title: string;
	/** The three column names: time, person, change. */
	columns: [string, string, string];
}

/** The change log of a period as a sheet: a title, the header, one row per change. */
export function changeLogSheet(rows: readonly ChangeLogRow[], heading: ChangeLogHeading): SheetData {
	return [
		titleRow(heading.title, 3),
		headerRow(heading.columns),
		...rows.map((row) => bodyRow([row.at, row.who, row.what]))
	];
}

/** The audit export for the bureau: the change log of a period as XLSX. */
export function changeLogXlsx(rows: readonly ChangeLogRow[], heading: ChangeLogHeading): Promise<Blob> {
	return writeXlsx([
		{
			data: changeLogSheet(rows, heading),
			sheet: '变更记录',
			columns: [{ width: 20 }, { width: 12 }, { width: 80 }],
			stickyRowsCount: 2
		}
	]);
}

/** `<title>-<from>-<to>.xlsx`, without characters that file systems refuse. */
export function changeLogFileName(title: string, from: string, to: string): string {
	const period = [from, to].filter(Boolean).join('_');
	return `${fileNamePart(title)}${period ? `-${fileNamePart(period)}` : ''}.xlsx`;
}
