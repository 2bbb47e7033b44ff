import type { CellObject, Row, Sheet } from 'write-excel-file/universal';

/**
 * What every XLSX this app writes for the bureau shares (the ledger's, a round's report): a title
 * row across the columns, a header row in bold on grey, wrapped body cells with thin borders, and
 * the writer itself, loaded on first use so the app shell does not carry it.
 */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BORDER = { borderStyle: 'thin', borderColor: '#000000' } as const;

/** One bold, centred title across `width` columns. */
export function titleRow(text: string, width: number): Row {
	return [
		{
			value: text,
			columnSpan: width,
			fontWeight: 'bold',
			fontSize: 16,
			align: 'center',
			alignVertical: 'center',
			height: 32
		},
		...Array.from({ length: width - 1 }, () => null)
	];
}

/** A table's header: bold, centred, on light grey, bordered. */
export function headerRow(names: readonly string[]): Row {
	return names.map((value) => ({
		value,
		fontWeight: 'bold',
		align: 'center',
		alignVertical: 'center',
		wrap: true,
		backgroundColor: '#F2F2F2',
		...BORDER
	}));
}

/** A body row: text (line breaks kept) or numbers, top-aligned, wrapped, bordered. */
export function bodyRow(values: readonly (string | number)[]): Row {
	return values.map((value) => bodyCell(value));
}

export function bodyCell(value: string | number, style: Omit<CellObject, 'value' | 'type'> = {}): CellObject {
	const typed: CellObject =
		typeof value === 'number' ? { value, type: Number } : { value, type: String, wrap: true };
	return { ...typed, alignVertical: 'top', ...BORDER, ...style };
}

/** A label cell of a header block (学校名称, 检查日期 …): bold on grey, bordered. */
export function labelCell(value: string): CellObject {
	return { value, type: String, fontWeight: 'bold', backgroundColor: '#F2F2F2', wrap: true, ...BORDER };
}

/** Writes the sheets with write-excel-file, loaded on first use, in 宋体 10 as the bureau's forms are. */
export async function writeXlsx(sheets: Sheet<Blob>[]): Promise<Blob> {
	const { default: writeXlsxFile } = await import('write-excel-file/universal');
	return writeXlsxFile(sheets, { fontFamily: '宋体', fontSize: 10 }).toBlob();
}

/** Text for a file name, without characters that file systems refuse, at most 60 characters. */
export function fileNamePart(text: string): string {
	return text.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
}
